"""Search speed and memory, in-process, on the shipped content and on it copied ×N.

    .venv/bin/python bench/search_speed.py [--scale 10] [--rounds 3]

For each size: the time to build the index (once per content version per process), the
memory the index holds (tracemalloc), and the time of each question of the evaluation set
(search/evaluation/questions.yaml), asked `--rounds` times on its own language's site —
p50, p95 and max of the CPU time each search takes (so other work on the machine doesn't
blur it) — and the database queries one search makes. Budgets (DESIGN.md): p95
≤ 20 ms and the index ≤ 50 MB at ×10.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.in_process import shipped_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    shipped_site("kzsim-search-speed-")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.heavy import multiply_content
    from search import engine, evaluation
    from serving.results import forget_memos

    questions = evaluation.questions()

    print("| content | pages | index build | index memory | p50 | p95 | max | queries per search |")
    print("|---|---|---|---|---|---|---|---|")
    for factor in (1, args.scale):
        if factor > 1:
            multiply_content(factor=factor)
        forget_memos()
        tracemalloc.start()
        started = time.thread_time()
        index = engine.current_index()
        build = time.thread_time() - started
        memory = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()

        timings = []
        for _round in range(args.rounds):
            for question in questions:
                # CPU time of this thread: what a search costs, not what other processes
                # on a busy machine take from it.
                started = time.thread_time()
                engine.search(question.q, code=question.lang)
                timings.append((time.thread_time() - started) * 1000)
        timings.sort()
        with CaptureQueriesContext(connection) as queries:
            engine.search("how do I cancel my kcell number", code="en")
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"| ×{factor} | {len(index.pages)} | {build:.2f} s | {memory / 2**20:.1f} MB | "
            f"{statistics.median(timings):.1f} ms | {p95:.1f} ms | {timings[-1]:.1f} ms | {len(queries)} |"
        )


if __name__ == "__main__":
    main()
