"""The decision flow's shipped wording: ``content/decision.yaml`` → ``DecisionText`` rows.

The file is grouped the way an editor reads the flow (a question with its answers, then
outcomes, then notes); here it is flattened into one record per node key and loaded with
the content loader's rules (editors/content_loader.py), so an editor's change in the admin is never overwritten.

```yaml
questions:
  situation:                 # the question's id in decide/flow.py
    text: {en: …, ru: …, kk: …, zh-hans: …}
    hint: {…}                # optional
    answers:
      lost: {text: {…}, reason: {…}}
outcomes:
  block_now: {text: {…}, body: {…}, after: {…}}     # body and after are Markdown
notes:
  pay_debt_first: {text: {…}, body: {…}}
```
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from decide import flow
from decide.models import DecisionText
from editorial import registry
from editorial.shipped import CONTENT_DIR, ContentError, normalise, read_yaml

DECISION_FILE = CONTENT_DIR / "decision.yaml"
SECTIONS = ("questions", "outcomes", "notes")


def _mapping(value: Any, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ContentError(f"{where}: expected a mapping")
    return value


def read_records(path: Path = DECISION_FILE) -> list[dict[str, Any]]:
    """One record per node (``key``, ``kind`` and its texts), checked against the code's nodes."""
    raw = _mapping(read_yaml(path, expect=dict), path.name)
    if unknown := set(raw) - set(SECTIONS):
        raise ContentError(f"{path.name}: unknown sections {sorted(unknown)}")

    records: list[dict[str, Any]] = []
    for question, texts in _mapping(raw.get("questions"), f"{path.name} questions").items():
        texts = _mapping(texts, f"{path.name} {question}")
        own = {name: value for name, value in texts.items() if name != "answers"}
        records.append({"key": flow.question_key(question), "kind": "question", **own})
        for answer, answer_texts in _mapping(texts.get("answers"), f"{path.name} {question} answers").items():
            answer_texts = _mapping(answer_texts, f"{path.name} {question}={answer}")
            records.append({"key": flow.answer_key(question, answer), "kind": "answer", **answer_texts})
    for outcome, texts in _mapping(raw.get("outcomes"), f"{path.name} outcomes").items():
        records.append({"key": flow.outcome_key(outcome), "kind": "outcome", **_mapping(texts, outcome)})
    for note, texts in _mapping(raw.get("notes"), f"{path.name} notes").items():
        records.append({"key": flow.note_key(note), "kind": "note", **_mapping(texts, note)})

    # A typo would otherwise load wording for a node that doesn't exist.
    known = {node.key for node in flow.wording_nodes()}
    if strays := [record["key"] for record in records if record["key"] not in known]:
        raise ContentError(f"{path.name}: no node in decide/flow.py for {strays}")
    return records


@lru_cache(maxsize=1)
def shipped_texts() -> dict[str, DecisionText]:
    """The shipped wording as unsaved rows, keyed by node key.

    Pages fall back to these when a row is missing from the database (new code deployed,
    `load_content` not yet run), so a visitor never sees a question without words.
    """
    spec = registry.get(DecisionText)
    try:
        records = read_records()
    except ContentError:
        return {}
    return {record["key"]: DecisionText(**normalise(spec, record, record["key"])) for record in records}


def wording(keys: Iterable[str]) -> dict[str, DecisionText]:
    """The rows for these node keys in one query; shipped wording fills any gap."""
    keys = set(keys)
    rows = {row.key: row for row in DecisionText.objects.filter(key__in=keys)}
    shipped = shipped_texts()
    return {key: rows.get(key) or shipped.get(key) or DecisionText(key=key) for key in keys}
