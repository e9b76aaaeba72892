"""Start and remove a throw-away PostgreSQL cluster on 127.0.0.1 for the test run."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def _bindir() -> Path:
    for version in ("17", "16", "15"):
        candidate = Path(f"/usr/lib/postgresql/{version}/bin")
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running throw-away cluster."""

    datadir: Path
    port: int
    bindir: Path
    as_postgres: bool

    @property
    def url(self) -> str:
        """Connection URL of the test database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/wijkstem_test"

    def _cmd(self, *args: str) -> list[str]:
        if self.as_postgres:
            return ["runuser", "-u", "postgres", "--", *args]
        return list(args)

    def stop(self) -> None:
        """Stop the server and remove its files."""
        subprocess.run(
            self._cmd(
                str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop"
            ),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb into a temporary directory, start on a free loopback port, create the database."""
    bindir = _bindir()
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="wijkstem-pg-"))
    datadir = root / "data"
    if as_postgres:
        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
    port = _free_port()
    cluster = Cluster(datadir=datadir, port=port, bindir=bindir, as_postgres=as_postgres)
    subprocess.run(
        cluster._cmd(
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ),
        check=True,
        capture_output=True,
    )
    options = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        cluster._cmd(
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "start",
        ),
        check=True,
        capture_output=True,
    )
    for _ in range(50):
        done = subprocess.run(
            [
                str(bindir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "wijkstem_test",
            ],
            capture_output=True,
        )
        if done.returncode == 0:
            break
        time.sleep(0.2)
    else:
        cluster.stop()
        raise RuntimeError(f"could not create the test database: {done.stderr.decode()}")
    return cluster
