"""The public export: board == export, `wijkstem export`/`verify`, tampering, the verify page."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from app.web.answers import status_of
from tests.integration.results.test_results_certify import BALLOTS, principal
from tests.support.web import DEFAULT_PASSWORD, post_form

Counted = Callable[..., Awaitable[tuple[int, int]]]
MakeUser = Callable[..., Awaitable[Any]]


async def certified(counted_round: Counted, make_user: MakeUser, **fields: Any) -> int:
    """A round counted and certified by two certifiers; its id."""
    from ballots.results import services

    round_id, result_id = await counted_round(BALLOTS, **fields)
    first, second = principal(await make_user("certifier")), principal(await make_user("certifier"))
    assert (await services.approve_result(first, round_id, result_id)).ok
    assert (await services.approve_result(second, round_id, result_id, DEFAULT_PASSWORD)).ok
    return round_id


async def test_board_and_export_agree_ballot_for_ballot(
    counted_round: Counted, make_user: MakeUser
) -> None:
    """Every board entry is one VOTES row with the same receipt and projects, and no more."""
    from ballots.box import queries as box
    from ballots.counting import parse
    from ballots.results import queries

    round_id = await certified(counted_round, make_user, counting_rule="mes")
    found = await queries.certified_export(round_id)
    assert found is not None
    parsed = parse(found[1])
    assert parsed.profile is not None
    exported = [(b.voter_id, b.projects) for b in parsed.profile.ballots]
    board = [(e.receipt, e.ballot.projects) for e in await box.board(round_id)]
    assert board == exported


async def test_export_and_verify_cli(
    counted_round: Counted, make_user: MakeUser, tmp_path: Path, capsys: Any
) -> None:
    """The untouched export matches; one ballot, one cost or one certificate field does not."""
    from ballots.results import cli

    round_id = await certified(counted_round, make_user, counting_rule="mes-add1")
    await _export(round_id, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(cli.EXPORT_FILES)
    pb, cert = tmp_path / "ballots.pb", tmp_path / "certificate.json"
    args = _args(pb, cert)
    assert cli.cmd_verify(args) == 0
    assert "MATCH" in capsys.readouterr().out
    original = pb.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    votes = lines.index("VOTES\n") + 2
    receipt, vote = lines[votes].rstrip("\n").split(";")
    lines[votes] = f"{receipt};{'P3' if vote != 'P3' else 'P2'}\n"
    pb.write_text("".join(lines), encoding="utf-8")
    assert cli.cmd_verify(args) == 1
    assert "MISMATCH  ballots_sha256" in capsys.readouterr().out
    pb.write_text(original.replace("P4;1000000;", "P4;1000001;"), encoding="utf-8")
    assert cli.cmd_verify(args) == 1
    assert "ballots_sha256" in capsys.readouterr().out
    pb.write_text(original, encoding="utf-8")
    data = json.loads(cert.read_text(encoding="utf-8"))
    data["body"]["eligible_voters"] += 1
    cert.write_text(json.dumps(data), encoding="utf-8")
    assert cli.cmd_verify(args) == 1
    assert "MISMATCH  certificate_sha256" in capsys.readouterr().out


async def test_verify_cli_checks_the_signature_and_tells_unreadable_from_mismatch(
    counted_round: Counted, make_user: MakeUser, tmp_path: Path, capsys: Any
) -> None:
    """Issue 10: forged votes with recomputed hashes; `funded` as integers; the expected hash."""
    from ballots.counting import parse
    from ballots.results import cli
    from ballots.results.export import canonical_json, count_export, sha256_text

    round_id = await certified(counted_round, make_user, counting_rule="greedy")
    await _export(round_id, tmp_path)
    pb, cert = tmp_path / "ballots.pb", tmp_path / "certificate.json"
    data = json.loads(cert.read_text(encoding="utf-8"))
    args = _args(pb, cert)
    args.expect_certificate_sha256 = data["sha256"]
    assert cli.cmd_verify(args) == 0
    assert "body" in data and data["body"]["audit_head"]["height"] > 0
    # Forge every vote for P1 and recompute every hash in the certificate.
    original = pb.read_text(encoding="utf-8")
    head, votes = original.split("VOTES\n")
    rows = votes.splitlines()
    forged_votes = [rows[0]] + [f"{row.split(';')[0]};P1" for row in rows[1:]]
    forged = head + "VOTES\n" + "\n".join(forged_votes) + "\n"
    assert parse(forged).profile is not None
    pb.write_text(forged, encoding="utf-8")
    counted = count_export(forged, compare=False)
    costs = {p["id"]: p["cost"] for p in counted.outcome["projects"]}
    body = data["body"]
    body["ballots_sha256"], body["outcome_sha256"] = counted.ballots_sha256, counted.outcome_sha256
    body["funded"] = [
        {"project_key": k, "amount_cents": costs[k]} for k in counted.outcome["selected"]
    ]
    data["sha256"] = sha256_text(canonical_json(body))
    cert.write_text(json.dumps(data), encoding="utf-8")
    args.expect_certificate_sha256 = None
    assert cli.cmd_verify(args) == 1
    out = capsys.readouterr().out
    assert "MISMATCH  signature" in out and "MISMATCH: signature differs" in out
    data["body"]["funded"] = [1, 2]
    cert.write_text(json.dumps(data), encoding="utf-8")
    assert cli.cmd_verify(args) == 2
    assert "UNREADABLE" in capsys.readouterr().out
    cert.write_text("{not json", encoding="utf-8")
    assert cli.cmd_verify(args) == 2


def _args(pb: Path, cert: Path) -> Any:
    import argparse

    return argparse.Namespace(
        ballots=str(pb),
        certificate=str(cert),
        public_key=str(pb.parent / "public-key.pem"),
        expect_certificate_sha256=None,
    )


async def _export(round_id: int, out: Path) -> None:
    """What `wijkstem export` writes, on the test's event loop."""
    from ballots.results import queries, record

    found = await queries.certified_export(round_id)
    assert found is not None
    certificate, ballots = found
    (out / "ballots.pb").write_text(ballots, encoding="utf-8", newline="")
    (out / "certificate.json").write_text(certificate.published(), encoding="utf-8")
    pdf = record.record_pdf(certificate.body, certificate.sha256, certificate.audit_head)
    (out / "record.pdf").write_bytes(pdf)
    from ballots.results import signing

    key = signing.private_key().public_key()
    (out / "public-key.pem").write_text(signing.public_pem(key), encoding="ascii")


