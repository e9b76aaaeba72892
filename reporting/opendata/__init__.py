"""Open data: the read-only JSON API and CSV downloads, with nothing personal in them."""
