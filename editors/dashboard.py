"""The editors' dashboard: what is stale, never verified, still a draft, reported by
visitors or missing in some language — each with a link to the admin page that fixes it.

Plain functions returning small dataclasses; the admin index shows them through the
`editor_dashboard` template tag. The number of queries does not depend on how much
content there is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_permission_codename
from django.db import models
from django.db.models import Count, Window
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from config import languages
from editorial import completeness, registry
from editorial.models import OutdatedText
from faq.models import Entry
from feedback.models import Report
from guides.models import Procedure
from operators.models import Operator
from search import reports

LIMIT = 20  # links per list; the rest are counted and, where the admin can, filtered for


def listed_models() -> tuple[type[models.Model], ...]:
    """The content models with texts, edited on pages of their own, in registry order
    (steps and documents are listed with their procedure)."""
    return tuple(entry.model for entry in registry.content_models() if entry.translated and entry.owner is None)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    detail: str = ""  # what to fix: the verified date, the missing fields, the reported page
    kind: str = ""  # what the object is, where a list mixes models


@dataclass(frozen=True)
class Section:
    key: str  # stable name for tests and CSS: "stale", "drafts-procedure", "missing-kk", ...
    title: str
    links: tuple[Link, ...]  # at most LIMIT
    total: int
    changelist_url: str = ""  # the whole list in the admin, filtered, where one exists

    @property
    def more(self) -> int:
        return self.total - len(self.links)


@dataclass(frozen=True)
class Dashboard:
    sections: tuple[Section, ...]
    translations: tuple[Section, ...]  # one per language
    reviews: tuple[Section, ...] = ()  # one per language: texts older than another language's
    searches: tuple[Section, ...] = ()  # per language: searches that found nothing, then the most frequent


def can_change(*, user, model: type[models.Model]) -> bool:
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")


def build(*, user, today: date | None = None, limit: int = LIMIT) -> Dashboard | None:
    """The dashboard for `user`, or None for people who can't change any content."""
    if not (user.is_active and user.is_staff):
        return None
    allowed = [model for model in listed_models() if can_change(user=user, model=model)]
    if not allowed:
        return None
    today = today or timezone.localdate()
    sections: list[Section] = []
    if Procedure in allowed:
        sections.append(stale_procedures(today=today, limit=limit))
        sections.append(never_verified(model=Procedure, title=_("Procedures never verified"), limit=limit))
    if Entry in allowed:
        sections.append(never_verified(model=Entry, title=_("FAQ entries never verified"), limit=limit))
    if Operator in allowed:
        sections.append(never_verified(model=Operator, title=_("Operators' contacts never verified"), limit=limit))
    if Procedure in allowed:
        sections.append(drafts(model=Procedure, title=_("Draft procedures"), limit=limit))
    if Entry in allowed:
        sections.append(drafts(model=Entry, title=_("Draft FAQ entries"), limit=limit))
    if user.has_perm("feedback.view_report") or user.has_perm("feedback.change_report"):
        sections.append(open_reports(limit=limit))
    return Dashboard(
        sections=tuple(sections),
        translations=missing_translations(content_models=allowed, limit=limit),
        reviews=texts_to_review(user=user, limit=limit),
        searches=searches(limit=limit) if user.has_perm("search.view_searchcount") else (),
    )


def stale_procedures(*, today: date, limit: int) -> Section:
    # The same rule as the changelist's "verified more than N days ago" filter.
    queryset = Procedure.objects.stale(today=today).select_related("operator").order_by("verified_on", "pk")
    return _section(
        key="stale",
        title=_("Procedures verified more than %(days)d days ago") % {"days": settings.STALE_AFTER_DAYS},
        queryset=queryset,
        limit=limit,
        changelist_query={"verified": "stale"},
        detail=lambda procedure: _("verified on %(date)s") % {"date": formats.date_format(procedure.verified_on)},
    )


