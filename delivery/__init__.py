"""Delivery: funded proposals as projects in the area programmes, and how far they have come."""
