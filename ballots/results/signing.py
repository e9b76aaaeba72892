"""The municipality's Ed25519 key: it signs every certificate; its public half is published.

The key comes from `WIJKSTEM_SIGNING_KEY_FILE` (PEM, PKCS#8), required in production; in
development one is generated into the data directory. A signature covers the canonical JSON of
the whole certificate body (which holds the audit head), so no field can change unnoticed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.runtime import current_settings
from app.settings import Settings

DEV_KEY_NAME = "dev-signing-key.pem"


class SigningKeyError(Exception):
    """A signing or public key that cannot be read, with the reason."""


def signing_key_path(settings: Settings) -> Path:
    """Where the signing key is read from: the setting, or the development key's file."""
    if settings.signing_key_file is not None:
        return settings.signing_key_file
    return settings.data_dir / DEV_KEY_NAME


def private_key(settings: Settings | None = None) -> Ed25519PrivateKey:
    """The signing key; in development it is generated on first use (mode 0600)."""
    settings = settings or current_settings()
    path = signing_key_path(settings)
    if not path.exists() and settings.signing_key_file is None and not settings.production:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process made it first
            write_new_key(path)
    try:
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise SigningKeyError(f"cannot read the signing key {path}: {exc}") from exc
    if not isinstance(loaded, Ed25519PrivateKey):
        raise SigningKeyError(f"the signing key {path} is not an Ed25519 key")
    return loaded


def write_new_key(path: Path) -> Ed25519PrivateKey:
    """Write a new Ed25519 key (PEM, PKCS#8) to a new file of mode 0600; never overwrite one."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    return key


def raw_public(key: Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_pem(key: Ed25519PublicKey) -> str:
    """A public key as PEM text (what `wijkstem certificate public-key` prints)."""
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def key_id(key: Ed25519PublicKey) -> str:
    """SHA-256 (hex) of the raw public key: its fingerprint, printed on every certificate."""
    return hashlib.sha256(raw_public(key)).hexdigest()


def read_public_key(text: str) -> Ed25519PublicKey:
    """A public key from PEM text, or from the base64 of its 32 raw bytes."""
    stripped = text.strip()
    try:
        if stripped.startswith("-----BEGIN"):
            loaded = serialization.load_pem_public_key(stripped.encode("ascii"))
            if not isinstance(loaded, Ed25519PublicKey):
                raise SigningKeyError("the public key is not an Ed25519 key")
            return loaded
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(stripped, validate=True))
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise SigningKeyError(f"the public key cannot be read: {exc}") from exc


def sign(message: bytes, settings: Settings | None = None) -> tuple[str, str, str]:
    """(signature, public key, key id): the signature and key as base64, the id as hex."""
    key = private_key(settings)
    public = key.public_key()
    signature = base64.b64encode(key.sign(message)).decode("ascii")
    return signature, base64.b64encode(raw_public(public)).decode("ascii"), key_id(public)


def signature_holds(message: bytes, signature: str, key: Ed25519PublicKey) -> bool:
    """Whether a base64 signature over `message` was made with the private half of `key`."""
    try:
        key.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
