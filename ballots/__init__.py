"""Ballots: eligibility, ballot box, counting and results."""
