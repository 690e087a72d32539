"""Search quality on the evaluation set (search/evaluation/questions.yaml).

    .venv/bin/python bench/search_quality.py [--misses] [--held-out-misses]

Loads the shipped content into a fresh SQLite database in a temporary folder, asks every
question on the site of its language, and prints success@3 and MRR per language, for the
questions used while tuning and for the quarter held out. `--misses` lists the tuning
questions whose answer is not among the first three (held-out misses are listed only with
`--held-out-misses`: looking at them while tuning would spoil them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.in_process import shipped_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the tuning questions answered badly")
    parser.add_argument("--held-out-misses", action="store_true", help="list the held-out ones too")
    args = parser.parse_args()

    shipped_site("kzsim-search-quality-")

    from config import languages
    from search import evaluation

    questions = evaluation.questions()
    print("| language | tuning: questions | success@3 | MRR | held out: questions | success@3 | MRR |")
    print("|---|---|---|---|---|---|---|")
    shown = []
    for code in languages.CODES:
        row = [code]
        for held_out in (False, True):
            items = [q for q in questions if q.lang == code and q.held_out == held_out]
            figures = evaluation.measure(items, evaluation.engine_ranking)
            row += [str(figures.questions), f"{figures.success_at_3:.2f}", f"{figures.mrr:.2f}"]
            if (args.misses and not held_out) or (args.held_out_misses and held_out):
                shown += figures.misses
        print("| " + " | ".join(row) + " |")
    for question in shown:
        ranked = evaluation.engine_ranking(question)
        print(f"\nMISS [{question.lang}] {question.q}  → expected {', '.join(question.answers)}")
        for rank, ids in enumerate(ranked[:3], start=1):
            print(f"   {rank}. {', '.join(sorted(ids))[:150]}")


if __name__ == "__main__":
    main()