def never_verified(*, model: type[models.Model], title: str, limit: int) -> Section:
    return _section(
        key=f"never-verified-{model._meta.model_name}",
        title=title,
        queryset=_with_labels(model.objects.never_verified()),
        limit=limit,
        changelist_query={"verified": "never"},
    )


def drafts(*, model: type[models.Model], title: str, limit: int) -> Section:
    return _section(
        key=f"drafts-{model._meta.model_name}",
        title=title,
        queryset=_with_labels(model.objects.drafts()),
        limit=limit,
        changelist_query={"status__exact": "draft"},
    )


def open_reports(*, limit: int) -> Section:
    return _section(
        key="open-reports",
        title=_("Open visitor reports"),
        queryset=Report.objects.open(),
        limit=limit,
        changelist_query={"state": "open"},
        label=lambda report: Truncator(report.message).chars(80),
        detail=lambda report: report.page,
    )


def missing_translations(*, content_models: Iterable[type[models.Model]], limit: int) -> tuple[Section, ...]:
    """One section per language: the objects with a text missing in it, naming the texts."""
    pages = list(_text_pages(content_models=content_models))
    links = {
        code: [
            Link(label=page.label, url=page.url, detail=", ".join(fields), kind=page.kind)
            for page in pages
            if (fields := page.missing(code))
        ]
        for code in languages.CODES
    }
    return _per_language(links, key="missing", title=gettext_noop("Missing in %(language)s"), limit=limit)


def _per_language(links: dict[str, list[Link]], *, key: str, title: str, limit: int) -> tuple[Section, ...]:
    """One section per language, in the site's order, each showing at most `limit` links."""
    names = dict(settings.LANGUAGES)
    return tuple(
        Section(
            key=f"{key}-{code}",
            title=_(title) % {"language": names[code]},
            links=tuple(links[code][:limit]),
            total=len(links[code]),
        )
        for code in languages.CODES
    )


def searches(*, limit: int) -> tuple[Section, ...]:
    """Per language, what readers searched for in the last days and found nothing for, and
    what they searched for most; each query links to the search, to try it. Two queries a
    language."""
    names = dict(settings.LANGUAGES)
    sections = []
    for code in languages.CODES:
        for key, title, report in (
            (
                "searches-nothing",
                _("Searches that found nothing in %(language)s, last %(days)d days"),
                reports.found_nothing,
            ),
            (
                "searches-frequent",
                _("Most frequent searches in %(language)s, last %(days)d days"),
                reports.most_frequent,
            ),
        ):
            counts, total = report(code=code, limit=limit)
            sections.append(
                Section(
                    key=f"{key}-{code}",
                    title=title % {"language": names[code], "days": reports.REPORT_DAYS},
                    links=tuple(_search_link(count, code) for count in counts),
                    total=total,
                )
            )
    return tuple(sections)


def _search_link(count: reports.QueryCount, code: str) -> Link:
    detail = ngettext("%(count)d search", "%(count)d searches", count.count) % {"count": count.count}
    if not count.query:
        return Link(label=_("Other queries (beyond the day's limit)"), url="", detail=detail)
    with translation.override(code):
        url = reverse("pages:search") + "?" + urlencode({"q": count.query})
    return Link(label=count.query, url=url, detail=detail)


