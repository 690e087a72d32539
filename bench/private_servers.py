"""PostgreSQL and Redis instances of a test's or benchmark's own, on free loopback ports,
in a temporary folder: faults (stop, restart, freeze, ended connections) are done to
them, never to the machine's shared servers that other tests and CI use."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

from bench.servers import free_port


def _process_tree(root: int) -> list[int]:
    """`root` and its children (a PostgreSQL cluster: the postmaster and its backends)."""
    pids = [root]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == root:
            pids.append(int(stat.parent.name))
    return pids


def _signal_all(pids: list[int], signal_number: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal_number)


class PrivatePostgres:
    """A throw-away cluster. `url` is its database `kzsim`."""

    def __init__(self, base: Path):
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3]))
        if not versions:
            raise RuntimeError("PostgreSQL server binaries are not installed (apt-get install postgresql)")
        self.bin = versions[-1].parent
        self.base = base
        self.data = base / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/kzsim"
        self.admin_url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, command: list[str]) -> list[str]:
        # PostgreSQL refuses to run as root; CI runs as root.
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def _pg_ctl(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), *args]
        return subprocess.run(self._as_postgres(command), capture_output=True, check=False, timeout=60)  # noqa: S603

    def create(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            for path in (self.base, self.data):
                os.chown(path, user.pw_uid, user.pw_gid)
        initdb = [str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        subprocess.run(self._as_postgres(initdb), check=True, capture_output=True)  # noqa: S603
        self.start()
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute("CREATE DATABASE kzsim")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off"
        result = self._pg_ctl("-o", options, "-w", "-l", str(self.base / "log"), "start")
        if result.returncode:
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr.decode()}")

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def _pids(self) -> list[int]:
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        return _process_tree(postmaster)

    def freeze(self) -> None:
        _signal_all(self._pids(), signal.SIGSTOP)

    def thaw(self) -> None:
        _signal_all(self._pids(), signal.SIGCONT)

    def end_connections(self, database: str = "kzsim") -> int:
        """What a failover or an administrator does: end every session of `database`."""
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            rows = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [database],
            ).fetchall()
        return len(rows)

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            self.thaw()
        self._pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    # Outside pytest's private tmp folder, which the postgres user can't enter; short
    # enough for a Unix socket path.
    server = PrivatePostgres(Path(tempfile.mkdtemp(prefix="kzsim-pg-")))
    try:
        server.create()
        yield server
    finally:
        server.destroy()


class PrivateRedis:
    """A Redis with no persistence. `stop()` leaves the port refusing connections;
    `freeze()` leaves it accepting them (the kernel's backlog) and never answering."""

    def __init__(self, base: Path):
        if not shutil.which("redis-server"):
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.base = base
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=self.base)  # noqa: S603
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("Redis did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait()

    def freeze(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGCONT)


@contextlib.contextmanager
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis(Path(tempfile.mkdtemp(prefix="kzsim-redis-")))
    try:
        server.start()
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.base, ignore_errors=True)
