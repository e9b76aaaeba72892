"""The export and its offline recount: exact cents, receipts as voter ids, hash-by-hash verdicts."""

from __future__ import annotations

import json

from ballots.counting import Ballot, Constraints, Instance, Project
from ballots.results.export import build_export, canonical_json, count_export, sha256_text
from ballots.results.verify import verify

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


def certificate(text: str, **changes: object) -> str:
    """A certificate.json for the export, with optional changed body fields."""
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
        **changes,
    }
    return json.dumps({"body": body, "sha256": sha256_text(canonical_json(body))})


def test_export_is_sorted_by_receipt_with_exact_cents() -> None:
    """VOTES are in receipt order; costs stay exact integers; unknown options are left out."""
    text = export()
    assert "A-1;P1,P2\nB-2;P2\nC-3;\n" in text
    assert "P1;6000001;Speeltuin" in text and "rule_options;{}" in text
    assert count_export(text).outcome["selected"] == ["P2"]  # P1 is one cent too dear


def test_untouched_export_matches_and_each_change_is_named() -> None:
    """The verdict names the hash or field that differs."""
    text = export()
    assert verify(text, certificate(text)).ok
    changed = verify(text.replace("B-2;P2", "B-2;P1"), certificate(text))
    assert not changed.ok and "ballots_sha256" in changed.reason
    forged = verify(text, certificate(text, funded=[{"project_key": "P2", "amount_cents": 1}]))
    assert not forged.ok and forged.reason == "funded differs"
    broken = verify("not a pabulib file", certificate(text))
    assert not broken.ok and "cannot be read" in broken.reason
