"""A cached page with Redis against the same bytes as a static file, side by side.

    .venv/bin/python bench/redis_hits.py [--runs 3] [--duration 8] [--redis redis://127.0.0.1:6379/15]

One production-mode gunicorn (config/gunicorn.py's workers and threads) with REDIS_URL set
serves both rows: the 40-step procedure page from the page cache, and its own bytes saved
into STATIC_ROOT and served by WhiteNoise. Each run measures the static file and then the
page with wrk, so the two rows of a run see the same machine; the script prints every run
and the median of the runs' ratios (req/s, and CPU time per request). The budget
(DESIGN.md): ≥ 0.85 of the static rate, median of three runs.

Keys live under a run-only prefix and are deleted afterwards; everything listens on
127.0.0.1 only and every process started here is stopped here.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    PROCEDURE,
    STATIC,
    Target,
    build_site,
    check_twins,
    measure,
    redis_reachable,
    server_environment,
)
from bench.servers import free_port, gunicorn_server

BUDGET = 0.85
STATIC_ROW = Target("static file (same bytes)", STATIC, "redis")
REDIS_ROW = Target("cached procedure page, Redis", PROCEDURE, "redis")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8, choices=range(1, 16), metavar="SECONDS")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    args = parser.parse_args()
    if not args.redis.startswith("redis://127.0.0.1:"):
        parser.error("--redis must be on 127.0.0.1")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    if not redis_reachable(args.redis):
        parser.error(f"no Redis answers on {args.redis}")
    return args


def main() -> int:
    args = arguments()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="kzsim-redis-hits-") as tmp:
        print("preparing the site…", flush=True)
        site = build_site(root=Path(tmp) / "site", factor=1, host=f"127.0.0.1:{port}")
        with (
            server_environment(site.env, kind="redis", redis_url=args.redis) as env,
            gunicorn_server(env, workers=None, threads=None, log_dir=Path(tmp), port=port) as server,
        ):
            check_twins(server)
            runs = []
            for number in range(1, args.runs + 1):
                print(f"run {number}:", flush=True)
                static = measure(server, site=site, target=STATIC_ROW, args=args)
                page = measure(server, site=site, target=REDIS_ROW, args=args)
                runs.append((static, page))
                time.sleep(1)
    print(
        "\n| run | static req/s | Redis hit req/s | ÷ static | static CPU ms/req | hit CPU ms/req | ÷ static by CPU "
        "| served as | other processes, cores |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|---|--:|")
    ratios, cpu_ratios = [], []
    for number, (static, page) in enumerate(runs, 1):
        ratio = page.requests_per_second / static.requests_per_second
        cpu_ratio = static.cpu_ms / page.cpu_ms
        ratios.append(ratio)
        cpu_ratios.append(cpu_ratio)
        print(
            f"| {number} | {static.requests_per_second:,.0f} | {page.requests_per_second:,.0f} | {ratio:.1%} "
            f"| {static.cpu_ms:.2f} | {page.cpu_ms:.2f} | {cpu_ratio:.1%} | {page.served} "
            f"| {max(static.others, page.others):.2f} |"
        )
    median = statistics.median(ratios)
    verdict = "met" if median >= BUDGET else "MISSED"
    print(
        f"\nMedian of {len(runs)} runs: {median:.1%} of the static rate "
        f"({statistics.median(cpu_ratios):.1%} by CPU); need ≥ {BUDGET:.0%}: {verdict}"
    )
    return 0 if median >= BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
