"""The phase button over HTTP: every (phase, target, role) gets its expected answer.

Repros of issue 10: the button offered "certified" in counting and `target=certified` moved
an uncounted round to certified; deliberating -> voting opened an empty ballot; a council
member moved a passed counting start back into the future and reopened the vote.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.rounds import phases
from tests.integration.rounds.conftest import Tree, events, phase_of
from tests.support.web import Account, login, post_form

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Account]]
NewRound = Callable[..., Awaitable[int]]

MANAGERS = ("council", "staff", "admin")
OUTSIDERS = ("resident", "certifier", "council_elsewhere")


def expected(role: str, current: str, target: str) -> int:
    """The answer the phase button must give (no ballot list, no register: voting waits)."""
    if role == "anonymous":
        return 401
    if role in OUTSIDERS:
        return 403
    if (
        phases.next_phase(current) == target
        and target not in ("certified", "voting")  # certifiers only; voting needs its facts
    ):
        return 303
    return 400


async def _set_phase(round_id: int, phase: str) -> None:
    from app.rounds.tables import Round

    await Round.update({Round.phase: phase}).where(Round.id == round_id)


@pytest.mark.parametrize("role", ["anonymous", *OUTSIDERS, *MANAGERS])
async def test_every_phase_and_target_gets_its_answer_for_each_role(
    client: Client, make_user: MakeUser, tree: Tree, new_round: NewRound, role: str
) -> None:
    round_id = await new_round()
    if role != "anonymous":
        area = tree.wijk if role == "council" else tree.other if role == "council_elsewhere" else ""
        actual_role = "council" if role == "council_elsewhere" else role
        await login(client, await make_user(role=actual_role, area_code=area))
    answers: dict[tuple[str, str], int] = {}
    wanted: dict[tuple[str, str], int] = {}
    for current in phases.PHASES:
        for target in phases.PHASES:
            await _set_phase(round_id, current)
            response = await post_form(
                client, f"/rondes/{round_id}/fase", {"target": target, "confirm": "yes"}
            )
            answers[(current, target)] = response.status_code
            wanted[(current, target)] = expected(role, current, target)
            moved = await phase_of(round_id)
            assert moved == (target if response.status_code == 303 else current)
    assert wanted == answers


async def test_counting_never_offers_certified_and_the_round_stays_uncertified(
    client: Client, make_user: MakeUser, new_round: NewRound
) -> None:
    round_id = await new_round("counting")
    await login(client, await make_user(role="staff"))
    page = await client.get(f"/rondes/{round_id}")
    assert 'data-testid="advance-button"' not in page.text
    assert 'data-testid="certify-note"' in page.text
    refused = await post_form(
        client, f"/rondes/{round_id}/fase", {"target": "certified", "confirm": "yes"}
    )
    assert refused.status_code == 400
    assert await phase_of(round_id) == "counting"
    also = await post_form(client, f"/rondes/{round_id}/fase", {"confirm": "yes"})
    assert also.status_code == 400 and await phase_of(round_id) == "counting"


async def test_the_button_asks_for_confirmation_and_says_what_will_happen(
    client: Client, make_user: MakeUser, new_round: NewRound
) -> None:
    round_id = await new_round("voting")
    await login(client, await make_user(role="staff"))
    page = await client.get(f"/rondes/{round_id}")
    assert 'data-testid="advance-confirm"' in page.text
    assert "Voting closes" in page.text or "stemmen sluit" in page.text.lower()
    unconfirmed = await post_form(client, f"/rondes/{round_id}/fase", {"target": "counting"})
    assert unconfirmed.status_code == 400
    assert await phase_of(round_id) == "voting"


async def test_voting_opens_only_with_a_confirmed_list_and_an_eligibility_source(
    client: Client, make_user: MakeUser, new_round: NewRound
) -> None:
    from ballots.register import services as register
    from ballots.tables import BallotListConfirmation, BallotOption

    round_id = await new_round("deliberating")
    staff = await make_user(role="staff")
    await login(client, staff)
    form = {"target": "voting", "confirm": "yes"}
    empty = await post_form(client, f"/rondes/{round_id}/fase", form)
    assert empty.status_code == 400 and await phase_of(round_id) == "deliberating"
    await BallotListConfirmation.insert(
        BallotListConfirmation(round=round_id, confirmed_by=staff.id, changes="[]")
    )
    no_options = await post_form(client, f"/rondes/{round_id}/fase", form)
    assert no_options.status_code == 400 and await phase_of(round_id) == "deliberating"
    await BallotOption.insert(
        BallotOption(
            round=round_id,
            proposal_id=0,
            project_key="p1",
            title="Bankje",
            summary="Een bank",
            cost_cents=100_000,
            position=1,
        )
    )
    no_source = await post_form(client, f"/rondes/{round_id}/fase", form)
    assert no_source.status_code == 400 and await phase_of(round_id) == "deliberating"
    assert (await register.mark_unverified(round_id, actor="test")).ok
    opened = await post_form(client, f"/rondes/{round_id}/fase", form)
    assert opened.status_code == 303 and await phase_of(round_id) == "voting"


async def test_dates_cannot_open_voting_without_its_preconditions(new_round: NewRound) -> None:
    from app.rounds import services

    round_id = await new_round(
        "deliberating",
        proposing_starts="2020-02-01T19:00",
        reviewing_starts="2020-03-01T19:00",
        deliberating_starts="2020-04-01T19:00",
        voting_starts="2020-05-01T19:00",
        counting_starts="2030-05-15T19:00",
    )
    moved = await services.advance_due_rounds()
    assert round_id not in {moved_id for moved_id, _, _ in moved}
    assert await phase_of(round_id) == "deliberating"


async def test_a_passed_counting_start_cannot_be_moved_to_reopen_voting(
    client: Client, make_user: MakeUser, tree: Tree, new_round: NewRound
) -> None:
    from datetime import UTC, datetime, timedelta

    from app.rounds import forms

    def local(moment: datetime) -> str:
        return forms.to_local_text(moment)

    now = datetime.now(UTC)
    round_id = await new_round(
        "voting",
        proposing_starts="",
        reviewing_starts="",
        deliberating_starts="",
        voting_starts=local(now - timedelta(days=2)),
        counting_starts=local(now + timedelta(days=1)),
    )
    await login(client, await make_user(role="council", area_code=tree.wijk))
    before = len(await events(round_id))
    into_past = await post_form(
        client,
        f"/rondes/{round_id}/bewerken",
        {"counting_starts": local(now - timedelta(minutes=1))},
    )
    assert into_past.status_code == 400
    from app.rounds.tables import Round

    # Even when a passed start is stored (the old repro), it cannot move ahead again.
    await Round.update({Round.counting_starts: now - timedelta(minutes=1)}).where(
        Round.id == round_id
    )
    reopened = await post_form(
        client,
        f"/rondes/{round_id}/bewerken",
        {"counting_starts": local(now + timedelta(days=3))},
    )
    assert reopened.status_code == 400
    assert before == len(await events(round_id))
