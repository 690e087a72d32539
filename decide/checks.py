"""System check: every node of the decision flow has its wording, in every language.

A node of the code without wording would show visitors an empty question or result. The
check queries the database, so it stays quiet when there is no table yet (before
`migrate`) or no database at all. It only warns about wording that ships in
content/decision.yaml but has not been loaded yet (a new node, a newly required text):
an error there would block `migrate` and `load_content`, the two commands that fix it.
"""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from config import languages
from decide import flow


@checks.register()
def check_decision_wording(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from decide.models import DecisionText
    from decide.wording import shipped_texts
    from guides.models import LoadedContent

    if app_configs is not None and not any(config.label in ("guides", "decide") for config in app_configs):
        return []
    try:
        rows = {row.key: row for row in DecisionText.objects.all()}
        loaded = dict(LoadedContent.objects.filter(key__startswith="decision_text:").values_list("key", "data"))
    except DatabaseError:
        return []

    shipped = shipped_texts()
    messages: list[checks.CheckMessage] = []
    not_loaded: list[str] = []
    for node in flow.wording_nodes():
        row = rows.get(node.key)
        if row is None:
            if node.key in shipped and f"decision_text:{node.key}" not in loaded:
                not_loaded.append(node.key)
            else:
                messages.append(
                    checks.Error(
                        f"The decision flow's node “{node.key}” has no wording.",
                        hint="Add it in the admin (Decision flow wording) or to content/decision.yaml "
                        "and run `manage.py load_content`.",
                        obj=node.key,
                        id="guides.E010",
                    )
                )
            continue
        missing = [
            languages.field_name(name, code)
            for name in node.required
            for code in languages.CODES
            if not (getattr(row, languages.field_name(name, code)) or "").strip()
        ]
        shipped_row, loaded_data = shipped.get(node.key), loaded.get(f"decision_text:{node.key}") or {}
        if missing and shipped_row and all(getattr(shipped_row, c) and not loaded_data.get(c) for c in missing):
            not_loaded.append(node.key)  # the file has it, the last load predates it
        elif missing:
            messages.append(
                checks.Error(
                    f"The decision flow's node “{node.key}” lacks wording: {', '.join(missing)}.",
                    hint="Fill it in the admin (Decision flow wording), in every language.",
                    obj=node.key,
                    id="guides.E011",
                )
            )
    if not_loaded:
        messages.append(
            checks.Warning(
                f"{len(not_loaded)} decision flow node(s) have shipped wording that is not loaded yet "
                f"(first: {not_loaded[0]}).",
                hint="Run `manage.py load_content`.",
                id="guides.W010",
            )
        )
    return messages
