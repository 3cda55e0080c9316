"""主动发现 for staff: batch runs over the database or an imported residents CSV that list potential
beneficiaries per service (the eligibility matcher's reasons), and the contacts community agents
make with them. Domain only; staff role checked here; every read audited (see ``service``)."""
