"""Recount a published export and compare it with its certificate, hash by hash (pure, offline).

Besides the recount, the certificate must carry a valid Ed25519 signature over its whole body
(which holds the audit head): with the municipality's public key when one is given (the web page
always uses this server's key), else with the key printed in the certificate, which proves only
that nobody changed it after signing. Unreadable input is told apart from a mismatch.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ballots.results import signing
from ballots.results.export import ExportError, canonical_json, count_export, sha256_text

MATCH, MISMATCH, UNREADABLE = 0, 1, 2


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
    unreadable: bool = False
    key_id: str = ""
    key_trusted: bool = False

    @property
    def exit_code(self) -> int:
        """0 match, 1 mismatch, 2 unreadable input."""
        if self.unreadable:
            return UNREADABLE
        return MATCH if self.ok else MISMATCH


@dataclass(frozen=True)
class Certificate:
    """certificate.json as read: its body (checked for shape), stated hash and signature."""

    body: dict[str, Any]
    sha256: str
    signature: str
    public_key: str


def _unreadable(reason: str) -> Verdict:
    return Verdict(False, (), reason, unreadable=True)


def _shape_problem(body: dict[str, Any]) -> str:
    """Why a certificate body cannot be compared ('' when its fields have the right types)."""
    funded = body.get("funded", [])
    if not isinstance(funded, list) or not all(
        isinstance(item, dict)
        and isinstance(item.get("project_key"), str)
        and isinstance(item.get("amount_cents"), int)
        for item in funded
    ):
        return "'funded' must be a list of {project_key, amount_cents} objects"
    ballots = body.get("ballots", {})
    if not isinstance(ballots, dict) or not isinstance(ballots.get("total", 0), int):
        return "'ballots' must be an object with a whole-number 'total'"
    for name in ("ballots_sha256", "outcome_sha256", "rule"):
        if not isinstance(body.get(name, ""), str):
            return f"'{name}' must be text"
    if not isinstance(body.get("parameters", {}), dict):
        return "'parameters' must be an object"
    head = body.get("audit_head")
    if head is not None and not (
        isinstance(head, dict)
        and isinstance(head.get("height"), int)
        and isinstance(head.get("hash"), str)
    ):
        return "'audit_head' must be an object with a height and a hash"
    return ""


def read_certificate(text: str) -> Certificate:
    """certificate.json, checked for shape; ExportError when it is not one."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise ExportError("the certificate is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("body"), dict):
        raise ExportError("the certificate has no body")
    problem = _shape_problem(data["body"])
    if problem:
        raise ExportError(f"the certificate cannot be read: {problem}")
    return Certificate(
        data["body"],
        str(data.get("sha256", "")),
        str(data.get("signature", "") or ""),
        str(data.get("public_key", "") or ""),
    )


def _check(name: str, expected: object, actual: object) -> Check:
    if expected == actual:
        return Check(name, True)
    show = canonical_json
    return Check(name, False, show(expected)[:200], show(actual)[:200])


def _signature_check(
    certificate: Certificate, trusted: Ed25519PublicKey | None
) -> tuple[Check, str]:
    """The signature check, and the fingerprint of the key it was checked with."""
    key = trusted
    if key is None:
        try:
            key = signing.read_public_key(certificate.public_key)
        except signing.SigningKeyError:
            return Check("signature", False, "a valid Ed25519 signature", "none"), ""
    fingerprint = signing.key_id(key)
    message = canonical_json(certificate.body).encode("utf-8")
    if certificate.signature and signing.signature_holds(message, certificate.signature, key):
        return Check("signature", True), fingerprint
    return Check("signature", False, f"signed with key {fingerprint}", "does not hold"), fingerprint


def verify(
    ballots_text: str,
    certificate_text: str,
    *,
    public_key: Ed25519PublicKey | None = None,
    expect_sha256: str = "",
) -> Verdict:
    """Recount `ballots.pb`; compare the signature, every hash and figure with the certificate."""
    try:
        certificate = read_certificate(certificate_text)
        counted = count_export(ballots_text, compare=False)
    except ExportError as exc:
        return _unreadable(str(exc))
    body, stated = certificate.body, certificate.sha256
    funded = body.get("funded", [])
    costs = {p["id"]: p["cost"] for p in counted.outcome["projects"]}
    signature, fingerprint = _signature_check(certificate, public_key)
    checks = [
        signature,
        _check("certificate_sha256", stated, sha256_text(canonical_json(body))),
    ]
    if expect_sha256:
        checks.append(_check("expected_certificate_sha256", expect_sha256.lower(), stated))
    checks += [
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
    ]
    failed = [c for c in checks if not c.ok]
    reason = "; ".join(f"{c.name} differs" for c in failed)
    return Verdict(
        not failed,
        tuple(checks),
        reason,
        stated,
        key_id=fingerprint,
        key_trusted=public_key is not None,
    )


def report(verdict: Verdict) -> str:
    """The verdict as plain lines, one per check (for the CLI)."""
    if not verdict.checks:
        return (
            f"UNREADABLE: {verdict.reason}" if verdict.unreadable else f"MISMATCH: {verdict.reason}"
        )
    lines = []
    for check in verdict.checks:
        if check.ok:
            lines.append(f"ok        {check.name}")
        else:
            lines.append(
                f"MISMATCH  {check.name}: certificate {check.expected}, recount {check.actual}"
            )
    if verdict.key_id and not verdict.key_trusted:
        lines.append(
            f"note      signed with key {verdict.key_id}, taken from the certificate itself; "
            "pass --public-key (from /uitslag/sleutel) to check it is the municipality's"
        )
    lines.append("MATCH" if verdict.ok else f"MISMATCH: {verdict.reason}")
    return "\n".join(lines)
