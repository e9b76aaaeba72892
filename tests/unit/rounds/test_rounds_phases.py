"""The pure phase model: order, capabilities, transitions, dates and the fairness freeze."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.rounds import phases

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def test_phases_are_in_the_issue_order() -> None:
    assert phases.PHASES == (
        "draft",
        "proposing",
        "reviewing",
        "deliberating",
        "voting",
        "counting",
        "certified",
        "implementing",
        "closed",
    )


@pytest.mark.parametrize(
    ("phase", "allowed"),
    [
        ("draft", set()),
        ("proposing", {"propose", "edit", "withdraw", "support", "comment"}),
        ("reviewing", {"review", "withdraw", "support", "comment"}),
        ("deliberating", {"support", "comment", "confirm_ballot", "withdraw"}),
        ("voting", {"vote", "comment"}),
        ("counting", {"count"}),
        ("certified", {"certify"}),
        ("implementing", set()),
        ("closed", set()),
    ],
)
def test_each_phase_allows_exactly_its_capabilities(phase: str, allowed: set[str]) -> None:
    assert allowed == {action for action in phases.ACTIONS if phases.allows(phase, action)}


def test_an_unknown_phase_allows_nothing() -> None:
    assert not phases.allows("party", "vote")


@pytest.mark.parametrize("position", range(len(phases.PHASES) - 1))
def test_moving_one_phase_forward_is_accepted_when_its_preconditions_hold(position: int) -> None:
    current, target = phases.PHASES[position], phases.PHASES[position + 1]
    every_fact = phases.Facts(ballot_confirmed=True, eligibility_ready=True, certified=True)
    assert phases.check_transition(current, target, facts=every_fact).ok
    assert phases.next_phase(current) == target


def test_there_is_no_phase_after_closed() -> None:
    assert phases.next_phase("closed") is None


@pytest.mark.parametrize(
    ("current", "target", "reason"),
    [
        ("draft", "reviewing", "phases cannot be skipped"),
        ("proposing", "voting", "phases cannot be skipped"),
        ("draft", "closed", "phases cannot be skipped"),
        ("voting", "voting", "the round is already in this phase"),
        ("voting", "deliberating", "going back to an earlier phase needs an admin reopening"),
        ("closed", "draft", "going back to an earlier phase needs an admin reopening"),
        ("draft", "party", "unknown phase"),
        ("party", "draft", "unknown phase"),
    ],
)
def test_refused_transitions_say_why(current: str, target: str, reason: str) -> None:
    verdict = phases.check_transition(current, target)
    assert (False, reason) == (verdict.ok, verdict.reason)


def test_an_admin_reopening_may_go_back() -> None:
    assert phases.check_transition("voting", "proposing", reopen=True).ok
    assert not phases.check_transition("voting", "closed", reopen=True).ok


def test_fairness_is_frozen_from_voting_on() -> None:
    frozen = [phase for phase in phases.PHASES if phases.fairness_frozen(phase)]
    assert frozen == ["voting", "counting", "certified", "implementing", "closed"]


def _schedule(*offsets_in_days: int | None) -> dict[str, datetime | None]:
    return {
        name: None if days is None else NOW + timedelta(days=days)
        for name, days in zip(phases.SCHEDULED, offsets_in_days, strict=True)
    }


def test_the_dates_move_an_opened_round_to_the_latest_started_phase() -> None:
    schedule = _schedule(-30, -10, -1, 5, 20)
    assert phases.phase_on(schedule, NOW, "proposing") == "deliberating"


def test_the_dates_never_open_a_draft_or_move_a_round_back() -> None:
    schedule = _schedule(-30, -10, -1, 5, 20)
    assert phases.phase_on(schedule, NOW, "draft") == "draft"
    assert phases.phase_on(schedule, NOW, "voting") == "voting"


def test_the_dates_stop_at_counting() -> None:
    schedule = _schedule(-50, -40, -30, -20, -10)
    assert phases.phase_on(schedule, NOW, "proposing") == "counting"
    assert phases.phase_on(schedule, NOW, "certified") == "certified"


def test_an_empty_date_is_left_to_a_manual_step() -> None:
    schedule = _schedule(-30, None, None, None, None)
    assert phases.phase_on(schedule, NOW, "proposing") == "proposing"


def test_a_schedule_in_order_has_no_problems() -> None:
    assert phases.schedule_problems(_schedule(1, 2, 3, 4, 5)) == []
    assert phases.schedule_problems(_schedule(1, None, 3, None, 5)) == []


def test_dates_that_go_backwards_are_named() -> None:
    assert phases.schedule_problems(_schedule(1, 2, 5, 4, 6)) == [
        "voting starts before deliberating"
    ]
    assert phases.schedule_problems(_schedule(9, None, None, None, 3)) == [
        "counting starts before proposing"
    ]


@pytest.mark.parametrize(
    ("current", "target", "facts", "reason"),
    [
        ("deliberating", "voting", phases.Facts(), "the ballot list is not confirmed"),
        (
            "deliberating",
            "voting",
            phases.Facts(eligibility_ready=True),
            "the ballot list is not confirmed",
        ),
        ("deliberating", "voting", phases.Facts(ballot_confirmed=True), "no eligibility source"),
        (
            "counting",
            "certified",
            phases.Facts(ballot_confirmed=True, eligibility_ready=True),
            "only certification moves to certified",
        ),
    ],
)
def test_a_move_waits_for_its_preconditions(
    current: str, target: str, facts: phases.Facts, reason: str
) -> None:
    verdict = phases.check_transition(current, target, facts=facts)
    assert (False, reason) == (verdict.ok, verdict.reason)


def test_moves_without_preconditions_need_no_facts() -> None:
    assert phases.check_transition("voting", "counting").ok
    assert phases.check_transition("certified", "implementing").ok


def test_a_start_that_has_passed_cannot_move_and_a_new_start_must_lie_ahead() -> None:
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    old = {"voting": now - timedelta(days=2), "counting": now - timedelta(minutes=1)}
    reopened = {**old, "counting": now + timedelta(days=3)}
    assert phases.past_date_changes(old, reopened, now) == ["counting"]
    closing_early = {"voting": now - timedelta(days=2), "counting": now + timedelta(days=1)}
    assert phases.past_date_changes(closing_early, old, now) == ["counting"]
    later = {**closing_early, "counting": now + timedelta(days=2)}
    assert phases.past_date_changes(closing_early, later, now) == []
