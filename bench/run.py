"""The performance benchmark: production-mode gunicorn on loopback, measured with wrk.

    .venv/bin/python bench/run.py [--duration 10] [--connections 50] [--scale 10] [--write-docs]

In one run, for the shipped content plus the 40-step zh-hans page (bench/heavy.py) and
again with every operator, procedure and FAQ entry copied ×`--scale`:

- requests/s, p50/p99 latency and gunicorn's CPU time per request for the cached procedure
  page (local-memory cache, and Redis when one answers on 127.0.0.1), the same page uncached
  (a second gunicorn with DJANGO_PAGE_CACHE_SECONDS=0), a typical shipped procedure page
  uncached, a decision result page, search, the print PDF, and each procedure page's own
  bytes saved into STATIC_ROOT and served by WhiteNoise from the same server — the limit
  its rates are divided by;
- database queries per page (Django test client, CaptureQueriesContext), uncached and cached;
- bytes for the procedure page's first view (bench/page_weight.py, and as gunicorn sends them).

gunicorn runs with the workers and threads config/gunicorn.py picks for the machine.

Prints Markdown; `--write-docs` also puts it into docs/performance.md between its markers.
Everything listens on 127.0.0.1 only and every process started here is stopped here.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import brotli

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.page_weight import BUDGET, asset_paths
from bench.servers import PYTHON, ROOT, Server, base_environment, free_port, gunicorn_server, manage, prepare_site

PROCEDURE = "/zh-hans/operators/kcell/heavy-40-steps/"
TYPICAL = "/zh-hans/operators/kcell/cancel-in-person/"  # a shipped page, for scale next to the heavy one
# A complete path through the flow (decide/flow.py): away a few months, no SMS → suspend.
DECISION = (
    "/zh-hans/decide/?situation=leaving_temporarily&location=abroad&duration=few_months"
    "&need_sms=no&registered=yes&plan=prepaid&operator=kcell"
)
SEARCH = "/zh-hans/search/?q=" + quote("注销 营业厅")
PDF = "/zh-hans/operators/kcell/print.pdf"
# The single-language sheet of the operator with the most procedures (kcell, with the heavy one).
PRINT_SHEET = "/zh-hans/operators/kcell/print/"
STATIC = "/static/bench/procedure.html"
TYPICAL_STATIC = "/static/bench/typical.html"
# The About page has no content from the database: what Django, the middleware and the
# base template cost on their own, the floor under every uncached page.
ABOUT = "/zh-hans/about/"
ABOUT_STATIC = "/static/bench/about.html"
# Pages whose own bytes are saved into STATIC_ROOT, to be served by WhiteNoise.
STATIC_TWINS = {STATIC: PROCEDURE, TYPICAL_STATIC: TYPICAL, ABOUT_STATIC: ABOUT}
QUERY_PAGES = {
    "procedure page (40 steps)": PROCEDURE,
    "procedure page (typical)": TYPICAL,
    "decision result": DECISION,
    "search": SEARCH,
    "print PDF": PDF,
    "start page": "/zh-hans/",
    "operators": "/zh-hans/operators/",
    "FAQ": "/zh-hans/faq/",
}


@dataclass(frozen=True)
class Target:
    page: str
    path: str
    server: str  # which gunicorn answers: "cached", "redis" (cached in Redis) or "uncached"
    limit: str = STATIC  # the path of the row whose rate this one is divided by
    every_scale: bool = False  # measured again with content ×N
    vary: str = ""  # "query": a new unknown parameter each request; "host": a new Host header


MEASURED = (
    Target("static file (same bytes)", STATIC, "cached", every_scale=True),
    Target("cached procedure page", PROCEDURE, "cached", every_scale=True),
    Target("cached page, new unknown parameter each request", PROCEDURE, "cached", vary="query"),
    Target("cached page, Host header variants", PROCEDURE, "cached", vary="host"),
    Target("decision result", DECISION, "cached"),
    Target("print PDF", PDF, "cached"),
    Target("print PDF, Host header variants", PDF, "cached", limit=PDF, vary="host"),
    Target("search", SEARCH, "cached", every_scale=True),
    Target("cached procedure page, Redis", PROCEDURE, "redis"),
    Target("uncached procedure page", PROCEDURE, "uncached", every_scale=True),
    Target("static file (typical page's bytes)", TYPICAL_STATIC, "cached", limit=TYPICAL_STATIC),
    Target("uncached typical procedure page", TYPICAL, "uncached", limit=TYPICAL_STATIC),
    Target("static file (About page's bytes)", ABOUT_STATIC, "cached", limit=ABOUT_STATIC),
    Target("uncached About page (no queries: the floor)", ABOUT, "uncached", limit=ABOUT_STATIC),
)
WRK_SCRIPT = ROOT / "bench" / "wrk_summary.lua"
VARY_SCRIPT = ROOT / "bench" / "wrk_vary.lua"
DOCS = ROOT / "docs" / "performance.md"
DOCS_START, DOCS_END = "<!-- bench:results -->", "<!-- /bench:results -->"
# Rates as a share of the row named by the target's `limit` (its static twin, or for the
# PDF with Host variants the plain cached PDF). The uncached floor was retired (see
# docs/performance.md): those rows stay as figures.
TARGETS = {
    "cached procedure page": 0.85,
    "cached page, new unknown parameter each request": 0.70,
    "cached page, Host header variants": 0.70,
    "print PDF, Host header variants": 0.90,
    # An unchanged content version costs no round trip (serving/version_in_redis.py).
    "cached procedure page, Redis": 0.85,
}
# Bytes on the wire from gunicorn alone, asking for br/gzip (HTML and its CSS/JS).
WIRE_BUDGETS = {PROCEDURE: 10 * 1024, PRINT_SHEET: 15 * 1024}
STALE_WORKERS = 5
WARM_SECONDS = 2
# What answered, from the X-Cache header; "view": no page cache involved (search renders
# every time; the PDF view keeps its own cache).
SERVED = {"hit": "page cache hit", "miss": "rendered"}
MAX_DURATION = 15


# -- Inside Django (run through `manage.py shell` against one prepared site) -------------------


def inspect_site(*, host: str, static_root: str) -> None:
    """Query counts per page, uncached and from the cache; the pages' own bytes saved as
    static files; the procedure page's first-view weight. Prints one BENCH_SITE JSON line."""
    from dataclasses import asdict

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from bench.page_weight import first_view

    setup_test_environment()
    # The host gunicorn will answer on: pages carry their origin, so the bytes match.
    client = Client(HTTP_HOST=host)

    def counted(path: str):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        return response, len(captured)

    pages = {}
    for name, path in QUERY_PAGES.items():
        cache.clear()
        with override_settings(PAGE_CACHE_SECONDS=0):
            response, uncached = counted(path)
        counted(path)  # fills the page cache
        again, cached = counted(path)
        pages[name] = {
            "status": response.status_code,
            "uncached": uncached,
            "cached": cached,
            "x_cache": again.get("X-Cache", ""),
            "template": response.templates[0].name if response.templates else "",
        }
    html_bytes = {}
    for static, path in STATIC_TWINS.items():
        html = client.get(path).content
        html_bytes[path] = len(html)
        twin = Path(static_root, static.removeprefix("/static/"))
        twin.parent.mkdir(parents=True, exist_ok=True)
        twin.write_bytes(html)
    weight = asdict(first_view(client=client, path=PROCEDURE))
    print("BENCH_SITE " + json.dumps({"pages": pages, "html_bytes": html_bytes, "first_view": weight}))


