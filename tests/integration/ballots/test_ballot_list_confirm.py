"""From proposals to ballot: qualification, confirmation with hand changes, frozen snapshots."""

from __future__ import annotations

import json

from tests.integration.deliberation.world import (
    BINNENSTAD,
    OOSTERPARK,
    Browsers,
    MakeUser,
    make_proposal,
    make_round,
    proposal_row,
)
from tests.support.web import post_form


async def _world() -> tuple[int, dict[str, int]]:
    """A deliberating round (threshold 3) with proposals in every interesting state."""
    round_id = await make_round(threshold=3)
    ids = {
        "strong": await make_proposal(round_id, "feasible", supports=5, title="Sterk"),
        "changed": await make_proposal(
            round_id, "feasible_changed", supports=3, cost_cents=800_000, title="Veranderd"
        ),
        "weak": await make_proposal(round_id, "feasible", supports=2, title="Zwak"),
        "infeasible": await make_proposal(round_id, "not_feasible", supports=9, title="Onhaalbaar"),
        "submitted": await make_proposal(round_id, "submitted", supports=9, title="Ingediend"),
        "hidden": await make_proposal(round_id, "feasible", supports=9, hidden="Spam"),
    }
    return round_id, ids


async def test_list_shows_proposals_that_qualify_by_status_and_threshold(
    open_browser: Browsers,
) -> None:
    """Only feasible (possibly changed), visible proposals with enough supports qualify."""
    from app.rounds.queries import round_by_id
    from ballots import ballot_list

    round_id, ids = await _world()
    found = await round_by_id(round_id)
    assert found is not None
    listed, others = await ballot_list.candidates(found)
    assert [ids["strong"], ids["changed"]] == [p["id"] for p in listed]
    assert [ids["weak"]] == [p["id"] for p in others]
    page = (await (await open_browser()).get(f"/rondes/{round_id}/stembiljet")).text
    assert 'data-testid="ballot-list"' in page
    assert "Sterk" in page and "Veranderd" in page and "Onhaalbaar" not in page
    assert 'data-testid="confirm-ballot"' not in page  # visitors cannot confirm


async def test_the_threshold_sentence_counts_supports_in_singular_and_plural(
    open_browser: Browsers,
) -> None:
    """A threshold of one reads "1 steunbetuiging", not "1 steunbetuigingen", in both languages."""
    one = await make_round(threshold=1)
    three = await make_round(threshold=3)
    browser = await open_browser()
    english_one = (await browser.get(f"/rondes/{one}/stembiljet")).text
    assert "at least 1 supporter." in english_one
    assert "at least 3 supporters." in (await browser.get(f"/rondes/{three}/stembiljet")).text
    browser.cookies.set("wijkstem_lang", "nl")
    dutch_one = (await browser.get(f"/rondes/{one}/stembiljet")).text
    assert "minstens 1 steunbetuiging." in dutch_one
    assert "minstens 3 steunbetuigingen." in (await browser.get(f"/rondes/{three}/stembiljet")).text


async def test_the_support_bar_counts_supporters_in_singular_and_plural(
    open_browser: Browsers,
) -> None:
    """On a round's proposals, "1 steunbetuiging" and "van de 1 steunbetuiging die nodig is"."""
    round_id = await make_round(threshold=1)
    await make_proposal(round_id, "feasible", supports=1, title="Gesteund")
    await make_proposal(round_id, "feasible", supports=0, title="Nog niet")
    browser = await open_browser()
    browser.cookies.set("wijkstem_lang", "nl")
    page = (await browser.get(f"/rondes/{round_id}/voorstellen")).text
    assert "Genoeg steun voor het stembiljet: 1 steunbetuiging<" in page
    assert "0 van de 1 steunbetuiging die nodig is voor het stembiljet" in page


