"""Helpers for the browser journeys: accessibility checks and mail reading."""
