"""Deliberation: supports, comments, moderation and meetings around proposals."""
