"""Production-mode servers on loopback, for the load/fault tests and the benchmarks.

`prepared_site()` builds a database and static files once; `gunicorn_server()` starts
gunicorn (config/gunicorn.py, DJANGO_DEBUG=0) on a free loopback port against them and
stops it afterwards. Nothing here talks to any address outside 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECRET = "bench-only-secret-key-" + "x7Qm" * 12


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_environment(*, data_dir: Path, static_root: Path, database_url: str = "", redis_url: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": SECRET,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SITE_URL": "http://127.0.0.1:8000",
            # Plain HTTP on loopback: no HTTPS redirect, no secure-only cookies.
            "DJANGO_HTTPS": "0",
            "DJANGO_DATA_DIR": str(data_dir),
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 — our own interpreter and arguments
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=check, timeout=600
    )


def prepare_site(env: dict, *, extra_python: str = "") -> None:
    """Migrate, collect static files and load the shipped content (plus any extra setup code)."""
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(env, "load_content", "-v0")
    if extra_python:
        manage(env, "shell", "-c", extra_python)


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url + "/healthz", timeout=2):  # noqa: S310 — loopback
            return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {url} within {seconds}s")


@contextlib.contextmanager
def gunicorn_server(
    env: dict, *, workers: int | None = 2, threads: int | None = 2, log_dir: Path, port: int | None = None
) -> Iterator[Server]:
    """Workers or threads None: config/gunicorn.py decides. `port` when the caller must know
    it before the server starts (pages carry their origin)."""
    port = port or free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    if workers is not None:
        env["GUNICORN_WORKERS"] = str(workers)
    if threads is not None:
        env["GUNICORN_THREADS"] = str(threads)
    log = log_dir / f"gunicorn-{port}.log"
    with log.open("w") as handle:
        process = subprocess.Popen(  # noqa: S603 — our own interpreter and arguments
            [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_up(server.url, process)
        yield server
    finally:
        server.stop()
