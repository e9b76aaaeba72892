"""Shared test support: a throw-away PostgreSQL cluster and HTTP helpers."""
