"""The result page and the proces-verbaal in plain words: names, euros, sentences, signatures."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from pypdf import PdfReader

from tests.integration.results.test_results_certify import BALLOTS, principal
from tests.support.web import DEFAULT_PASSWORD

Counted = Callable[..., Awaitable[tuple[int, int]]]
MakeUser = Callable[..., Awaitable[Any]]


async def _certify(round_id: int, result_id: int, make_user: MakeUser) -> None:
    from ballots.results import services

    first, second = principal(await make_user("certifier")), principal(await make_user("certifier"))
    assert (await services.approve_result(first, round_id, result_id)).ok
    assert (await services.approve_result(second, round_id, result_id, DEFAULT_PASSWORD)).ok


async def test_the_result_page_speaks_plain_dutch(
    client: httpx.AsyncClient, counted_round: Counted
) -> None:
    """No raw cents, fractions, rule keys or engine sentences: euros, percentages and reasons."""
    round_id, _result_id = await counted_round(BALLOTS, counting_rule="mes-add1")
    page = (await client.get(f"/rondes/{round_id}/uitslag")).text
    assert "Methode van Gelijke Aandelen" in page and "mes-add1" not in page
    assert "could still pay" not in page and "funded in round" not in page
    assert "Gekozen in stap 1" in page
    assert 'data-testid="result-chart"' in page and "<svg" in page
    assert "%" in page  # the share of each unchosen proposal's cost its voters could pay


async def test_the_record_lists_every_project_and_both_certifiers_in_dutch(
    client: httpx.AsyncClient, counted_round: Counted, make_user: MakeUser
) -> None:
    """Municipal header, every project with votes and outcome, signatures, page numbers."""
    from ballots.results import queries

    round_id, result_id = await counted_round(
        BALLOTS, counting_rule="greedy", amount_cents=60_000_00
    )
    await _certify(round_id, result_id, make_user)
    result = await queries.latest_result(round_id)
    assert result is not None
    names = [str(p["name"]) for p in result.outcome["projects"]]
    unfunded = [str(p["name"]) for p in result.outcome["projects"] if not p["funded"]]
    response = await client.get(f"/rondes/{round_id}/uitslag/proces-verbaal.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "Gemeente Groningen" in text and "Proces-verbaal" in text
    assert all(name in text for name in names) and unfunded
    assert "Niet gekozen" in text and "Handtekening" in text and "Certificeerder" in text
    assert f"Pagina 1 van {len(reader.pages)}" in text
    assert "Official record" not in text and "Counting rule" not in text


async def test_the_record_prints_the_signature_and_key_id_and_the_unverified_label(
    client: httpx.AsyncClient, counted_round: Counted, make_user: MakeUser
) -> None:
    """The paper record carries the certificate's Ed25519 signature and the signing key's
    fingerprint; a round without a register says at the top that it was an unverified poll."""
    import json

    from ballots.results import queries, record

    round_id, result_id = await counted_round(BALLOTS, counting_rule="greedy")
    await _certify(round_id, result_id, make_user)
    published = json.loads((await client.get(f"/rondes/{round_id}/uitslag/certificate.json")).text)
    response = await client.get(f"/rondes/{round_id}/uitslag/proces-verbaal.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    packed = "".join(text.split())
    assert published["signature"] and published["signature"] in packed
    assert published["body"]["signing_key_id"] in packed
    assert "Vingerafdruk" in text or "vingerafdruk" in text
    assert "Niet-gecontroleerde peiling." in text and "Wie mocht stemmen" in text
    certificate = (await queries.certificates(round_id))[0]
    body = {**certificate.body, "eligibility": "register"}
    registered = record.record_pdf(body, certificate.sha256, certificate.audit_head)
    plain = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(registered)).pages)
    assert "Niet-gecontroleerde peiling" not in plain and "kiezersregister" in plain
