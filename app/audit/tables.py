"""Audit chain table: one row per event, never updated or deleted by the application."""

from piccolo.columns import Integer, Serial, Text, Varchar
from piccolo.table import Table

from app.db import DB


class AuditEvent(Table, tablename="audit_event", db=DB):
    """An administrative change, linked to its parent by hash."""

    id: Serial
    height = Integer(unique=True, help_text="Position in the chain, starting at 1.")
    parent_hash = Varchar(length=64)
    hash = Varchar(length=64, unique=True)
    created_at = Varchar(length=40, help_text="UTC time as ISO-8601 text, part of the hash.")
    actor = Varchar(length=200, help_text="Who acted: 'user:ID', 'cli' or 'system'.")
    action = Varchar(length=100, index=True)
    subject = Varchar(length=200, index=True)
    payload = Text(help_text="Canonical JSON of what changed; never passwords, tokens or ballots.")
    payload_hash = Varchar(length=64)