# -- Outside: sites, servers, wrk ---------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    factor: int
    env: dict
    inspection: dict

    @property
    def label(self) -> str:
        return f"{self.factor}×"


@dataclass(frozen=True)
class Row:
    site: str
    target: Target
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    body_bytes: int
    errors: int
    served: str  # how the answer was made: static file, cache hit, rendered (or why it is missing)
    restarts: int  # gunicorn workers recycled during the run (max_requests)
    cpu_ms: float  # gunicorn CPU time per request
    others: float  # CPU cores' worth of time everything but gunicorn and wrk used meanwhile


def marked_json(text: str, marker: str) -> dict:
    lines = [line for line in text.splitlines() if line.startswith(marker + " ")]
    if not lines:
        raise RuntimeError(f"no {marker} line in:\n{text[-2000:]}")
    return json.loads(lines[-1].removeprefix(marker + " "))


def build_site(*, root: Path, factor: int, host: str) -> Site:
    env = base_environment(data_dir=root / "data", static_root=root / "static")
    (root / "data").mkdir(parents=True)
    setup = (
        "from bench.heavy import make_heavy_procedure, multiply_content;"
        "from operators.models import Operator;"
        "make_heavy_procedure(operator=Operator.objects.get(slug='kcell'));"
        f"multiply_content(factor={factor})"
    )
    prepare_site(env, extra_python=setup)
    # Before gunicorn starts: WhiteNoise indexes STATIC_ROOT once, at start-up.
    inspect = f"from bench.run import inspect_site; inspect_site(host={host!r}, static_root={str(root / 'static')!r})"
    result = manage(env, "shell", "-c", inspect)
    return Site(factor=factor, env=env, inspection=marked_json(result.stdout, "BENCH_SITE"))


