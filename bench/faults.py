"""A node under load while its outside services fail: what visitors get, and how fast the
node recovers.

    .venv/bin/python bench/faults.py [--seconds 6] [--clients 8] [--only redis-frozen ...]

Starts a PostgreSQL cluster and a Redis of its own (bench/private_servers.py: a temporary
folder, free loopback ports — never the machine's shared servers), prepares the site on
them, and for each fault starts a fresh production-mode gunicorn node (2 workers × 4
threads) on it. `--clients` threads request a mix one after the other the whole time
(cached pages, /healthz, and a page that isn't there — a 404 is never cached, so each asks
the database), while:

- none (baseline): nothing fails for `--seconds`, the figures to compare with;
- postgres-restart: PostgreSQL is restarted (a fast shutdown ends every session);
- connections-ended: every session of the node is ended (pg_terminate_backend, as a
  failover or an administrator does), five times 0.3 s apart;
- redis-frozen: Redis is stopped with SIGSTOP for `--seconds` (it accepts connections and
  never answers);
- redis-stopped: Redis is killed for `--seconds`, then started again on its port;
- row-lock: a session holds the content version's row for `--seconds`, as a long import
  does, while an editor saves an FAQ entry (which must write that row).

For each it prints the requests made from the fault until the end of its window, the
500s (must be 0), the 503s, requests with no HTTP answer, the median time of /healthz, of
a cached page and of a page from the database while the fault lasts (for the faults that
are over at once, its first second), the seconds from the service being back until every
request answers again, and the tracebacks in gunicorn's log.
Everything listens on 127.0.0.1 only, and every process started here is stopped here.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.private_servers import PrivatePostgres, private_postgres, private_redis
from bench.servers import base_environment, gunicorn_server, prepare_site

CACHED = ["/en/operators/kcell/cancel-in-person/", "/ru/operators/", "/kk/operators/beeline/", "/zh-hans/faq/"]
# A page that isn't there: never cached, so every one asks the database (404 is its answer).
NEEDS_DATABASE = "/en/operators/kcell/no-such-page-{n}/"
HEALTH = "/healthz"
ANSWERS = {200, 404}


@dataclass
class Sample:
    at: float
    path: str
    status: int  # -1: no HTTP answer (refused, reset, timed out)
    seconds: float


@dataclass
class Load:
    """Clients asking one page after another until stopped."""

    base_url: str
    clients: int
    samples: list[Sample] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def _client(self, number: int) -> None:
        paths = [HEALTH, *CACHED, NEEDS_DATABASE]
        turn = number
        while not self.stop.is_set():
            path = paths[turn % len(paths)]
            turn += 1
            started = time.monotonic()
            status = fetch(self.base_url + path.format(n=turn))
            self.samples.append(Sample(started, path, status, time.monotonic() - started))

    def __enter__(self) -> Load:
        self.threads = [threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(self.clients)]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def between(self, start: float, end: float) -> list[Sample]:
        return [s for s in list(self.samples) if start <= s.at < end]


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 — loopback only
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code
    except OSError:
        return -1


@dataclass
class Figures:
    fault: str
    requests: int
    errors_500: int
    unavailable_503: int
    failed: int
    health_median_ms: float
    cached_median_ms: float
    database_median_ms: float
    recovery_seconds: float | None  # None: not every request answered by the window's end
    note: str = ""
    tracebacks: int = 0  # in gunicorn's log

    def row(self) -> str:
        recovery = "never" if self.recovery_seconds is None else f"{self.recovery_seconds:.1f}"
        return (
            f"| {self.fault} | {self.requests} | {self.errors_500} | {self.unavailable_503} | {self.failed} "
            f"| {self.health_median_ms:.0f} | {self.cached_median_ms:.0f} | {self.database_median_ms:.0f} "
            f"| {recovery} | {self.tracebacks} |"
        )


HEADER = (
    "| fault | requests | 500s | 503s | no answer | median ms during the fault: /healthz | cached page "
    "| page from the database | seconds to recover | tracebacks logged |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def figures(fault: str, samples: list[Sample], started: float, back_at: float) -> Figures:
    def median_ms(paths) -> float:
        # While the fault lasts: afterwards every request is quick again.
        times = [s.seconds for s in samples if s.path in paths and s.at <= max(back_at, started + 1)]
        return 1000 * statistics.median(times) if times else float("nan")

    bad = [s for s in samples if s.status not in ANSWERS]
    if not bad:
        recovery = 0.0
    elif bad[-1].at + bad[-1].seconds >= samples[-1].at:
        recovery = None
    else:
        recovery = max(0.0, bad[-1].at + bad[-1].seconds - back_at)
    return Figures(
        fault=fault,
        requests=len(samples),
        errors_500=sum(s.status == 500 for s in samples),
        unavailable_503=sum(s.status == 503 for s in samples),
        failed=sum(s.status == -1 for s in samples),
        health_median_ms=median_ms({HEALTH}),
        cached_median_ms=median_ms(set(CACHED)),
        database_median_ms=median_ms({NEEDS_DATABASE}),
        recovery_seconds=recovery,
    )


class RowHeld:
    """A session holding the content version's row, as a long import holds it."""

    def __init__(self, postgres: PrivatePostgres):
        self.session = psycopg.connect(postgres.url)

    def __enter__(self) -> RowHeld:
        self.session.execute("SELECT value FROM guides_contentversion WHERE id = 1 FOR UPDATE")
        return self

    def __exit__(self, *exc) -> None:
        self.session.rollback()
        self.session.close()


