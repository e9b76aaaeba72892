"""Results: counting a closed round in the background, certification, export and recount."""