def fetch(url: str, *, headers: dict | None = None, timeout: float = 120) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 — our loopback servers only
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return response.read(), dict(response.headers)


def warm(url: str, *, connections: int, fill_caches: bool) -> None:
    """A short unmeasured wrk run; before it, with `fill_caches`, as many parallel first
    requests as connections, so every worker fills its own local cache (and renders its own
    PDF, which takes seconds) before wrk counts anything."""
    if fill_caches:
        with ThreadPoolExecutor(max_workers=connections) as pool:
            list(pool.map(lambda _: fetch(url), range(connections)))
    wrk(url=url, duration=WARM_SECONDS, connections=connections, threads=1)


def wrk(*, url: str, duration: int, connections: int, threads: int, vary: str = "") -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    script = VARY_SCRIPT if vary else WRK_SCRIPT
    env = {**os.environ, "WRK_VARY": vary, "WRK_SUMMARY": str(WRK_SCRIPT)}
    result = subprocess.run(  # noqa: S603 — our own arguments, loopback URL
        [*command, "-s", str(script), url], capture_output=True, text=True, check=True, timeout=duration + 60, env=env
    )
    return marked_json(result.stdout, "BENCH_WRK")


def booted_workers(server: Server) -> int:
    return server.log_text().count("Booting worker")


def _proc_stat(pid: int | str) -> list[str]:
    # Fields after the command name, which may itself hold spaces: state, ppid, ...
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def server_cpu_seconds(server: Server) -> float:
    """CPU time used so far by gunicorn: the master, its live workers, and (counted in the
    master once reaped) the workers it has recycled. Unlike req/s, it hardly moves when
    other processes compete for the cores, so it compares pages fairly on a busy machine."""
    master = server.process.pid
    ticks = sum(int(field) for field in _proc_stat(master)[11:15])  # utime, stime, cutime, cstime
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, IndexError):
            if entry.name.isdigit() and _proc_stat(entry.name)[1] == str(master):
                ticks += sum(int(field) for field in _proc_stat(entry.name)[11:13])
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all processes have used, summed over the cores (/proc/stat, idle and iowait left out)."""
    ticks = [int(field) for field in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU time of this script and the children it has waited for (wrk, manage.py)."""
    mine, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def how_served(url: str, *, probes: int = 10) -> str:
    """What answers after the warm-up, by the X-Cache header of a few requests (a worker
    just recycled by max_requests starts with an empty local cache)."""
    answers = [fetch(url)[1].get("X-Cache", "") for _ in range(probes)]
    most = max(set(answers), key=answers.count)
    label = SERVED.get(most, "view")
    return label if answers.count(most) == probes else f"{label} ({answers.count(most)}/{probes})"


def measure(server: Server, *, site: Site, target: Target, args: argparse.Namespace) -> Row:
    url = server.url + target.path
    try:
        body, _ = fetch(url)
    except urllib.error.HTTPError as error:  # e.g. a page another change has not shipped yet
        return Row(site.label, target, 0, 0, 0, 0, 0, f"missing (HTTP {error.code})", 0, 0, 0)
    warm(url, connections=args.connections, fill_caches=target.server != "uncached")
    served = "static file" if target.path in STATIC_TWINS else how_served(url)
    booted, cpu, busy, ours = booted_workers(server), server_cpu_seconds(server), machine_busy_seconds(), own_cpu()
    summary = wrk(url=url, duration=args.duration, connections=args.connections, threads=args.threads, vary=target.vary)
    cpu = server_cpu_seconds(server) - cpu
    seconds = summary["duration_us"] / 1e6
    others = machine_busy_seconds() - busy - cpu - (own_cpu() - ours)
    row = Row(
        site=site.label,
        target=target,
        requests_per_second=summary["requests"] / seconds,
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        body_bytes=len(body),
        errors=sum(summary["errors"].values()),
        served=served,
        restarts=booted_workers(server) - booted,
        cpu_ms=cpu / max(summary["requests"], 1) * 1000,
        others=max(others, 0) / seconds,
    )
    print(
        f"  {row.site:>4} {target.page:36} {row.requests_per_second:8.0f} req/s  p50 {row.p50_ms:7.1f} ms  "
        f"CPU {row.cpu_ms:6.2f} ms/request",
        flush=True,
    )
    return row