BUSY = "Someone else is saving this"


def save_while_held(base_url: str, postgres: PrivatePostgres, seconds: float) -> str:
    """An editor saves an FAQ entry while the row is held for `seconds`: what the save answered."""
    from tests.html import form_fields
    from tests.production.conftest import Browser

    with psycopg.connect(postgres.url) as session:
        entry = session.execute("SELECT min(id) FROM faq_entry").fetchone()[0]
    editor = Browser(base_url)
    editor.log_in()
    path = f"/admin/faq/entry/{entry}/change/"
    _, html = editor.get(path)
    question = "Edited while the row is held"
    fields = [(name, question if name == "question_en" else value) for name, value in form_fields(html, "entry_form")]
    with RowHeld(postgres):
        started = time.monotonic()
        status, answer = editor.post(path, [*fields, ("change_kind", "minor")])
        waited = time.monotonic() - started
        time.sleep(max(0.0, seconds - waited))
    told = "told someone else is saving, form kept" if BUSY in answer and question in answer else "not told"
    return f"the editor's save: {status} after {waited:.1f} s, {told}"


def run_faults(*, seconds: float, clients: int, only: list[str] | None = None, log=print) -> list[Figures]:
    """Run the faults (all, or `only` those named), each on a fresh node of the same site,
    and return their figures."""
    results: list[Figures] = []
    with private_postgres() as postgres, private_redis() as redis, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = base_environment(
            data_dir=root / "data", static_root=root / "static", database_url=postgres.url, redis_url=redis.url
        )
        log("preparing the site on a private PostgreSQL and Redis…")
        prepare_site(env, extra_python=CREATE_EDITOR)

        def end_connections(url: str) -> None:
            # Five times, as a flapping failover does: each time some statements are in flight.
            for _ in range(5):
                postgres.end_connections()
                time.sleep(0.3)

        def freeze_redis(url: str) -> None:
            redis.freeze()
            time.sleep(seconds)
            redis.thaw()

        def stop_redis(url: str) -> None:
            redis.stop()
            time.sleep(seconds)
            redis.start()

        faults: dict[str, Callable[[str], str | None]] = {
            "none (baseline)": lambda url: time.sleep(seconds),
            "postgres-restart": lambda url: postgres.restart(),
            "connections-ended": end_connections,
            "redis-frozen": freeze_redis,
            "redis-stopped": stop_redis,
            "row-lock": lambda url: save_while_held(url, postgres, seconds),
        }
        for name, fault in faults.items():
            if only and name not in only:
                continue
            log(f"{name}…")
            with gunicorn_server(env, workers=2, threads=4, log_dir=root) as server:
                for path in CACHED:  # every worker has them
                    for _ in range(8):
                        fetch(server.url + path)
                with Load(server.url, clients) as load:
                    time.sleep(1)
                    started = time.monotonic()
                    note = fault(server.url)
                    back_at = time.monotonic()
                    time.sleep(max(seconds, 6))  # the window after: recovery must fall in it
                    result = figures(name, load.between(started, time.monotonic()), started, back_at)
                result.note = note or ""
                text = server.log_text()
                result.tracebacks = text.count("Traceback")
            if result.tracebacks:
                first = text[text.index("Traceback") :].splitlines()
                log("  the first traceback in gunicorn's log:\n    " + "\n    ".join(first[:40]))
            results.append(result)
            log(result.row() + (f" {note}" if note else ""))
    return results


CREATE_EDITOR = (
    "from django.contrib.auth import get_user_model;"
    "get_user_model().objects.create_superuser('editor', 'editor@example.org', 'correct-horse-battery-9')"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=6, help="how long Redis stays frozen or stopped")
    parser.add_argument("--clients", type=int, default=8, help="clients asking one page after another")
    parser.add_argument("--only", nargs="*", help="run only these faults")
    options = parser.parse_args()
    # Stopped from outside: unwind, so the private servers are stopped and removed too.
    signal.signal(signal.SIGTERM, lambda *args: sys.exit(1))
    results = run_faults(seconds=options.seconds, clients=options.clients, only=options.only)
    print()
    print(HEADER)
    for result in results:
        print(result.row())
    for result in results:
        if result.note:
            print(f"\n{result.fault}: {result.note}")
    with contextlib.suppress(Exception):
        sys.stdout.flush()


if __name__ == "__main__":
    main()
