"""Two-person certification: approvals, every refusal, the certificate and its audit event."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from app.web.answers import status_of
from tests.support.web import DEFAULT_PASSWORD, login, post_form

Counted = Callable[..., Awaitable[tuple[int, int]]]
MakeUser = Callable[..., Awaitable[Any]]
BALLOTS = [["P1"], ["P1", "P2"], ["P2", "P3"], ["P4"], ["P1", "P4"]]


def principal(account: Any, role: str = "certifier") -> Any:
    """A signed-in certifier as the services see them."""
    from app.accounts.permissions import Principal

    return Principal(id=account.id, email=account.email, grants=frozenset({(role, "")}))


async def snapshot(result_id: int) -> tuple[int, str]:
    """Decisions on a result and its status (to show a refusal changed nothing)."""
    from ballots.results.tables import CertifierDecision, Result

    decisions = await CertifierDecision.count().where(CertifierDecision.result == result_id)
    row = await Result.select(Result.status).where(Result.id == result_id).first()
    assert row is not None
    return int(decisions), str(row["status"])


async def test_two_certifiers_certify_with_every_refusal(
    counted_round: Counted, make_user: MakeUser
) -> None:
    """Refusals change nothing; the second approval certifies in one go."""
    from app.audit import queries as audit
    from app.audit import services as audit_services
    from app.rounds.queries import round_by_id
    from ballots.results import queries, services
    from ballots.results.export import canonical_json, sha256_text

    round_id, result_id = await counted_round(BALLOTS, counting_rule="mes-add1")
    first, second = principal(await make_user("certifier")), principal(await make_user("certifier"))
    resident = principal(await make_user("resident"), "resident")
    refused = await services.approve_result(resident, round_id, result_id)
    assert (refused.ok, status_of(refused)) == (False, 403)
    assert await snapshot(result_id) == (0, "draft")
    assert (await services.approve_result(first, round_id, result_id)).ok
    twice = await services.approve_result(first, round_id, result_id, DEFAULT_PASSWORD)
    assert (twice.ok, status_of(twice)) == (False, 409)
    assert await snapshot(result_id) == (1, "draft")
    no_password = await services.approve_result(second, round_id, result_id)
    wrong = await services.approve_result(second, round_id, result_id, "not the password")
    assert (status_of(no_password), status_of(wrong)) == (403, 403)
    assert await snapshot(result_id) == (1, "draft")
    done = await services.approve_result(second, round_id, result_id, DEFAULT_PASSWORD)
    assert done.ok and done.value is not None and done.value.certificate_id is not None
    assert await snapshot(result_id) == (2, "certified")
    view = await round_by_id(round_id)
    assert view is not None and view.phase == "certified"
    certificate = await queries.current_certificate(round_id)
    assert certificate is not None
    body = certificate.body
    assert sha256_text(canonical_json(body)) == certificate.sha256
    assert [c["user_id"] for c in body["certifiers"]] == [first.id, second.id]
    assert body["ballots"]["total"] == len(BALLOTS) and body["eligible_voters"] == len(BALLOTS) + 2
    found = await queries.certified_export(round_id)
    assert found is not None and sha256_text(found[1]) == body["ballots_sha256"]
    events = await audit.events_for_subject(f"round:{round_id}")
    certify = [e for e in events if e["action"] == "result.certify"]
    assert json.loads(certify[0]["payload"])["certificate_sha256"] == certificate.sha256
    assert certify[0]["hash"] == certificate.audit_head
    verdict = await audit_services.verify_chain(expect_head=certificate.audit_head)
    # Other tests insert certificates with made-up heads; only this round's must hold.
    mine = [p for p in await audit_services.anchor_problems() if f"(round {round_id})" in p]
    assert mine == [] and verdict.length > 0
    head = body["audit_head"]
    assert certify[0]["height"] == head["height"] + 1 and certify[0]["parent_hash"] == head["hash"]
    after = await services.approve_result(first, round_id, result_id, DEFAULT_PASSWORD)
    assert status_of(after) == 409


async def test_a_rejection_sends_the_draft_back(
    counted_round: Counted, make_user: MakeUser
) -> None:
    """A reason is required; after a rejection a recount makes a new draft."""
    from ballots.results import jobs, queries, services

    round_id, result_id = await counted_round(BALLOTS, counting_rule="greedy")
    certifier = principal(await make_user("certifier"))
    blank = await services.reject_result(certifier, round_id, result_id, "  ")
    assert status_of(blank) == 400 and await snapshot(result_id) == (0, "draft")
    assert not (await jobs.request_count(None, round_id)).ok  # a draft awaits decisions
    assert (await services.reject_result(certifier, round_id, result_id, "Batch 3 missing")).ok
    assert await snapshot(result_id) == (1, "rejected")
    again = await jobs.count_now(round_id)
    assert again.ok
    latest = await queries.latest_result(round_id)
    assert latest is not None and latest.status == "draft" and latest.id != result_id


async def test_the_one_who_started_the_count_may_not_certify_it(make_user: MakeUser) -> None:
    """A staff member who is also a certifier cannot approve the count they started."""
    from app.accounts.permissions import Principal
    from ballots.results import jobs, queries, services
    from tests.integration.results.conftest import closed_round

    round_id = await closed_round(BALLOTS, counting_rule="greedy")
    account = await make_user("staff")
    both = Principal(
        id=account.id, email=account.email, grants=frozenset({("staff", ""), ("certifier", "")})
    )
    queued = await jobs.request_count(both, round_id)
    assert queued.ok and queued.value is not None
    await jobs.run_job(queued.value)
    result = await queries.latest_result(round_id)
    assert result is not None
    refused = await services.approve_result(both, round_id, result.id)
    assert status_of(refused) == 409 and await snapshot(result.id) == (0, "draft")


async def test_pages_show_draft_and_certify_through_the_forms(
    client: httpx.AsyncClient, counted_round: Counted, make_user: MakeUser
) -> None:
    """Certifiers use the page's forms; the second enters the password; refusals are 4xx."""
    round_id, result_id = await counted_round(BALLOTS, counting_rule="greedy")
    first, second = await make_user("certifier"), await make_user("certifier")
    await login(client, first)
    draft = await client.get(f"/rondes/{round_id}/uitslag")
    assert 'data-status="draft"' in draft.text and "approve-submit" in draft.text
    assert "result-comparison" in draft.text and "result-turnout" in draft.text
    path = f"/rondes/{round_id}/uitslag/{result_id}/goedkeuren"
    assert (await post_form(client, path)).status_code == 303
    assert (await post_form(client, path, {"password": DEFAULT_PASSWORD})).status_code == 409
    client.cookies.clear()
    await login(client, second)
    assert (await post_form(client, path, {"password": "wrong one"})).status_code == 403
    assert (await post_form(client, path, {"password": DEFAULT_PASSWORD})).status_code == 303
    page = await client.get(f"/rondes/{round_id}/uitslag")
    assert "certificate-sha" in page.text and "export-ballots" in page.text
    pdf = await client.get(f"/rondes/{round_id}/uitslag/proces-verbaal.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