def check_twins(server: Server) -> None:
    """Each static file really is its page's body, byte for byte, as this server sends it."""
    for static, path in STATIC_TWINS.items():
        if fetch(server.url + static)[0] != fetch(server.url + path)[0]:
            print(f"  warning: {static} differs from the body of {path}", file=sys.stderr)


def decoded(body: bytes, encoding: str) -> bytes:
    return {"gzip": gzip.decompress, "br": brotli.decompress}.get(encoding, lambda b: b)(body)


def transferred(server: Server, path: str) -> int:
    """Bytes on the wire for a first view from gunicorn alone, asking for br/gzip as browsers do."""
    accept = {"Accept-Encoding": "br, gzip"}
    body, headers = fetch(server.url + path, headers=accept)
    html = decoded(body, headers.get("Content-Encoding", ""))
    return len(body) + sum(len(fetch(server.url + asset, headers=accept)[0]) for asset in asset_paths(html))


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(url) and redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@contextlib.contextmanager
def server_environment(env: dict, *, kind: str, redis_url: str) -> Iterator[dict]:
    """The site's environment for one kind of server; a Redis one gets a key prefix of its
    own, whose keys are removed afterwards."""
    if kind == "uncached":
        yield {**env, "DJANGO_PAGE_CACHE_SECONDS": "0"}
        return
    if kind == "cached":
        yield env
        return
    import redis

    prefix = f"kzsim-bench-{os.getpid()}"
    try:
        yield {**env, "REDIS_URL": redis_url, "DJANGO_CACHE_PREFIX": prefix}
    finally:
        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{prefix}:*"))
        if keys:
            client.delete(*keys)


def server_settings(env: dict) -> dict:
    """What config/gunicorn.py decides for this machine, read with the servers' environment."""
    code = (
        "import json, runpy; c = runpy.run_path('config/gunicorn.py');"
        "print(json.dumps({k: c[k] for k in ('workers', 'threads', 'worker_class', 'max_requests')}))"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(result.stdout)


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0]  # noqa: S607
    return {
        "cpus": os.cpu_count(),
        "cpu": model.group(1).strip() if model else platform.processor(),
        "python": platform.python_version(),
        "wrk": wrk_version.strip(),
    }


# -- One run -----------------------------------------------------------------------------------------


def head_status(server: Server, path: str) -> int:
    """HEAD on a page that is never cached (search): it must answer like GET."""
    request = urllib.request.Request(server.url + path, method="HEAD")  # noqa: S310 — loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def stale_after_save(site: Site, *, port: int, log_dir: Path) -> tuple[int, int]:
    """(old pages, responses) right after a save returns, with STALE_WORKERS workers on one
    machine and no Redis: every worker has the page cached, a separate process saves."""
    with gunicorn_server(site.env, workers=STALE_WORKERS, threads=2, log_dir=log_dir, port=port) as server:
        url = server.url + TYPICAL
        with ThreadPoolExecutor(max_workers=20) as pool:
            list(pool.map(lambda _: fetch(url), range(200)))
        marker = f"edited-{time.time_ns()}"
        save = (
            "from guides.models import Procedure;"
            "p = Procedure.objects.get(operator__slug='kcell', slug='cancel-in-person');"
            f"p.title_zh_hans = p.title_zh_hans + ' {marker}'; p.save()"
        )
        manage(site.env, "shell", "-c", save)
        with ThreadPoolExecutor(max_workers=20) as pool:
            bodies = list(pool.map(lambda _: fetch(url)[0], range(197)))
    return sum(marker.encode() not in body for body in bodies), len(bodies)


