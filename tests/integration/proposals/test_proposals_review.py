"""Staff review: every outcome needs a public reason; merges tell both authors; others refused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from email import message_from_bytes, policy

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.proposals.conftest import Place, new_id, proposal_fields, set_phase, submit
from tests.support.web import Account, login, post_form

Client = AsyncTestClient[Litestar]
MakeRound = Callable[..., Awaitable[int]]
MakeResident = Callable[..., Awaitable[Account]]
MakeUser = Callable[..., Awaitable[Account]]


async def _proposals(
    client: Client, place: Place, make_round: MakeRound, author: Account, count: int = 1
) -> tuple[int, list[int]]:
    round_id = await make_round()
    await login(client, author)
    ids = [
        new_id(await submit(client, round_id, proposal_fields(place, title=f"Idee {n}")))
        for n in range(count)
    ]
    client.cookies.clear()
    await set_phase(round_id, "reviewing")
    return round_id, ids


async def _mail_to(address: str) -> list[str]:
    from app.settings import get_settings
    from tests.support.jobs import run_jobs

    await run_jobs()
    outbox = get_settings().outbox_dir
    bodies = []
    for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == address:
            bodies.append(str(message["Subject"]))
    return bodies


async def test_each_outcome_is_stored_with_its_public_reason(
    client: Client,
    place: Place,
    make_round: MakeRound,
    resident: MakeResident,
    make_user: MakeUser,
) -> None:
    from app.audit.tables import AuditEvent
    from proposals import queries

    _round_id, ids = await _proposals(client, place, make_round, await resident(), count=3)
    await login(client, await make_user(role="staff", postcode=""))
    form = await client.get(f"/voorstellen/{ids[0]}/beoordelen")
    assert form.status_code == 200 and 'data-testid="review-form"' in form.text
    decisions = [
        (ids[0], {"outcome": "feasible", "reason": "Past in het beheerplan."}, "feasible"),
        (
            ids[1],
            {"outcome": "feasible_changed", "reason": "Duurder.", "new_cost": "7.250"},
            "feasible_changed",
        ),
        (ids[2], {"outcome": "not_feasible", "reason": "Grond is van de provincie."}, None),
    ]
    for proposal_id, data, _status in decisions:
        response = await post_form(client, f"/voorstellen/{proposal_id}/beoordelen", data)
        assert response.status_code == 303, response.text
        found = await queries.proposal_by_id(proposal_id)
        assert found is not None and found.status == data["outcome"]
        page = await client.get(f"/voorstellen/{proposal_id}")
        assert data["reason"] in page.text
        event = await (
            AuditEvent.select(AuditEvent.action)
            .where(AuditEvent.subject == f"proposal:{proposal_id}")
            .order_by(AuditEvent.id, ascending=False)
            .first()
        )
        assert event is not None and event["action"] == "proposal.review"
    changed = await queries.proposal_by_id(ids[1])
    assert changed is not None and changed.cost_cents == 725_000
    page = await client.get(f"/voorstellen/{ids[1]}")
    assert "Haalbaar met aanpassing" in page.text and "€ 7.250<" in page.text
    scoped = await post_form(
        client,
        f"/voorstellen/{ids[2]}/beoordelen",
        {"outcome": "feasible_changed", "reason": "Kleiner.", "scope_note": "Alleen de helft"},
    )
    assert scoped.status_code == 303
    history = await queries.status_history(ids[2])
    assert [h.status for h in history] == ["submitted", "not_feasible", "feasible_changed"]
    assert history[-1].scope_note == "Alleen de helft"


async def test_a_reason_is_required_and_changes_need_a_cost_or_scope(
    client: Client,
    place: Place,
    make_round: MakeRound,
    resident: MakeResident,
    make_user: MakeUser,
) -> None:
    from proposals import queries

    _round_id, ids = await _proposals(client, place, make_round, await resident())
    await login(client, await make_user(role="staff", postcode=""))
    path = f"/voorstellen/{ids[0]}/beoordelen"
    cases = [
        ({"outcome": "feasible", "reason": ""}, "reason"),
        ({"outcome": "feasible", "reason": "x" * 2001}, "reason"),
        ({"outcome": "feasible_changed", "reason": "Anders"}, "new_cost"),
        ({"outcome": "feasible_changed", "reason": "Anders", "new_cost": "duur"}, "new_cost"),
        ({"outcome": "merged", "reason": "Dubbel", "merge_into": str(ids[0])}, "merge_into"),
        ({"outcome": "goedgekeurd", "reason": "Ja"}, "outcome"),
    ]
    for data, field_name in cases:
        response = await post_form(client, path, data)
        assert response.status_code == 400, data
        assert f'href="#{field_name}"' in response.text, data
    found = await queries.proposal_by_id(ids[0])
    assert found is not None and found.status == "submitted"
    assert len(await queries.status_history(ids[0])) == 1


async def test_a_merge_links_the_proposals_and_tells_both_authors(
    client: Client,
    place: Place,
    make_round: MakeRound,
    resident: MakeResident,
    make_user: MakeUser,
) -> None:
    from proposals import queries

    first_author, second_author = await resident(), await resident(name="Tom Tweede")
    round_id = await make_round()
    await login(client, first_author)
    merged = new_id(await submit(client, round_id, proposal_fields(place, title="Bankje A")))
    client.cookies.clear()
    await login(client, second_author)
    target = new_id(await submit(client, round_id, proposal_fields(place, title="Bankje B")))
    client.cookies.clear()
    await set_phase(round_id, "reviewing")
    await login(client, await make_user(role="staff", postcode=""))
    response = await post_form(
        client,
        f"/voorstellen/{merged}/beoordelen",
        {"outcome": "merged", "reason": "Bijna hetzelfde idee.", "merge_into": str(target)},
    )
    assert response.status_code == 303
    found = await queries.proposal_by_id(merged)
    assert found is not None and (found.status, found.merged_into) == ("merged", target)
    page = await client.get(f"/voorstellen/{merged}")
    assert "Samengevoegd" in page.text and f'href="/voorstellen/{target}"' in page.text
    target_page = await client.get(f"/voorstellen/{target}")
    assert f'href="/voorstellen/{merged}"' in target_page.text
    for author in (first_author, second_author):
        assert await _mail_to(author.email) == [
            "Uw voorstel is samengevoegd met een ander voorstel"
        ]


async def test_non_staff_and_other_phases_are_refused(
    client: Client,
    place: Place,
    make_round: MakeRound,
    resident: MakeResident,
    make_user: MakeUser,
) -> None:
    from proposals import queries

    author = await resident()
    round_id, ids = await _proposals(client, place, make_round, author)
    data = {"outcome": "feasible", "reason": "Prima"}
    await login(client, author)
    assert (await client.get(f"/voorstellen/{ids[0]}/beoordelen")).status_code == 403
    assert (await post_form(client, f"/voorstellen/{ids[0]}/beoordelen", data)).status_code == 403
    client.cookies.clear()
    council = await make_user(role="council", area_code=place.wijk, postcode="")
    await login(client, council)
    assert (await post_form(client, f"/voorstellen/{ids[0]}/beoordelen", data)).status_code == 403
    client.cookies.clear()
    await login(client, await make_user(role="staff", postcode=""))
    await set_phase(round_id, "deliberating")
    page = await client.get(f"/voorstellen/{ids[0]}")
    assert 'data-testid="proposal-review-link"' not in page.text
    late = await post_form(client, f"/voorstellen/{ids[0]}/beoordelen", data)
    assert late.status_code == 403
    found = await queries.proposal_by_id(ids[0])
    assert found is not None and found.status == "submitted"
