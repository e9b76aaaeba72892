"""Accounts: users, roles, sessions, passwords and the login throttle."""