def measure_site(site: Site, *, port: int, args: argparse.Namespace, log_dir: Path) -> tuple[list[Row], dict]:
    """The site's rows, and what it puts on the wire: bytes of first views, the HEAD status."""
    rows: list[Row] = []
    wire: dict = {}
    targets = [t for t in MEASURED if site.factor == 1 or t.every_scale]
    kinds = ["cached", "uncached"] + (["redis"] if site.factor == 1 and redis_reachable(args.redis) else [])
    for kind in kinds:
        # One server at a time, always on the same port: pages carry their origin, and the
        # static copies were saved with it.
        with (
            server_environment(site.env, kind=kind, redis_url=args.redis) as env,
            gunicorn_server(env, workers=None, threads=None, log_dir=log_dir, port=port) as server,
        ):
            if kind == "cached":
                check_twins(server)
                wire = {path: transferred(server, path) for path in WIRE_BUDGETS}
            if kind == "uncached":
                wire["HEAD"] = head_status(server, SEARCH)
            rows += [measure(server, site=site, target=t, args=args) for t in targets if t.server == kind]
    return rows, wire


def limit_of(rows: list[Row], row: Row) -> Row:
    return next(r for r in rows if r.site == row.site and r.target.path == row.target.limit and not r.target.vary)


def ratio(rows: list[Row], row: Row) -> float:
    return row.requests_per_second / limit_of(rows, row).requests_per_second


def cpu_ratio(rows: list[Row], row: Row) -> float:
    """The rate ratio the server's CPU cost predicts, whatever else ran on the machine."""
    return limit_of(rows, row).cpu_ms / row.cpu_ms


def report(
    *, rows: list[Row], sites: list[Site], facts: dict, wire: dict[str, dict], stale: tuple[int, int], args
) -> str:
    small, large = sites
    load = ", ".join(f"{value:.1f}" for value in facts["load"])
    lines = [
        f"Machine: {facts['cpus']} CPUs ({facts['cpu']}), Python {facts['python']}, {facts['wrk']}; "
        f"gunicorn {facts['worker_class']}, {facts['workers']} workers × {facts['threads']} threads "
        f"(config/gunicorn.py), max_requests {facts['max_requests']}; SQLite; local-memory cache unless noted. "
        f"wrk: {args.threads} thread, {args.connections} connections, {args.duration} s per row, on the same "
        f"machine. Load average (1 min) before and after the run: {load}. Where other processes used CPU "
        f"during a row (last column, in cores), its rates are pessimistic: compare the CPU columns.",
        "",
        "| content | page | req/s | ÷ static | p50 ms | p99 ms | server CPU ms/req | ÷ static by CPU | body KB "
        "| errors | served as | worker restarts | other processes, cores |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|",
    ]
    for row in rows:
        share, cpu_share = (f"{ratio(rows, row):.1%}", f"{cpu_ratio(rows, row):.1%}") if row.cpu_ms else ("—", "—")
        lines.append(
            f"| {row.site} | {row.target.page} | {row.requests_per_second:,.0f} | {share} | {row.p50_ms:.1f} | "
            f"{row.p99_ms:.1f} | {row.cpu_ms:.2f} | {cpu_share} | {row.body_bytes / 1024:.1f} | {row.errors} | "
            f"{row.served} | {row.restarts} | {row.others:.2f} |"
        )
    labels = " | ".join(site.label for site in sites)
    lines += ["", f"| target: ÷ the static twin's rate, or the row named (by CPU) | need | {labels} |"]
    lines.append("|---|--:|" + "--:|" * len(sites))
    for page, need in TARGETS.items():
        got = [next((r for r in rows if r.site == s.label and r.target.page == page), None) for s in sites]
        cells = [
            f"{ratio(rows, r):.1%} ({cpu_ratio(rows, r):.1%}) {'met' if ratio(rows, r) >= need else 'MISSED'}"
            if r and r.cpu_ms
            else "—"
            for r in got
        ]
        lines.append(f"| {page} | ≥ {need:.0%} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"| database queries per page | {small.label} uncached | {large.label} uncached | from the cache |",
        "|---|--:|--:|--:|",
    ]
    for name, small_page in small.inspection["pages"].items():
        large_page = large.inspection["pages"][name]
        status = f" (HTTP {small_page['status']})" if small_page["status"] != 200 else ""
        lines.append(
            f"| {name}{status} | {small_page['uncached']} | {large_page['uncached']} | {small_page['cached']} |"
        )
    weight, large_weight = small.inspection["first_view"], large.inspection["first_view"]
    lines += [
        "",
        f"Procedure page first view ({PROCEDURE}): HTML {weight['html'] / 1024:.1f} KB + CSS/JS "
        f"{weight['assets'] / 1024:.1f} KB uncompressed; {weight['gzip'] / 1024:.1f} KB gzip, "
        f"{weight['brotli'] / 1024:.1f} KB brotli (bench/page_weight.py; budget {BUDGET // 1024} KB). "
        f"At {large.label}: HTML {large_weight['html'] / 1024:.1f} KB, {large_weight['gzip'] / 1024:.1f} KB gzip. ",
    ]
    lines += [
        "",
        f"| from gunicorn alone, asking for br, gzip | budget | {labels} |",
        "|---|--:|" + "--:|" * len(sites),
    ]
    for path, budget in WIRE_BUDGETS.items():
        cells = [f"{wire[s.label][path] / 1024:.1f} KB" for s in sites]
        verdicts = ["met" if wire[s.label][path] <= budget else "MISSED" for s in sites]
        lines.append(
            f"| first view of {path} (HTML + CSS/JS) | ≤ {budget // 1024} KB | "
            + " | ".join(f"{c} {v}" for c, v in zip(cells, verdicts, strict=True))
            + " |"
        )
    lines.append(
        f"| HEAD on an uncached public page ({SEARCH.split('?')[0]}) | 200 | "
        + " | ".join(str(wire[s.label]["HEAD"]) for s in sites)
        + " |"
    )
    old, total = stale
    lines += [
        "",
        f"Old pages served right after a save, {STALE_WORKERS} workers on one machine, SQLite, no Redis "
        f"(each worker had the page cached; the save ran in another process): **{old} of {total}** (target 0).",
    ]
    decision = small.inspection["pages"]["decision result"]
    if decision["template"] != "decide/result.html":
        lines.append(f"\nWarning: {DECISION} rendered {decision['template']!r}, not the result page.")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    doc = DOCS.read_text()
    start, end = doc.index(DOCS_START) + len(DOCS_START), doc.index(DOCS_END)
    DOCS.write_text(doc[:start] + "\n" + text + "\n" + doc[end:])


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, choices=range(1, MAX_DURATION + 1), metavar="SECONDS")
    parser.add_argument("--connections", type=int, default=50)
    # One wrk thread keeps 50 connections busy and leaves the 2 cores to gunicorn.
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--scale", type=int, default=10, help="content ×N for the second set of figures")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15", help="also measure with this cache; '' to skip")
    parser.add_argument("--write-docs", action="store_true", help=f"put the results into {DOCS.relative_to(ROOT)}")
    args = parser.parse_args()
    if args.redis and not args.redis.startswith("redis://127.0.0.1:"):
        parser.error("--redis must be on 127.0.0.1")
    if args.scale < 2:
        parser.error("--scale must be 2 or more: the second site is compared with the first")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    return args


