"""Audit chain: an append-only, hash-chained log of every administrative change."""
