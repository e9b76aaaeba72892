"""Recount a published export and compare it with its certificate, hash by hash (pure, offline)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ballots.results.export import ExportError, canonical_json, count_export, sha256_text


@dataclass(frozen=True)
class Check:
    """One comparison: what it is, whether it matched, and both sides when it did not."""

    name: str
    ok: bool
    expected: str = ""
    actual: str = ""


@dataclass(frozen=True)
class Verdict:
    """Whether the export reproduces its certificate; every check, and a reason when it fails."""

    ok: bool
    checks: tuple[Check, ...]
    reason: str = ""
    certificate_sha256: str = ""


def _failed(reason: str) -> Verdict:
    return Verdict(False, (), reason)


def read_certificate(text: str) -> tuple[dict[str, Any], str]:
    """The certificate body and its stated SHA-256 from certificate.json."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ExportError(f"the certificate is not JSON: {exc.msg}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("body"), dict):
        raise ExportError("the certificate has no body")
    return data["body"], str(data.get("sha256", ""))


def _check(name: str, expected: Any, actual: Any) -> Check:
    if expected == actual:
        return Check(name, True)
    show = canonical_json
    return Check(name, False, show(expected)[:200], show(actual)[:200])


def verify(ballots_text: str, certificate_text: str) -> Verdict:
    """Recount `ballots.pb` and compare every hash and figure with `certificate.json`."""
    try:
        body, stated = read_certificate(certificate_text)
        counted = count_export(ballots_text, compare=False)
    except ExportError as exc:
        return _failed(str(exc))
    funded = body.get("funded", [])
    costs = {p["id"]: p["cost"] for p in counted.outcome["projects"]}
    checks = (
        _check("certificate_sha256", stated, sha256_text(canonical_json(body))),
        _check("ballots_sha256", body.get("ballots_sha256"), counted.ballots_sha256),
        _check("outcome_sha256", body.get("outcome_sha256"), counted.outcome_sha256),
        _check("rule", body.get("rule"), counted.outcome["rule"]),
        _check("parameters", body.get("parameters"), counted.outcome["parameters"]),
        _check("ballots", body.get("ballots", {}).get("total"), counted.ballots),
        _check(
            "funded",
            [(f.get("project_key"), f.get("amount_cents")) for f in funded],
            [(key, costs[key]) for key in counted.outcome["selected"]],
        ),
    )
    failed = [c for c in checks if not c.ok]
    reason = "; ".join(f"{c.name} differs" for c in failed)
    return Verdict(not failed, checks, reason, stated)


def report(verdict: Verdict) -> str:
    """The verdict as plain lines, one per check (for the CLI)."""
    if not verdict.checks:
        return f"MISMATCH: {verdict.reason}"
    lines = []
    for check in verdict.checks:
        if check.ok:
            lines.append(f"ok        {check.name}")
        else:
            lines.append(
                f"MISMATCH  {check.name}: certificate {check.expected}, recount {check.actual}"
            )
    lines.append("MATCH" if verdict.ok else f"MISMATCH: {verdict.reason}")
    return "\n".join(lines)