async def test_verify_page_checks_the_stored_export_and_uploads(
    client: httpx.AsyncClient, counted_round: Counted, make_user: MakeUser
) -> None:
    """One click verifies the stored export; a tampered upload is reported with the reason."""
    round_id = await certified(counted_round, make_user, counting_rule="greedy")
    stored = await post_form(client, "/uitslag/controleren", {"round_id": str(round_id)})
    assert stored.status_code == 200 and 'data-ok="yes"' in stored.text
    ballots = (await client.get(f"/rondes/{round_id}/uitslag/ballots.pb")).content
    certificate = (await client.get(f"/rondes/{round_id}/uitslag/certificate.json")).content
    token = client.cookies["wijkstem_csrf"]
    files = {"ballots": ("ballots.pb", ballots), "certificate": ("certificate.json", certificate)}
    good = await client.post("/uitslag/controleren", data={"_csrf_token": token}, files=files)
    assert 'data-testid="verify-verdict" data-ok="yes"' in good.text
    unreadable = {**files, "ballots": ("ballots.pb", ballots.replace(b"P1;", b"P2;", 1))}
    bad = await client.post("/uitslag/controleren", data={"_csrf_token": token}, files=unreadable)
    assert bad.status_code == 400 and 'data-testid="verify-error"' in bad.text
    head, votes = ballots.split(b"VOTES\n")
    lines = votes.splitlines()
    receipt = lines[1].split(b";")[0]
    lines[1] = receipt + (b";P2" if not lines[1].endswith(b";P2") else b";P3")
    changed = head + b"VOTES\n" + b"\n".join(lines) + b"\n"
    tampered = {**files, "ballots": ("ballots.pb", changed)}
    bad = await client.post("/uitslag/controleren", data={"_csrf_token": token}, files=tampered)
    assert bad.status_code == 200 and 'data-ok="no"' in bad.text
    missing = await client.post("/uitslag/controleren", data={"_csrf_token": token})
    assert missing.status_code == 400
    for broken in (b"{not json", b'{"body": {"funded": [1, 2]}}'):
        malformed = {**files, "certificate": ("certificate.json", broken)}
        answer = await client.post(
            "/uitslag/controleren", data={"_csrf_token": token}, files=malformed
        )
        assert answer.status_code == 400 and 'data-testid="verify-error"' in answer.text
    key = await client.get("/uitslag/sleutel")
    assert key.status_code == 200 and "BEGIN PUBLIC KEY" in key.text
    nothing = await client.get("/rondes/999999/uitslag/ballots.pb")
    assert nothing.status_code == 404