def texts_to_review(*, user, limit: int) -> tuple[Section, ...]:
    """One section per language: the admin pages with a text that needs review in it
    (editorial/freshness.py), the most recently outdated first, naming the texts. One
    query for the flags and one per model that has some, whatever their number."""
    models_allowed = {
        entry.model._meta.label_lower: entry
        for entry in registry.content_models()
        if entry.translated and can_change(user=user, model=entry.model)
    }
    if not models_allowed:
        return ()
    flags = list(OutdatedText.objects.filter(model__in=list(models_allowed)).order_by("-since", "pk"))
    wanted: dict[str, set[int]] = defaultdict(set)
    for flag in flags:
        wanted[flag.model].add(flag.object_id)
    objects = {}
    for label, pks in wanted.items():
        entry = models_allowed[label]
        for obj in apps.get_model(label).objects.select_related(*entry.select_related).filter(pk__in=pks):
            objects[(label, obj.pk)] = obj
    names = dict(settings.LANGUAGES)
    pages: dict[str, dict[str, tuple[str, str, list[str]]]] = {code: {} for code in languages.CODES}
    for flag in flags:
        obj = objects.get((flag.model, flag.object_id))
        if obj is None:
            continue
        owner = models_allowed[flag.model].owner_of(obj)
        field = capfirst(obj._meta.get_field(flag.field).verbose_name)
        text = f"{capfirst(obj._meta.verbose_name)} “{obj}”: {field}" if owner is not obj else str(field)
        detail = _("%(text)s (newest text: %(language)s, %(date)s)") % {
            "text": text,
            "language": names[flag.newest_language],
            "date": formats.date_format(timezone.localtime(flag.since).date()),
        }
        url = _change_url(owner)
        kind = str(owner._meta.verbose_name)
        pages[flag.language].setdefault(url, (str(owner), kind, []))[2].append(detail)
    links = {
        code: [
            Link(label=label, url=url, detail="; ".join(details), kind=kind)
            for url, (label, kind, details) in pages[code].items()
        ]
        for code in languages.CODES
    }
    return _per_language(links, key="review", title=gettext_noop("To review in %(language)s"), limit=limit)


@dataclass(frozen=True)
class _TextPage:
    """One admin change page and the objects whose texts are edited on it (a procedure
    with its steps and document notes), each with how the dashboard names it."""

    label: str
    url: str
    kind: str
    parts: tuple[tuple[str, models.Model], ...]  # ("" for the object itself, "step 2", ...)

    def missing(self, code: str) -> list[str]:
        named = []
        for part, obj in self.parts:
            for field in _field_labels(obj, completeness.missing_fields(obj, code)):
                named.append(_("%(part)s: %(field)s") % {"part": part, "field": field} if part else field)
        return named


def _text_pages(*, content_models: Iterable[type[models.Model]]) -> Iterable[_TextPage]:
    # Every text of the site is read once per dashboard: a few hundred rows, one query per
    # model (two more for a procedure's steps and documents), never one per object.
    for model in content_models:
        kind = str(model._meta.verbose_name)
        queryset = model.objects.all()
        if model is Procedure:
            queryset = queryset.select_related("operator").prefetch_related("steps", "required_documents__document")
        for obj in queryset:
            parts: list[tuple[str, models.Model]] = [("", obj)]
            if model is Procedure:
                parts += [(_("step %(number)d") % {"number": n}, step) for n, step in enumerate(obj.steps.all(), 1)]
                parts += [(str(required.document), required) for required in obj.required_documents.all()]
            yield _TextPage(label=str(obj), url=_change_url(obj), kind=kind, parts=tuple(parts))


def _field_labels(obj: models.Model, names: list[str]) -> list[str]:
    # In the order of the admin form, not alphabetical.
    return [str(field.verbose_name) for field in obj._meta.fields if field.name in names]


def _with_labels(queryset: models.QuerySet) -> models.QuerySet:
    # A procedure's name includes its operator's.
    return queryset.select_related("operator") if queryset.model is Procedure else queryset


def _section(
    *,
    key: str,
    title: str,
    queryset: models.QuerySet,
    limit: int,
    changelist_query: dict[str, str],
    label: Callable[[models.Model], str] = str,
    detail: Callable[[models.Model], str] | None = None,
) -> Section:
    # One query per list: the window count carries the total on every row of the slice.
    rows = list(queryset.annotate(dashboard_total=Window(Count("pk")))[:limit])
    opts = queryset.model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return Section(
        key=key,
        title=title,
        links=tuple(Link(label=label(obj), url=_change_url(obj), detail=detail(obj) if detail else "") for obj in rows),
        total=rows[0].dashboard_total if rows else 0,
        changelist_url=f"{changelist}?{urlencode(changelist_query)}",
    )


def _change_url(obj: models.Model) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
