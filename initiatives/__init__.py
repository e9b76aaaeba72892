"""Residents' initiatives: applications for (co)financing from an area programme."""
