"""定点提醒: reminders computed from the data (age milestones from the eligibility rules, 补正 returns,
delegations about to end) to an in-app inbox and through an SMS sender seam, each once, with an
opt-out per kind. Domain only (see ``service``)."""
