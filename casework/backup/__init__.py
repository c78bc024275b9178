"""Backups of an installation: its database and, in a place of their own, its key files."""
