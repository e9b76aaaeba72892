"""Read-only questions about results: the count's progress, drafts, decisions and certificates."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.audit.chain import Anchor
from app.jsontypes import JSONObject
from ballots.results.tables import (
    Certificate,
    CertificateSignature,
    CertifierDecision,
    CountJob,
    Result,
)


@dataclass(frozen=True, slots=True)
class Decision:
    """One certifier's decision on a draft result: approve, or reject with a reason."""

    certifier: int
    decision: str
    reason: str
    decided_at: datetime


def _optional_id(value: object) -> int | None:
    return None if value is None else int(str(value))


def _moment(value: object) -> datetime:
    """A Timestamptz column's value (a datetime; ISO text if a driver hands back text)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _decision(row: Mapping[str, object]) -> Decision:
    return Decision(
        certifier=int(str(row["certifier"])),
        decision=str(row["decision"]),
        reason=str(row["reason"] or ""),
        decided_at=_moment(row["decided_at"]),
    )


@dataclass(frozen=True, slots=True)
class CountJobView:
    """A count job's state as the result page shows it."""

    id: int
    status: str
    progress: int
    message: str
    worker: str


@dataclass(frozen=True)
class ResultView:
    """A counted result with its engine outcome and the decisions on it."""

    id: int
    status: str
    rule: str
    outcome: JSONObject
    comparison: JSONObject
    counts: JSONObject
    ballots_sha256: str
    corrects: int | None
    correction_reason: str
    created_at: datetime
    decisions: list[Decision] = field(default_factory=list)
    round_id: int = 0
    job: int = 0

    @property
    def approvals(self) -> list[Decision]:
        """The approvals so far."""
        return [d for d in self.decisions if d.decision == "approve"]


@dataclass(frozen=True)
class CertificateView:
    """A certificate as published: its body, hash and the audit head printed on it."""

    id: int
    result_id: int
    round_id: int
    body: dict[str, Any]
    text: str
    sha256: str
    audit_head: str
    corrects: int | None
    created_at: datetime
    signature: str = ""
    public_key: str = ""

    def published(self) -> str:
        """certificate.json: the body exactly as hashed and signed, its hash and signature.

        `audit_head` at the top level is the certify event's hash (the body's `audit_head`,
        inside the signature, is the chain head that event was appended to).
        """
        return json.dumps(
            {
                "body": self.body,
                "sha256": self.sha256,
                "audit_head": self.audit_head,
                "signature": self.signature,
                "public_key": self.public_key,
            },
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        )


async def latest_job(round_id: int) -> CountJobView | None:
    """The newest count job of a round (its status and progress)."""
    row = await (
        CountJob.select(
            CountJob.id, CountJob.status, CountJob.progress, CountJob.message, CountJob.worker
        )
        .where(CountJob.round == round_id)
        .order_by(CountJob.id, ascending=False)
        .first()
    )
    if row is None:
        return None
    return CountJobView(
        int(row["id"]),
        str(row["status"]),
        int(row["progress"] or 0),
        str(row["message"] or ""),
        str(row["worker"] or ""),
    )


def _result(row: Mapping[str, object], decisions: list[Decision]) -> ResultView:
    return ResultView(
        id=int(str(row["id"])),
        status=str(row["status"]),
        rule=str(row["rule"]),
        outcome=json.loads(str(row["outcome"])),
        comparison=json.loads(str(row["comparison"] or "{}")),
        counts=json.loads(str(row["counts"] or "{}")),
        ballots_sha256=str(row["ballots_sha256"]),
        corrects=_optional_id(row["corrects"]),
        correction_reason=str(row["correction_reason"] or ""),
        created_at=_moment(row["created_at"]),
        decisions=decisions,
        round_id=int(str(row["round"])),
        job=int(str(row["job"] or 0)),
    )


async def decisions_of(result_id: int) -> list[Decision]:
    """The certifiers' decisions on a result, in the order they were made."""
    rows = await (
        CertifierDecision.select(
            CertifierDecision.certifier,
            CertifierDecision.decision,
            CertifierDecision.reason,
            CertifierDecision.decided_at,
        )
        .where(CertifierDecision.result == result_id)
        .order_by(CertifierDecision.id)
    )
    return [_decision(row) for row in rows]


async def result_of_round(result_id: int, round_id: int) -> ResultView | None:
    """One result of a round with its decisions, or None."""
    row = await (
        Result.select(*Result.all_columns(exclude=[Result.export]))
        .where((Result.id == result_id) & (Result.round == round_id))
        .first()
    )
    return None if row is None else _result(row, await decisions_of(result_id))


async def latest_result(round_id: int) -> ResultView | None:
    """The newest result of a round (draft, rejected or certified), with its decisions."""
    row = await (
        Result.select(*Result.all_columns(exclude=[Result.export]))
        .where(Result.round == round_id)
        .order_by(Result.id, ascending=False)
        .first()
    )
    if row is None:
        return None
    return _result(row, await decisions_of(int(row["id"])))


@dataclass(frozen=True, slots=True)
class _Signed:
    signature: str
    public_key: str


def _certificate(row: Mapping[str, object], signed: _Signed | None = None) -> CertificateView:
    return CertificateView(
        signature=signed.signature if signed else "",
        public_key=signed.public_key if signed else "",
        id=int(str(row["id"])),
        result_id=int(str(row["result"])),
        round_id=int(str(row["round"])),
        body=json.loads(str(row["body"])),
        text=str(row["body"]),
        sha256=str(row["sha256"]),
        audit_head=str(row["audit_head"]),
        corrects=_optional_id(row["corrects"]),
        created_at=_moment(row["created_at"]),
    )


