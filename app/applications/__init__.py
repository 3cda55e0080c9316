"""Online applications (申请): drafts saved answer by answer, submit once, follow the status."""
