"""A round's life: edits (frozen from voting), phase steps, admin reopening, dates, templates."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.rounds.conftest import Tree, events, phase_of
from tests.support.web import Account, login, post_form

Client = AsyncTestClient[Litestar]
MakeUser = Callable[..., Awaitable[Account]]
NewRound = Callable[..., Awaitable[int]]


async def test_an_edit_is_stored_and_audited_with_the_changed_fields(
    client: Client, make_user: MakeUser, tree: Tree, new_round: NewRound
) -> None:
    from app.rounds import queries

    round_id = await new_round()
    council = await make_user(role="council", area_code=tree.wijk)
    await login(client, council)
    assert 'data-testid="round-form"' in (await client.get(f"/rondes/{round_id}/bewerken")).text
    response = await post_form(
        client,
        f"/rondes/{round_id}/bewerken",
        {"title": "Nieuwe titel", "ballot_type": "knapsack", "ballot_cost_limit": "40.000"},
    )
    assert response.status_code == 303, response.text
    view = await queries.round_by_id(round_id)
    assert view is not None
    assert (
        view.title,
        view.rules.ballot_type,
        view.rules.ballot_cost_limit_cents,
    ) == ("Nieuwe titel", "knapsack", 4_000_000)
    last = (await events(round_id))[-1]
    assert ("round.update", f"user:{council.id}") == (last["action"], last["actor"])
    assert last["payload"]["changed"] == ["ballot_cost_limit_cents", "ballot_type", "title"]
    assert last["payload"]["values"]["ballot_type"] == "knapsack"


async def test_fairness_fields_and_money_are_frozen_once_voting_has_opened(
    english: Client, make_user: MakeUser, tree: Tree, new_round: NewRound
) -> None:
    from app.rounds import queries

    round_id = await new_round("voting")
    await login(english, await make_user(role="staff"))
    before = len(await events(round_id))
    for change in (
        {"ballot_type": "knapsack"},
        {"counting_rule": "greedy"},
        {"amount": "1.000"},
        {"opt_then_greedy": "1"},
        {"voting_starts": "2030-05-02T19:00"},
    ):
        refused = await post_form(english, f"/rondes/{round_id}/bewerken", change)
        assert refused.status_code == 400, change
    frozen_form = await english.get(f"/rondes/{round_id}/bewerken")
    assert "<fieldset disabled>" in frozen_form.text
    view = await queries.round_by_id(round_id)
    assert view is not None
    assert (
        view.rules.ballot_type,
        view.rules.counting_rule,
        view.amount_cents,
    ) == ("approval", "mes-add1", 4_000_000)
    assert before == len(await events(round_id))
    allowed = await post_form(english, f"/rondes/{round_id}/bewerken", {"title": "Later"})
    assert allowed.status_code == 303


async def test_council_advances_one_phase_at_a_time_and_never_back(
    english: Client, make_user: MakeUser, tree: Tree, new_round: NewRound
) -> None:
    round_id = await new_round()
    council = await make_user(role="council", area_code=tree.district)
    await login(english, council)
    page = await english.get(f"/rondes/{round_id}")
    assert 'data-testid="advance-button"' in page.text
    moved = await post_form(
        english, f"/rondes/{round_id}/fase", {"target": "proposing", "confirm": "yes"}
    )
    assert moved.status_code == 303
    assert await phase_of(round_id) == "proposing"
    skip = await post_form(
        english, f"/rondes/{round_id}/fase", {"target": "deliberating", "confirm": "yes"}
    )
    assert skip.status_code == 400 and "Phases cannot be skipped" in skip.text
    back = await post_form(
        english, f"/rondes/{round_id}/fase", {"target": "draft", "confirm": "yes"}
    )
    assert back.status_code == 400 and "administrator" in back.text
    assert await phase_of(round_id) == "proposing"
    phase_events = [e for e in await events(round_id) if e["action"] == "round.phase"]
    assert [({"from": "draft", "to": "proposing"}, f"user:{council.id}")] == [
        (e["payload"], e["actor"]) for e in phase_events
    ]
    shown = await english.get(f"/rondes/{round_id}")
    assert 'data-phase="proposing"' in shown.text and "send in a proposal" in shown.text


async def test_council_of_another_area_gets_403_and_nothing_changes(
    client: Client, make_user: MakeUser, tree: Tree, new_round: NewRound
) -> None:
    round_id = await new_round()
    await login(client, await make_user(role="council", area_code=tree.other))
    before = await events(round_id)
    assert (await post_form(client, f"/rondes/{round_id}/fase", {})).status_code == 403
    assert (await client.get(f"/rondes/{round_id}/bewerken")).status_code == 403
    assert (
        await post_form(client, f"/rondes/{round_id}/bewerken", {"title": "Overgenomen"})
    ).status_code == 403
    assert (await post_form(client, f"/rondes/{round_id}/kopie", {})).status_code == 403
    assert await phase_of(round_id) == "draft"
    assert before == await events(round_id)


async def test_only_an_admin_reopens_and_only_with_a_reason(
    english: Client, make_user: MakeUser, tree: Tree, new_round: NewRound
) -> None:
    round_id = await new_round(
        "voting",
        voting_starts="2020-05-01T19:00",
        proposing_starts="",
        reviewing_starts="",
        deliberating_starts="",
        counting_starts="",
    )
    await login(english, await make_user(role="staff"))
    assert (
        await post_form(
            english,
            f"/rondes/{round_id}/heropenen",
            {"target": "deliberating", "reason": "Fout"},
        )
    ).status_code == 403
    english.cookies.clear()
    english.cookies.set("wijkstem_lang", "en")
    admin = await make_user(role="admin")
    await login(english, admin)
    no_reason = await post_form(
        english, f"/rondes/{round_id}/heropenen", {"target": "deliberating", "reason": " "}
    )
    assert no_reason.status_code == 400 and "Give the reason" in no_reason.text
    forward = await post_form(
        english, f"/rondes/{round_id}/heropenen", {"target": "counting", "reason": "Vooruit"}
    )
    assert forward.status_code == 400
    reopened = await post_form(
        english,
        f"/rondes/{round_id}/heropenen",
        {"target": "deliberating", "reason": "Een voorstel ontbrak op het stembiljet."},
    )
    assert reopened.status_code == 303
    assert await phase_of(round_id) == "deliberating"
    last = (await events(round_id))[-1]
    assert ("round.reopen", f"user:{admin.id}") == (last["action"], last["actor"])
    assert last["payload"] == {
        "from": "voting",
        "to": "deliberating",
        "reason": "Een voorstel ontbrak op het stembiljet.",
        "cleared_dates": ["voting"],
    }
    page = await english.get(f"/rondes/{round_id}")
    assert "Een voorstel ontbrak op het stembiljet." in page.text
    assert 'data-phase="deliberating"' in page.text  # the cleared date does not move it again


async def test_dates_advance_opened_rounds_step_by_step_but_never_a_draft(
    client: Client, new_round: NewRound
) -> None:
    from app.rounds import services

    now = datetime.now(UTC)
    local = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    earlier = (now - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    dates = {"proposing_starts": earlier, "reviewing_starts": earlier, "deliberating_starts": local}
    opened = await new_round("proposing", amount="10", max_cost="", **dates)
    draft = await new_round("draft", amount="10", max_cost="", **dates)
    moved = await services.advance_due_rounds(now)
    assert [(opened, "proposing", "reviewing"), (opened, "reviewing", "deliberating")] == [
        step for step in moved if step[0] in (opened, draft)
    ]
    steps = [e for e in await events(opened) if e["action"] == "round.phase"]
    assert [(e["actor"], e["payload"]["to"]) for e in steps] == [
        ("system", "reviewing"),
        ("system", "deliberating"),
    ]
    assert await phase_of(draft) == "draft"
    assert [s for s in await services.advance_due_rounds(now) if s[0] == opened] == []


async def test_the_round_page_applies_due_dates_lazily(client: Client, new_round: NewRound) -> None:
    past = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    round_id = await new_round(
        "proposing", amount="10", max_cost="", proposing_starts=past, reviewing_starts=past
    )
    page = await client.get(f"/rondes/{round_id}")
    assert 'data-phase="reviewing"' in page.text


async def test_a_round_is_copied_as_next_years_draft(
    client: Client, make_user: MakeUser, tree: Tree, new_round: NewRound
) -> None:
    from app.rounds import queries

    source = await new_round("closed", title="Buurtbudget Kopie 2026")
    await login(client, await make_user(role="council", area_code=tree.wijk))
    response = await post_form(client, f"/rondes/{source}/kopie", {})
    assert response.status_code == 303
    copy_id = int(response.headers["location"].split("/")[2])
    original, copy = await queries.round_by_id(source), await queries.round_by_id(copy_id)
    assert original is not None and copy is not None
    assert ("Buurtbudget Kopie 2027", "draft", source) == (copy.title, copy.phase, copy.template_of)
    assert (original.area_code, original.rules) == (copy.area_code, copy.rules)
    assert original.schedule["voting"] is not None and copy.schedule["voting"] is not None
    assert original.schedule["voting"].replace(year=2031) == copy.schedule["voting"]
    assert copy.budget_line_id is None  # there is no 2027 programme line yet
    assert [e["action"] for e in await events(copy_id)] == ["round.copy"]
    refused = await post_form(
        client, f"/rondes/{copy_id}/fase", {"target": "proposing", "confirm": "yes"}
    )
    assert refused.status_code == 400  # no money chosen yet


async def test_saving_the_edit_form_unchanged_while_voting_changes_nothing(
    client: Client, make_user: MakeUser, new_round: NewRound
) -> None:
    """The form's own values read back exactly, so an unchanged save is no refused change."""
    from app.rounds import forms, queries
    from app.rounds.store import input_of

    round_id = await new_round("voting")
    view = await queries.round_by_id(round_id)
    assert view is not None
    await login(client, await make_user(role="staff"))
    before = await events(round_id)
    saved = await post_form(
        client, f"/rondes/{round_id}/bewerken", forms.form_values(input_of(view))
    )
    assert saved.status_code == 303, saved.text
    assert await events(round_id) == before