async def certificates(round_id: int) -> list[CertificateView]:
    """Every certificate of a round, newest first (a correction comes after what it corrects)."""
    rows = await (
        Certificate.select()
        .where(Certificate.round == round_id)
        .order_by(Certificate.id, ascending=False)
    )
    return [_certificate(row, await _signature(int(row["id"]))) for row in rows]


async def _signature(certificate_id: int) -> _Signed | None:
    row = await (
        CertificateSignature.select(CertificateSignature.signature, CertificateSignature.public_key)
        .where(CertificateSignature.certificate == certificate_id)
        .first()
    )
    return None if row is None else _Signed(str(row["signature"]), str(row["public_key"]))


async def audit_anchors() -> list[Anchor]:
    """Every certificate as a point the audit chain must still hold.

    A signed body names the head its certify event was appended to (height and hash); the
    stored certify event hash is checked too. A body whose signature does not hold with this
    server's key is reported as a problem.
    """
    from ballots.results import signing

    key = signing.private_key().public_key()
    anchors = []
    for row in await Certificate.select().order_by(Certificate.id):
        label = f"certificate {row['id']} (round {row['round']})"
        anchors.append(Anchor(label, str(row["audit_head"])))
        body = json.loads(row["body"])
        head = body.get("audit_head") if isinstance(body, dict) else None
        if not isinstance(head, dict):
            continue  # made before heads were signed
        signed = await _signature(int(row["id"]))
        message = str(row["body"]).encode("utf-8")
        if signed is None or not signing.signature_holds(message, signed.signature, key):
            anchors.append(Anchor(label, "", problem="its signature does not hold"))
            continue
        height = head.get("height")
        anchors.append(
            Anchor(label, str(head.get("hash", "")), height if isinstance(height, int) else -1)
        )
    return anchors


async def current_certificate(round_id: int) -> CertificateView | None:
    """The certificate in force: the newest one."""
    found = await certificates(round_id)
    return found[0] if found else None


async def certified_export(round_id: int) -> tuple[CertificateView, str] | None:
    """The certificate in force and the ballot export it certifies, or None before that."""
    certificate = await current_certificate(round_id)
    if certificate is None:
        return None
    row = await Result.select(Result.export).where(Result.id == certificate.result_id).first()
    return None if row is None else (certificate, str(row["export"]))


async def outcome_of(result_id: int) -> JSONObject | None:
    """The counting engine's outcome stored with a result (every project and why)."""
    row = await Result.select(Result.outcome).where(Result.id == result_id).first()
    return None if row is None else dict(json.loads(row["outcome"]))


async def certified_outcomes(round_ids: list[int]) -> dict[int, str]:
    """The outcome JSON of each round's latest certified result, by round id."""
    if not round_ids:
        return {}
    rows = await (
        Result.select(Result.round, Result.outcome)
        .where(Result.status == "certified", Result.round.is_in(round_ids))
        .order_by(Result.id)
    )
    return {int(row["round"]): str(row["outcome"]) for row in rows}


async def is_certified(round_id: int) -> bool:
    """Whether a round has a certified result."""
    return bool(await Result.exists().where(Result.round == round_id, Result.status == "certified"))


async def latest_certified(round_id: int | None = None) -> dict[int, dict[str, Any]]:
    """The latest certified result row of each round (or of one), with round title and area."""
    query = Result.select(
        Result.id,
        Result.round,
        Result.rule,
        Result.outcome,
        Result.counts,
        Result.ballots_sha256,
        Result.round.title.as_alias("round_title"),
        Result.round.amount_cents.as_alias("budget_cents"),
        Result.round._.area._.code.as_alias("area_code"),
    ).where(Result.status == "certified")
    if round_id is not None:
        query = query.where(Result.round == round_id)
    latest: dict[int, dict[str, Any]] = {}
    for row in await query.order_by(Result.id):
        latest[int(row["round"])] = row
    return latest


async def certificates_of_results(result_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Id and date of the certificate of each result, by result id."""
    if not result_ids:
        return {}
    rows = await Certificate.select(
        Certificate.id, Certificate.result, Certificate.created_at
    ).where(Certificate.result.is_in(result_ids))
    return {int(c["result"]): c for c in rows}


def _public_certificate_columns() -> list[Any]:
    return [
        Certificate.id,
        Certificate.round.as_alias("round_id"),
        Certificate.result.as_alias("result_id"),
        Certificate.sha256,
        Certificate.audit_head,
        Certificate.corrects,
        Certificate.created_at,
    ]


async def public_certificates() -> list[dict[str, Any]]:
    """Every certificate (newest first), without its body."""
    rows: list[dict[str, Any]] = await Certificate.select(*_public_certificate_columns()).order_by(
        Certificate.id, ascending=False
    )
    return rows


async def public_certificate(certificate_id: int) -> dict[str, Any] | None:
    """One certificate with its published body (text and parsed), or None."""
    row = (
        await Certificate.select(*_public_certificate_columns(), Certificate.body)
        .where(Certificate.id == certificate_id)
        .first()
    )
    if row is None:
        return None
    return {**row, "body_text": str(row["body"]), "body": json.loads(row["body"] or "{}")}
