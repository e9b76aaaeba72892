"""The signed, short-lived voting pass that carries a verified code between the voting pages."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

LIFETIME_SECONDS = 45 * 60


@dataclass(frozen=True)
class VotingPass:
    """A verified code hash for one round, and for a change the current ballot's token hash."""

    round_id: int
    code_hash: str
    replaces: str = ""  # token hash of the ballot being replaced ('' for a first vote)


def _mac(secret_key: str, body: str) -> str:
    return hmac.new(secret_key.encode(), f"voting-pass:{body}".encode(), hashlib.sha256).hexdigest()


def sign(secret_key: str, voting_pass: VotingPass, now_unix: int) -> str:
    """The hidden-field value: round, code hash, token hash, expiry and their HMAC."""
    expires = now_unix + LIFETIME_SECONDS
    body = f"{voting_pass.round_id}.{voting_pass.code_hash}.{voting_pass.replaces or '-'}.{expires}"
    return f"{body}.{_mac(secret_key, body)}"


def read(secret_key: str, value: str, round_id: int, now_unix: int) -> VotingPass | None:
    """The pass in a hidden field; None if forged, altered, expired or for another round."""
    parts = value.split(".")
    if len(parts) != 5:
        return None
    body, mac = ".".join(parts[:4]), parts[4]
    if not hmac.compare_digest(mac, _mac(secret_key, body)):
        return None
    round_text, code_hash, replaces, expires = parts[:4]
    if not (round_text.isdigit() and expires.isdigit()) or int(round_text) != round_id:
        return None
    if int(expires) < now_unix:
        return None
    return VotingPass(round_id, code_hash, "" if replaces == "-" else replaces)
