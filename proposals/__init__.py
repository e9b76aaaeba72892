"""Proposals: residents' ideas for a budget round, their versions and their review."""
