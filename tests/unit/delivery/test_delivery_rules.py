"""Pure delivery rules: status steps, money, progress sums."""

from __future__ import annotations

from types import SimpleNamespace

from app.accounts.permissions import Principal
from delivery import rules

LINEAGE = ("WK001403", "GB001402", "GM0014")


def _user(*grants: tuple[str, str]) -> Principal:
    return Principal(id=1, email_confirmed=True, grants=frozenset(grants))


def test_statuses_move_forward_and_final_ones_stay() -> None:
    """Planned may start, deliver or cancel; delivered and cancelled are final."""
    assert rules.can_move("planned", "in_progress")
    assert rules.can_move("in_progress", "delivered")
    assert rules.can_move("in_progress", "cancelled")
    assert not rules.can_move("in_progress", "planned")
    assert not rules.can_move("delivered", "in_progress")
    assert not rules.can_move("cancelled", "planned")
    assert not rules.can_move("planned", "planned")


def test_spent_may_not_exceed_committed() -> None:
    """Money is paid only once it is committed."""
    assert rules.money_problem(100, 100) is None
    assert rules.money_problem(100, 101) == "spent_over_committed"


def test_progress_counts_and_cancelled_projects_keep_only_what_they_spent() -> None:
    """Delivered of total, and the money a set of projects takes from its line."""
    projects = [
        SimpleNamespace(status="delivered", amount_cents=500, committed_cents=500, spent_cents=480),
        SimpleNamespace(
            status="in_progress", amount_cents=300, committed_cents=300, spent_cents=100
        ),
        SimpleNamespace(status="cancelled", amount_cents=200, committed_cents=50, spent_cents=20),
    ]
    expected = rules.Progress(
        projects=3,
        delivered=1,
        in_progress=1,
        cancelled=1,
        decided_cents=1000,
        used_cents=820,
        committed_cents=850,
        spent_cents=600,
    )
    assert expected == rules.progress(projects)
    assert rules.progress([]).projects == 0
