"""Counting engine: exact, explained budgeting rules over Pabulib-style elections (pure, no I/O)."""

from ballots.counting.model import Ballot, Constraints, Instance, Profile, Project
from ballots.counting.pabulib import PabulibFile, Parsed, from_model, parse, write
from ballots.counting.prepare import CountingError
from ballots.counting.result import Result, to_json, to_text
from ballots.counting.rules import RULES, UnknownRuleError, count
from ballots.counting.ties import TieBreakError
from ballots.counting.validate import invalid_ballots, validate_ballot

__all__ = [
    "RULES",
    "Ballot",
    "Constraints",
    "CountingError",
    "Instance",
    "PabulibFile",
    "Parsed",
    "Profile",
    "Project",
    "Result",
    "TieBreakError",
    "UnknownRuleError",
    "count",
    "from_model",
    "invalid_ballots",
    "parse",
    "to_json",
    "to_text",
    "validate_ballot",
    "write",
]