async def test_a_correction_is_a_new_linked_certificate(
    counted_round: Counted, make_user: MakeUser
) -> None:
    """Staff start a correction with a reason; two certifiers certify a linked certificate."""
    from app.accounts.permissions import Principal
    from ballots.results import jobs, queries, services

    round_id = await certified(counted_round, make_user, counting_rule="greedy")
    old = await queries.current_certificate(round_id)
    assert old is not None
    assert not (await jobs.request_count(None, round_id)).ok  # certified: no plain recount
    staff_account = await make_user("staff")
    staff = Principal(id=staff_account.id, grants=frozenset({("staff", "")}))
    no_reason = await jobs.request_count(staff, round_id, corrects=old.id)
    assert status_of(no_reason) == 400
    queued = await jobs.request_count(staff, round_id, corrects=old.id, reason="Batch 2 late")
    assert queued.ok and queued.value is not None
    draft = await jobs.run_job(queued.value)
    assert draft.ok and draft.value is not None
    first, second = principal(await make_user("certifier")), principal(await make_user("certifier"))
    assert (await services.approve_result(first, round_id, draft.value)).ok
    assert (await services.approve_result(second, round_id, draft.value, DEFAULT_PASSWORD)).ok
    new = await queries.current_certificate(round_id)
    assert new is not None and new.id != old.id and new.corrects == old.id
    assert new.body["corrects"] == {
        "certificate_id": old.id,
        "sha256": old.sha256,
        "reason": "Batch 2 late",
    }
    assert len(await queries.certificates(round_id)) == 2


async def test_recounts_run_in_a_limited_worker_and_at_most_two_at_once(
    client: httpx.AsyncClient, counted_round: Counted, make_user: MakeUser, monkeypatch: Any
) -> None:
    """Issue 10: a 202-byte file with budget 1e6000000 kept the event loop busy for 14 s."""
    from ballots.results import recount

    round_id = await certified(counted_round, make_user, counting_rule="greedy")
    certificate = (await client.get(f"/rondes/{round_id}/uitslag/certificate.json")).content
    await client.get("/uitslag/controleren")
    token = client.cookies["wijkstem_csrf"]
    heavy = (
        b"META\nkey;value\nnum_projects;1\nnum_votes;1\nbudget;1e6000000\nvote_type;approval\n"
        b"rule;greedy\nPROJECTS\nproject_id;cost\nP1;1e6000000\nVOTES\nvoter_id;vote\nA;P1\n"
    )
    files = {"ballots": ("ballots.pb", heavy), "certificate": ("certificate.json", certificate)}
    answer = await client.post("/uitslag/controleren", data={"_csrf_token": token}, files=files)
    assert answer.status_code == 400 and 'data-testid="verify-error"' in answer.text
    # The worker's limits are real: with 40 MB of address space the recount cannot even start.
    ballots = (await client.get(f"/rondes/{round_id}/uitslag/ballots.pb")).content
    good = {**files, "ballots": ("ballots.pb", ballots)}
    monkeypatch.setattr(recount, "MEMORY_BYTES", 40 * 1024 * 1024)
    starved = await client.post("/uitslag/controleren", data={"_csrf_token": token}, files=good)
    assert starved.status_code == 400 and 'data-testid="verify-verdict"' not in starved.text
    monkeypatch.setattr(recount, "MEMORY_BYTES", 1024 * 1024 * 1024)
    fine = await client.post("/uitslag/controleren", data={"_csrf_token": token}, files=good)
    assert fine.status_code == 200 and 'data-ok="yes"' in fine.text
    # Two recounts held by other web workers (lease rows in the shared database): busy here.
    from ballots.results import recount_slots

    others = [await recount_slots.acquire(recount.MAX_RUNNING, recount.LEASE) for _ in range(2)]
    assert all(others)
    busy = await client.post("/uitslag/controleren", data={"_csrf_token": token}, files=files)
    assert busy.status_code == 429 and 'data-testid="verify-error"' in busy.text
    assert "Er lopen al twee hertellingen" in busy.text
    for other in others:
        await recount_slots.release(str(other))
