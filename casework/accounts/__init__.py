"""Staff accounts: users of member organisations, their roles, passwords and tokens."""
