"""Each package's permissions.py, decided by a table of (principal, subject) -> allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.accounts.permissions import ANONYMOUS, Principal
from app.rounds import permissions as rounds
from ballots.box import permissions as box
from ballots.results import permissions as results
from deliberation import permissions as deliberation
from delivery import permissions as delivery

# A wijk, its district and the municipality: the subject's area lineage.
LINEAGE = ("WK001403", "GB001402", "GM0014")


def user(*grants: tuple[str, str]) -> Principal:
    return Principal(id=1, email_confirmed=True, grants=frozenset(grants))


STAFF = user(("staff", ""))
ADMIN = user(("admin", ""))
COUNCIL_HERE = user(("council", "GB001402"))  # council of the district above the wijk
COUNCIL_ELSEWHERE = user(("council", "WK001414"))
RESIDENT = user(("resident", ""))
CERTIFIER = user(("certifier", ""))

ANYONE = {
    "staff": STAFF,
    "admin": ADMIN,
    "council here": COUNCIL_HERE,
    "council elsewhere": COUNCIL_ELSEWHERE,
    "resident": RESIDENT,
    "certifier": CERTIFIER,
    "anonymous": ANONYMOUS,
}

# rule -> the principals it allows on LINEAGE (every other principal is refused)
AREA_RULES: dict[str, tuple[Callable[[Any, Any], bool], set[str]]] = {
    "rounds.may_manage_round": (rounds.may_manage_round, {"staff", "admin", "council here"}),
    "results.may_count": (results.may_count, {"staff", "admin", "council here"}),
    "delivery.can_record_delivery": (
        delivery.can_record_delivery,
        {"staff", "admin", "council here"},
    ),
    "deliberation.may_moderate": (deliberation.may_moderate, {"staff", "admin", "council here"}),
    "deliberation.may_manage_meetings": (
        deliberation.may_manage_meetings,
        {"staff", "admin", "council here"},
    ),
}

# rule -> the principals it allows (no subject)
GLOBAL_RULES: dict[str, tuple[Callable[[Any], bool], set[str]]] = {
    "rounds.sees_round_tasks": (
        rounds.sees_round_tasks,
        {"staff", "admin", "council here", "council elsewhere"},
    ),
    "results.is_certifier": (results.is_certifier, {"certifier"}),
    "box.may_handle_key": (box.may_handle_key, {"staff", "admin", "certifier"}),
    "deliberation.moderates_anywhere": (
        deliberation.moderates_anywhere,
        {"staff", "admin", "council here", "council elsewhere"},
    ),
}


@pytest.mark.parametrize("rule", sorted(AREA_RULES))
@pytest.mark.parametrize("who", sorted(ANYONE))
def test_area_rules(rule: str, who: str) -> None:
    """Staff anywhere and council of the area or above; nobody else."""
    decide, allowed = AREA_RULES[rule]
    assert decide(ANYONE[who], LINEAGE) == (who in allowed)


@pytest.mark.parametrize("rule", sorted(GLOBAL_RULES))
@pytest.mark.parametrize("who", sorted(ANYONE))
def test_rules_without_subject(rule: str, who: str) -> None:
    """Roles held anywhere decide these."""
    decide, allowed = GLOBAL_RULES[rule]
    assert decide(ANYONE[who]) == (who in allowed)


def test_the_trusted_operator_may_manage_and_count() -> None:
    """`None` is the command line: it manages rounds and counts anywhere."""
    assert rounds.may_manage_round(None, LINEAGE)
    assert results.may_count(None, LINEAGE)
