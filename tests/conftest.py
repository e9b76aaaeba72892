"""Test setup: an isolated data directory and database chosen before the app is imported.

`WIJKSTEM_TEST_ENGINE=postgres` runs the suite on a throw-away PostgreSQL cluster that this
file starts on 127.0.0.1 and removes afterwards; the default is SQLite in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_DATA_DIR = Path(tempfile.mkdtemp(prefix="wijkstem-test-"))
os.environ["WIJKSTEM_DATA_DIR"] = str(_DATA_DIR)
os.environ["WIJKSTEM_ARGON2_PROFILE"] = "test"
os.environ["WIJKSTEM_SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
os.environ.setdefault("WIJKSTEM_ENV", "development")
os.environ["PICCOLO_CONF"] = "app.piccolo_conf"

_CLUSTER = None
if os.environ.get("WIJKSTEM_TEST_ENGINE") == "postgres":
    from tests.support.pgcluster import start_cluster

    _CLUSTER = start_cluster()
    os.environ["WIJKSTEM_DATABASE_URL"] = _CLUSTER.url
else:
    os.environ.pop("WIJKSTEM_DATABASE_URL", None)


def pytest_report_header() -> str:
    """Say which engine the run uses."""
    return f"wijkstem engine: {'postgresql' if _CLUSTER else 'sqlite'}; data dir {_DATA_DIR}"


def pytest_unconfigure() -> None:
    """Remove the cluster and the data directory."""
    if _CLUSTER is not None:
        _CLUSTER.stop()
    shutil.rmtree(_DATA_DIR, ignore_errors=True)
