"""`wijkstem certificate new-key`: a municipality makes its signing key once, never overwritten."""

from __future__ import annotations

import argparse
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ballots.results import cli


def test_new_key_writes_a_private_ed25519_key_and_never_overwrites_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The key file is readable by its owner only; a second call keeps the first key."""
    path = tmp_path / "signing-key.pem"
    assert cli.cmd_new_key(argparse.Namespace(out=str(path))) == 0
    first = path.read_bytes()
    key = serialization.load_pem_private_key(first, password=None)
    assert isinstance(key, Ed25519PrivateKey)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "key id" in capsys.readouterr().out
    assert cli.cmd_new_key(argparse.Namespace(out=str(path))) == 2
    assert "never overwritten" in capsys.readouterr().err
    assert path.read_bytes() == first
