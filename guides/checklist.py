"""A procedure's document checklist, grouped by who it applies to.

Shared by the procedure page and the print sheet; works on prefetched rows only.
"""

from __future__ import annotations

from dataclasses import dataclass

from guides.models import Procedure, RequiredDocument

# Everyone's papers first, then the holder's own kind, then a representative's.
AUDIENCE_ORDER = (
    RequiredDocument.Audience.ANY,
    RequiredDocument.Audience.CITIZEN,
    RequiredDocument.Audience.FOREIGN,
    RequiredDocument.Audience.REPRESENTATIVE,
)


@dataclass(frozen=True)
class AudienceGroup:
    audience: str
    label: str
    documents: list[RequiredDocument]


def documents_by_audience(procedure: Procedure) -> list[AudienceGroup]:
    """Groups in AUDIENCE_ORDER, each keeping the editor's order; empty groups left out."""
    groups: dict[str, list[RequiredDocument]] = {audience: [] for audience in AUDIENCE_ORDER}
    for required in procedure.required_documents.all():
        groups.setdefault(required.audience, []).append(required)
    return [
        AudienceGroup(audience, RequiredDocument.Audience(audience).label, documents)
        for audience, documents in groups.items()
        if documents
    ]