async def test_confirm_with_hand_changes_writes_snapshots_status_and_audit(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Adding and removing by hand need reasons; confirmation writes everything at once."""
    from app.audit.tables import AuditEvent
    from ballots import queries
    from ballots.tables import BallotListConfirmation

    round_id, ids = await _world()
    council = await open_browser(await make_user("council", area_code=BINNENSTAD))
    path = f"/rondes/{round_id}/stembiljet"
    assert 'data-testid="confirm-ballot"' in (await council.get(path)).text
    no_reason = await post_form(council, path, {"add": str(ids["weak"])})
    assert no_reason.status_code == 400
    assert "Give a reason" in no_reason.text
    assert await queries.ballot_options(round_id) == []
    confirmed = await post_form(
        council,
        path,
        {
            "add": str(ids["weak"]),
            f"reason-{ids['weak']}": "Besproken op de bewonersavond",
            "remove": str(ids["changed"]),
            f"reason-{ids['changed']}": "Valt samen met een gemeenteproject",
        },
    )
    assert confirmed.status_code == 303
    options = await queries.ballot_options(round_id)
    assert [(ids["strong"], 1), (ids["weak"], 2)] == [
        (o["proposal_id"], o["position"]) for o in options
    ]
    assert [str(ids["strong"]), str(ids["weak"])] == [o["project_key"] for o in options]
    assert (await proposal_row(ids["strong"]))["status"] == "on_ballot"
    assert (await proposal_row(ids["weak"]))["status"] == "on_ballot"
    assert (await proposal_row(ids["changed"]))["status"] == "feasible_changed"
    confirmation = (
        await BallotListConfirmation.select()
        .where(BallotListConfirmation.round == round_id)
        .first()
    )
    assert confirmation is not None
    changes = json.loads(confirmation["changes"])
    assert {(c["proposal"], c["change"]) for c in changes} == {
        (ids["weak"], "add"),
        (ids["changed"], "remove"),
    }
    event = (
        await AuditEvent.select()
        .where(AuditEvent.action == "ballot.confirm", AuditEvent.subject == f"round:{round_id}")
        .first()
    )
    assert event is not None
    payload = json.loads(event["payload"])
    assert [o["id"] for o in options] == payload["options"]
    assert changes == payload["changes"]
    page = (await council.get(path)).text
    assert 'data-testid="ballot-confirmed"' in page
    assert "Besproken op de bewonersavond" in page


async def test_snapshot_does_not_follow_later_edits(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """After confirmation a change to the proposal row leaves the ballot option as it was."""
    from ballots import queries
    from proposals.tables import Proposal

    round_id, ids = await _world()
    staff = await open_browser(await make_user("staff", postcode=""))
    assert (await post_form(staff, f"/rondes/{round_id}/stembiljet")).status_code == 303
    before = await queries.ballot_options(round_id)
    await Proposal.update(
        {Proposal.title: "Nieuwe titel", Proposal.summary: "Anders", Proposal.cost_cents: 1}
    ).where(Proposal.id == ids["changed"])
    after = await queries.ballot_options(round_id)
    assert before == after
    changed = next(o for o in after if o["proposal_id"] == ids["changed"])
    assert (
        changed["title"],
        changed["summary"],
        changed["cost_cents"],
    ) == ("Veranderd", "Een samenvatting", 800_000)


async def test_confirm_twice_is_refused(make_user: MakeUser, open_browser: Browsers) -> None:
    """A second confirmation is refused and adds no options."""
    from ballots import queries

    round_id, _ids = await _world()
    council = await open_browser(await make_user("council", area_code=BINNENSTAD))
    path = f"/rondes/{round_id}/stembiljet"
    assert (await post_form(council, path)).status_code == 303
    second = await post_form(council, path)
    assert second.status_code == 409
    assert "already been confirmed" in second.text
    assert len(await queries.ballot_options(round_id)) == 2


async def test_wrong_phase_and_wrong_area_are_refused(
    make_user: MakeUser, open_browser: Browsers
) -> None:
    """Outside deliberating the list cannot be confirmed; another area's council gets 403."""
    from ballots import queries

    round_id, _ids = await _world()
    outsider = await open_browser(await make_user("council", area_code=OOSTERPARK))
    path = f"/rondes/{round_id}/stembiljet"
    assert (await post_form(outsider, path)).status_code == 403
    voting_round = await make_round(phase="voting")
    await make_proposal(voting_round, "feasible", supports=10)
    staff = await open_browser(await make_user("staff", postcode=""))
    wrong_phase = await post_form(staff, f"/rondes/{voting_round}/stembiljet")
    assert wrong_phase.status_code == 409
    assert (
        'data-testid="ballot-not-open"'
        in (await staff.get(f"/rondes/{voting_round}/stembiljet")).text
    )
    assert await queries.ballot_options(round_id) == []
    assert await queries.ballot_options(voting_round) == []
    assert (await staff.get("/rondes/999999/stembiljet")).status_code == 404


async def test_removing_everything_is_refused(make_user: MakeUser, open_browser: Browsers) -> None:
    """A ballot needs at least one option."""
    round_id = await make_round(threshold=1)
    only = await make_proposal(round_id, "feasible", supports=1)
    staff = await open_browser(await make_user("staff", postcode=""))
    response = await post_form(
        staff,
        f"/rondes/{round_id}/stembiljet",
        {"remove": str(only), f"reason-{only}": "Toch niet"},
    )
    assert response.status_code == 400
    assert (await proposal_row(only))["status"] == "feasible"
