"""Sealed ballots and the round key: X25519 sealed boxes, split into k-of-n SLIP-39 shares."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import shamir_mnemonic  # type: ignore[import-untyped]  # ships no type hints
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from shamir_mnemonic import shamir

PAD_STEP = 256  # a sealed ballot's length says nothing about how many choices it holds
ITERATION_EXPONENT = 0  # SLIP-39's passphrase stretching: shares carry no passphrase here


class ShareError(ValueError):
    """A share that cannot be used, naming which one (1-based) and why."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"share {position}: {reason}")
        self.position = position
        self.reason = reason


class SealError(ValueError):
    """A sealed ballot that does not open with the round's key (tampered or foreign)."""


@dataclass(frozen=True)
class Payload:
    """What a sealed ballot holds: the canonical choices, the voter's tracker and the channel."""

    choices: str
    tracker: str
    channel: str


def new_key() -> tuple[bytes, str]:
    """A fresh X25519 key pair: the private key's 32 bytes and the public key as hex."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key).hex()


def public_of(private: bytes) -> str:
    """The public key (hex) that belongs to a private key."""
    return bytes(PrivateKey(private).public_key).hex()


def pad_size(option_keys: Sequence[str]) -> int:
    """A fixed payload size for a round: room for every option with points, rounded up."""
    room = 96 + sum(len(key) + 24 for key in option_keys)
    return -(-room // PAD_STEP) * PAD_STEP


def encode(payload: Payload, size: int) -> bytes:
    """The payload's bytes, padded with spaces to `size` (or the next step when longer)."""
    raw = json.dumps(
        {"b": payload.choices, "c": payload.channel, "t": payload.tracker},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    target = max(size, -(-len(raw) // PAD_STEP) * PAD_STEP)
    return raw + b" " * (target - len(raw))


def decode(raw: bytes) -> Payload:
    """A payload from its padded bytes; ValueError when it is not one."""
    data = json.loads(raw.decode().rstrip(" "))
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in "bct"):
        raise ValueError("not a ballot payload")
    return Payload(choices=data["b"], tracker=data["t"], channel=data["c"])


def seal(public_key: bytes, plain: bytes) -> bytes:
    """Encrypt to the round's public key (an anonymous sender: a fresh key every time)."""
    return bytes(SealedBox(PublicKey(public_key)).encrypt(plain))


def sealed_text(sealed: bytes) -> str:
    """How a sealed ballot is stored: base64 text (the same on both engines)."""
    return base64.b64encode(sealed).decode()


def sealed_hash(text: str) -> str:
    """The public fingerprint of a stored sealed ballot: SHA-256 of its base64 text, hex."""
    return hashlib.sha256(text.encode()).hexdigest()


def opener(private: bytes) -> Callable[[str], Payload]:
    """A function that opens stored sealed ballots with the private key."""
    box = SealedBox(PrivateKey(private))

    def open_one(text: str) -> Payload:
        try:
            return decode(box.decrypt(base64.b64decode(text, validate=True)))
        except (CryptoError, ValueError) as exc:
            raise SealError(sealed_hash(text)) from exc

    return open_one


def list_hash(hashes: Sequence[str]) -> str:
    """SHA-256 of the sorted sealed-ballot hashes, one per line (what the certificate names)."""
    return hashlib.sha256("".join(f"{h}\n" for h in sorted(hashes)).encode()).hexdigest()


def normalise_share(text: str) -> str:
    """A share's words, lower case, single spaces (however it was typed or printed)."""
    return " ".join(text.lower().replace(",", " ").split())


def split(private: bytes, threshold: int, count: int, seed: bytes = b"") -> list[str]:
    """The private key as `count` SLIP-39 shares, any `threshold` of which rebuild it.

    With a `seed` (demo data only) the shares are the same on every run.
    """
    if not seed:
        groups = shamir_mnemonic.generate_mnemonics(
            1, [(threshold, count)], private, iteration_exponent=ITERATION_EXPONENT
        )
        return list(groups[0])
    counter = iter(range(1 << 30))

    def demo_bytes(length: int) -> bytes:
        stream = b"".join(
            hashlib.sha256(seed + next(counter).to_bytes(4, "big")).digest()
            for _ in range(-(-length // 32))
        )
        return stream[:length]

    saved = shamir.RANDOM_BYTES
    shamir.RANDOM_BYTES = demo_bytes
    try:
        groups = shamir_mnemonic.generate_mnemonics(
            1, [(threshold, count)], private, iteration_exponent=ITERATION_EXPONENT
        )
    finally:
        shamir.RANDOM_BYTES = saved
    return list(groups[0])


def demo_key(seed: bytes) -> bytes:
    """A private key derived from a seed: for the published demo data only, never in use."""
    return hashlib.sha256(b"wijkstem-demo-box-key:" + seed).digest()


def commitment(round_id: int, share: str) -> str:
    """What the server keeps of a share: a hash bound to the round (never the share)."""
    text = f"wijkstem-share:{round_id}:{normalise_share(share)}"
    return hashlib.sha256(text.encode()).hexdigest()


def combine(
    round_id: int, shares: Sequence[str], commitments: Sequence[str], threshold: int
) -> bytes:
    """The private key from `threshold` shares; ShareError names a wrong or repeated share."""
    known = set(commitments)
    seen: set[str] = set()
    usable: list[str] = []
    for position, share in enumerate(shares, start=1):
        words = normalise_share(share)
        if not words:
            raise ShareError(position, "empty")
        try:
            shamir_mnemonic.Share.from_mnemonic(words)
        except shamir_mnemonic.MnemonicError as exc:
            raise ShareError(position, "not a valid share (a word is wrong or missing)") from exc
        if commitment(round_id, words) not in known:
            raise ShareError(position, "not one of this round's shares")
        if words in seen:
            raise ShareError(position, "the same share was entered twice")
        seen.add(words)
        usable.append(words)
    if len(usable) < threshold:
        raise ShareError(len(usable) + 1, f"missing: {threshold} shares are needed")
    try:
        return bytes(shamir_mnemonic.combine_mnemonics(usable[:threshold]))
    except shamir_mnemonic.MnemonicError as exc:  # commitments matched, so this is tampering
        raise ShareError(threshold, "the shares do not fit together") from exc
