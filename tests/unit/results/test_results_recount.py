"""The export and its offline recount: exact cents, receipts as voter ids, hash-by-hash verdicts."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballots.counting import Ballot, Constraints, Instance, Project
from ballots.results import signing
from ballots.results.export import build_export, canonical_json, count_export, sha256_text
from ballots.results.verify import MATCH, MISMATCH, UNREADABLE, verify

KEY = Ed25519PrivateKey.generate()
PUBLIC = KEY.public_key()

INSTANCE = Instance(
    budget=100_000_00,
    projects=(Project("P1", 60_000_01, "Speeltuin"), Project("P2", 40_000_00, "Bankjes; groen")),
    constraints=Constraints(max_length=2),
)
BALLOTS = [("B-2", Ballot(("P2",))), ("A-1", Ballot(("P1", "P2"))), ("C-3", Ballot(()))]


def export() -> str:
    """A small export with an odd cost and a name with the separator in it."""
    return build_export(
        round_id=7,
        title="Testronde",
        area="Paddepoel",
        instance=INSTANCE,
        rule="greedy",
        options={"quorum": 5},
        tie_break="lexicographic",
        ballots=BALLOTS,
    )


def certificate(text: str, key: Ed25519PrivateKey = KEY, **changes: object) -> str:
    """A signed certificate.json for the export, with optional changed body fields."""
    counted = count_export(text, compare=False)
    costs = {p["id"]: p["cost"] for p in counted.outcome["projects"]}
    body = {
        "rule": "greedy",
        "parameters": counted.outcome["parameters"],
        "ballots": {"total": counted.ballots},
        "ballots_sha256": counted.ballots_sha256,
        "outcome_sha256": counted.outcome_sha256,
        "funded": [
            {"project_key": k, "amount_cents": costs[k]} for k in counted.outcome["selected"]
        ],
        "audit_head": {"height": 12, "hash": "a" * 64},
        **changes,
    }
    message = canonical_json(body).encode("utf-8")
    return json.dumps(
        {
            "body": body,
            "sha256": sha256_text(canonical_json(body)),
            "signature": base64.b64encode(key.sign(message)).decode(),
            "public_key": base64.b64encode(signing.raw_public(key.public_key())).decode(),
        }
    )


def test_export_is_sorted_by_receipt_with_exact_cents() -> None:
    """VOTES are in receipt order; costs stay exact integers; unknown options are left out."""
    text = export()
    assert "A-1;P1,P2\nB-2;P2\nC-3;\n" in text
    assert "P1;6000001;Speeltuin" in text and "rule_options;{}" in text
    assert count_export(text).outcome["selected"] == ["P2"]  # P1 is one cent too dear


def test_untouched_export_matches_and_each_change_is_named() -> None:
    """The verdict names the hash or field that differs."""
    text = export()
    assert verify(text, certificate(text), public_key=PUBLIC).exit_code == MATCH
    changed = verify(text.replace("B-2;P2", "B-2;P1"), certificate(text), public_key=PUBLIC)
    assert not changed.ok and "ballots_sha256" in changed.reason
    forged = verify(
        text,
        certificate(text, funded=[{"project_key": "P2", "amount_cents": 1}]),
        public_key=PUBLIC,
    )
    assert not forged.ok and forged.reason == "funded differs"
    broken = verify("not a pabulib file", certificate(text))
    assert broken.exit_code == UNREADABLE and "cannot be read" in broken.reason


def test_forged_votes_with_recomputed_hashes_fail_the_signature() -> None:
    """Issue 10: forging every vote and recomputing every hash used to report MATCH."""
    text = export()
    forged_text = text.replace("B-2;P2", "B-2;P1").replace("C-3;\n", "C-3;P1\n")
    forger = Ed25519PrivateKey.generate()
    forged = verify(forged_text, certificate(forged_text, key=forger), public_key=PUBLIC)
    assert forged.exit_code == MISMATCH
    assert [c.name for c in forged.checks if not c.ok] == ["signature"]
    unsigned = json.loads(certificate(forged_text))
    unsigned["signature"] = ""
    assert verify(forged_text, json.dumps(unsigned)).exit_code == MISMATCH


def test_the_audit_head_is_inside_the_signature() -> None:
    """Changing the audit head (or any other field) breaks the signature and the hash."""
    text = export()
    data = json.loads(certificate(text))
    data["body"]["audit_head"] = {"height": 12, "hash": "b" * 64}
    moved = verify(text, json.dumps(data), public_key=PUBLIC)
    failed = {c.name for c in moved.checks if not c.ok}
    assert failed == {"signature", "certificate_sha256"}


def test_an_expected_certificate_hash_must_match() -> None:
    text = export()
    good = certificate(text)
    stated = json.loads(good)["sha256"]
    assert verify(text, good, public_key=PUBLIC, expect_sha256=stated).ok
    other = verify(text, good, public_key=PUBLIC, expect_sha256="0" * 64)
    assert [c.name for c in other.checks if not c.ok] == ["expected_certificate_sha256"]


@pytest.mark.parametrize(
    "certificate_text",
    [
        "{not json",
        "[]",
        json.dumps({"body": {"funded": [1, 2]}}),
        json.dumps({"body": {"funded": [{"project_key": 1, "amount_cents": "x"}]}}),
        json.dumps({"body": {"ballots": {"total": "many"}}}),
        json.dumps({"body": {"audit_head": "top"}}),
        "[" * 100_000,
    ],
)
def test_malformed_certificates_are_unreadable_not_a_crash(certificate_text: str) -> None:
    """Issue 10: `funded` as a list of integers crashed `wijkstem verify`."""
    verdict = verify(export(), certificate_text)
    assert verdict.exit_code == UNREADABLE and not verdict.checks
