"""Voting codes, receipts and replacement tokens: generation, normalisation and keyed hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# 32 symbols (5 bits each): digits 2-9 and A-Z without I and O, so 0/O and 1/I/l never clash.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 60 bits
CODE_GROUP = 4
RECEIPT_LENGTH = 10  # 50 bits, unique per ballot (checked by a unique index)
RECEIPT_GROUP = 5
_SEPARATORS = str.maketrans("", "", " -_.\t")


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _grouped(text: str, size: int) -> str:
    return "-".join(text[i : i + size] for i in range(0, len(text), size))


def generate() -> str:
    """A fresh voting code such as `K7Q4-MX2P-9HTD` (60 random bits)."""
    return _grouped(_random(CODE_LENGTH), CODE_GROUP)


def normalise(raw: str) -> str | None:
    """The canonical form of a typed code (upper case, no separators), or None if malformed."""
    text = raw.translate(_SEPARATORS).upper()
    if len(text) != CODE_LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def display(normalised: str) -> str:
    """A normalised code grouped for letters and CSV files."""
    return _grouped(normalised, CODE_GROUP)


def keyed_hash(secret_key: str, purpose: str, value: str) -> str:
    """HMAC-SHA256 of `purpose:value` under the secret key, as hex."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()


def code_hash(secret_key: str, normalised: str) -> str:
    """The only form in which a voting code is stored."""
    return keyed_hash(secret_key, "voting-code", normalised)


def voter_key_for_code(secret_key: str, hashed_code: str) -> str:
    """The participation key of a code voter (never the code or its stored hash)."""
    return keyed_hash(secret_key, "voter", f"code:{hashed_code}")


def voter_key_for_person(secret_key: str, person_key: str) -> str:
    """The participation key of a register person: the same for letter, account, desk and paper."""
    return keyed_hash(secret_key, "voter", f"person:{person_key}")


def voter_key_for_user(secret_key: str, user_id: int) -> str:
    """The participation key of an account voter (never the account id)."""
    return keyed_hash(secret_key, "voter", f"user:{user_id}")


def new_receipt() -> str:
    """A short, unguessable receipt code such as `K7Q4M-X2P9H`."""
    return _grouped(_random(RECEIPT_LENGTH), RECEIPT_GROUP)


def normalise_receipt(raw: str) -> str | None:
    """The grouped form of a typed receipt code, or None if malformed."""
    text = raw.translate(_SEPARATORS).upper()
    if len(text) != RECEIPT_LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return _grouped(text, RECEIPT_GROUP)


def new_ballot_id() -> str:
    """A random 128-bit ballot id (hex); never a sequence."""
    return secrets.token_hex(16)


def new_replacement_token() -> str:
    """The secret a voter needs, besides their code, to replace their ballot (100 bits)."""
    return _grouped(_random(20), 5)


def token_hash(secret_key: str, voter_key: str, token: str) -> str:
    """The stored form of a replacement token, bound to its voter (separators, case ignored).

    Binding to the voter key means a stolen token is useless with another voter's code; the
    database cannot test the binding, because the token itself is never stored.
    """
    return keyed_hash(secret_key, "replace", f"{voter_key}:{token.translate(_SEPARATORS).upper()}")
