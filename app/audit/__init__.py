"""Append-only audit log: who did what, for whom, under which authority, through which channel."""