def main() -> int:
    args = arguments()
    started = time.monotonic()
    load = [os.getloadavg()[0]]
    port = free_port()
    host = f"127.0.0.1:{port}"
    rows: list[Row] = []
    wire: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="kzsim-bench-") as tmp:
        sites = []
        for factor in (1, args.scale):
            print(f"[{time.monotonic() - started:4.0f} s] preparing the site with content ×{factor}…", flush=True)
            try:
                sites.append(build_site(root=Path(tmp) / f"x{factor}", factor=factor, host=host))
            except subprocess.CalledProcessError as error:
                raise SystemExit(f"preparing the site failed:\n{error.stderr[-4000:]}") from error
        facts = {**machine(), **server_settings(sites[0].env)}
        for site in sites:
            print(f"[{time.monotonic() - started:4.0f} s] measuring ×{site.factor}…", flush=True)
            site_rows, wire[site.label] = measure_site(site, port=port, args=args, log_dir=Path(tmp))
            rows += site_rows
        print(f"[{time.monotonic() - started:4.0f} s] a save with {STALE_WORKERS} workers…", flush=True)
        stale = stale_after_save(sites[0], port=port, log_dir=Path(tmp))
    load.append(os.getloadavg()[0])
    text = report(rows=rows, sites=sites, facts={**facts, "load": load}, wire=wire, stale=stale, args=args)
    print(f"[{time.monotonic() - started:4.0f} s] done\n\n{text}")
    if args.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
