"""sitemap.xml: public pages with hreflang alternates for the languages each is really in."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from config import languages
from editorial.change_notes import newest, with_last_updated
from guides.models import Procedure
from operators.models import Operator
from updates import notes


def _languages_with(instance, field: str) -> list[str]:
    return [code for code in languages.CODES if (getattr(instance, languages.field_name(field, code)) or "").strip()]


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = list(languages.CODES)

    # Absolute URLs from the site's public origin, never from the request's Host header.
    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class StaticPagesSitemap(TranslatedSitemap):
    def items(self):
        return ["pages:home", "operators:list", "faq:index", "pages:about"]

    def location(self, item):
        return reverse(item)


# lastmod is the date of the last major change (editorial/change_notes.py): a typo fixed
# is no reason for a search engine to fetch the page again.


class OperatorSitemap(TranslatedSitemap):
    def items(self):
        return notes.operators_with_last_updated(Operator.objects.active().order_by("pk"))

    def lastmod(self, operator):
        return newest(operator.own_last_updated, operator.procedures_last_updated)


class ProcedureSitemap(TranslatedSitemap):
    def items(self):
        procedures = Procedure.objects.published().filter(operator__active=True).select_related("operator")
        return with_last_updated(procedures.order_by("pk"))

    def lastmod(self, procedure):
        return procedure.last_updated

    def get_languages_for_item(self, procedure):
        # Only the languages the procedure is really written in, not its fallbacks.
        return _languages_with(procedure, "title")


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "operators": OperatorSitemap,
    "procedures": ProcedureSitemap,
}
