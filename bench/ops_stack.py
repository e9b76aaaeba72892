"""The production stack on loopback, for `make test-deploy`, `make load` and `make faults`.

PostgreSQL (a throw-away cluster) or SQLite, `wijkstem serve --workers N`, `wijkstem worker`,
and nginx with deploy/nginx/wijkstem.conf and a self-signed certificate in front, all with
the production settings of deploy/wijkstem.env (WIJKSTEM_ENV=production).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from vote_support import PYTHON, ROOT, SECRET, Engine, free_port, make_engine

METRICS_TOKEN = "ops-metrics-token-0123456789abcdef"  # noqa: S105  (throw-away)
NGINX_MAIN = """
worker_processes 2;
error_log {prefix}/error.log warn;
pid {prefix}/nginx.pid;
{user}
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {site};
}}
"""


def _wait(url: str, seconds: float = 60) -> None:
    context = ssl._create_unverified_context()  # noqa: S323  (our own self-signed certificate)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context):  # noqa: S310
                return
        except urllib.error.HTTPError:
            return  # it answers (a 503 only says the runner has not reported yet)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


def _group_kill(process: subprocess.Popen[bytes] | None, sig: int) -> None:
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class Stack:
    """A running stack; stop() removes everything it started."""

    engine: Engine
    workers: int
    app_port: int
    proxy_port: int | None
    tmp: Path
    env: dict[str, str]
    web: subprocess.Popen[bytes] | None = None
    runner: subprocess.Popen[bytes] | None = None
    nginx: subprocess.Popen[bytes] | None = None
    logs: list[Path] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Where a visitor goes: through nginx (https) or straight to the workers."""
        if self.proxy_port is not None:
            return f"https://127.0.0.1:{self.proxy_port}"
        return f"http://127.0.0.1:{self.app_port}"

    def _spawn(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = self.tmp / f"{name}.log"
        self.logs.append(log)
        return subprocess.Popen(
            [PYTHON, "-m", "app", *args],
            env=self.env,
            cwd=str(ROOT),
            start_new_session=True,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def start_web(self) -> None:
        """Start `wijkstem serve --workers N` and wait until it answers."""
        self.web = self._spawn(
            "web",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.app_port),
            "--workers",
            str(self.workers),
        )
        _wait(f"http://127.0.0.1:{self.app_port}/health")

    def start_runner(self) -> None:
        """Start `wijkstem worker` (the job runner as its own process)."""
        self.runner = self._spawn("runner", "worker", "--poll", "0.5")

    def kill_web(self) -> None:
        """SIGKILL the web server and all its workers."""
        _group_kill(self.web, signal.SIGKILL)

    def pause_runner(self, pause: bool) -> None:
        """SIGSTOP (or SIGCONT) the job runner."""
        if self.runner is not None:
            os.killpg(self.runner.pid, signal.SIGSTOP if pause else signal.SIGCONT)

    def kill_runner(self) -> None:
        """SIGKILL the job runner."""
        _group_kill(self.runner, signal.SIGKILL)

    def cli(self, *args: str, stdin: str = "") -> str:
        """Run a `wijkstem` command with the stack's settings; its output."""
        done = subprocess.run(
            [PYTHON, "-m", "app", *args],
            env=self.env,
            cwd=str(ROOT),
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"wijkstem {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def start_proxy(self) -> None:
        """nginx with deploy/nginx/wijkstem.conf, on a free port with a self-signed certificate."""
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        prefix = self.tmp / "nginx"
        prefix.mkdir()
        cert, key = prefix / "cert.pem", prefix / "key.pem"
        subprocess.run(
            [
                *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
                *("-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)),
            ],
            check=True,
            capture_output=True,
        )
        site = (ROOT / "deploy" / "nginx" / "wijkstem.conf").read_text()
        assert self.proxy_port is not None
        replacements = {
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{self.app_port};",
            "listen 80;": f"listen 127.0.0.1:{free_port()};",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{self.proxy_port} ssl http2;",
            "/etc/ssl/certs/wijkstem.example.nl.pem": str(cert),
            "/etc/ssl/private/wijkstem.example.nl.key": str(key),
            "/var/log/nginx/wijkstem.access.log": str(prefix / "access.log"),
        }
        for old, new in replacements.items():
            assert old in site, old
            site = site.replace(old, new)
        (prefix / "site.conf").write_text(site)
        user = "user root;" if os.geteuid() == 0 else ""
        main = NGINX_MAIN.format(prefix=prefix, site=prefix / "site.conf", user=user)
        (prefix / "nginx.conf").write_text(main)
        self.nginx = subprocess.Popen(
            [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=(prefix / "stderr.log").open("ab"),
        )
        _wait(f"{self.url}/health")

    def stop(self) -> None:
        """Stop nginx, the runner, the web workers and the database; remove the files."""
        _group_kill(self.nginx, signal.SIGTERM)
        _group_kill(self.runner, signal.SIGTERM)
        _group_kill(self.web, signal.SIGTERM)
        self.engine.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_stack(
    engine_name: str = "postgresql",
    workers: int = 4,
    *,
    proxy: bool = True,
    runner: bool = True,
    demo: bool = True,
    lease_seconds: int = 60,
    extra_env: dict[str, str] | None = None,
    production: bool = True,
) -> Stack:
    """A migrated database (with the demo), the web workers, the runner and nginx."""
    engine = make_engine(engine_name)
    tmp = Path(tempfile.mkdtemp(prefix="wijkstem-ops-"))
    proxy_port = free_port() if proxy else None
    app_port = free_port()
    base = f"https://127.0.0.1:{proxy_port}" if proxy else f"http://127.0.0.1:{app_port}"
    env = {
        **engine.env,
        "WIJKSTEM_ENV": "production" if production else "development",
        "WIJKSTEM_SECRET_KEY": SECRET,
        "WIJKSTEM_BASE_URL": base,
        "WIJKSTEM_TRUSTED_PROXIES": "127.0.0.1",
        "WIJKSTEM_INPROCESS_WORKER": "0",
        "WIJKSTEM_LOG_FORMAT": "json",
        "WIJKSTEM_METRICS_TOKEN": METRICS_TOKEN,
        "WIJKSTEM_JOB_LEASE_SECONDS": str(lease_seconds),
        **(extra_env or {}),
    }
    env.pop("WIJKSTEM_ARGON2_PROFILE", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    if production and "WIJKSTEM_SIGNING_KEY_FILE" not in env:
        from ballots.results.signing import write_new_key

        write_new_key(tmp / "signing-key.pem")
        env["WIJKSTEM_SIGNING_KEY_FILE"] = str(tmp / "signing-key.pem")
    stack = Stack(engine, workers, app_port, proxy_port, tmp, env)
    try:
        if demo:
            stack.cli("demo")
        stack.start_web()
        if runner:
            stack.start_runner()
        if proxy:
            stack.start_proxy()
    except BaseException:
        stack.stop()
        raise
    return stack
