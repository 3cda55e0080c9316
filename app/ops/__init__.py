"""Operator tools (backups, audit verification, migrations): command-line adapters over the domain."""
