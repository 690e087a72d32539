"""Atom feeds of major changes (and first publications): one per language, one per
operator and language. Links are absolute from settings.SITE_URL, never the request's
Host; entry ids are tag URIs (RFC 4151) that never change once an entry is out.
"""

from __future__ import annotations

import datetime
import io
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from editorial.text import current_language
from editorial.text_input import xml_safe
from operators.models import Operator
from updates import notes
from updates.notes import Update

# The day the feeds' ids were minted: part of each feed's tag URI, so it never changes.
FEEDS_MINTED = datetime.date(2026, 11, 29)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def tag_uri(day: datetime.date, specific: str) -> str:
    return f"tag:{urlsplit(settings.SITE_URL).hostname},{day.isoformat()}:{specific}"


def moment(day: datetime.date) -> datetime.datetime:
    """A date as the start of that day in the site's time zone (Atom needs a date-time)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom that stays well-formed whatever the database holds: the characters XML 1.0
    can't carry (text saved before the site refused them) are left out."""

    def write(self, outfile, encoding):
        written = io.StringIO()
        super().write(written, encoding)
        outfile.write(xml_safe(written.getvalue()))


class UpdatesFeed(Feed):
    feed_type = XmlSafeAtom1Feed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response

    def title(self, obj):
        return _("Updates to the KZ SIM guide")

    def subtitle(self, obj):
        return _("Major changes to the guide's procedures, answers and operators' contacts, newest first.")

    def link(self, obj):
        return absolute(reverse("updates:list"))

    def feed_url(self, obj):
        return absolute(reverse("updates:feed"))

    def feed_guid(self, obj):
        return tag_uri(FEEDS_MINTED, f"updates/{current_language()}")

    def author_name(self):
        return _("KZ SIM guide")

    def items(self, obj):
        return notes.site_updates(current_language())

    def item_title(self, item: Update):
        title = str(item.page_title)
        return _("First published: %(page)s") % {"page": title} if item.is_first_publication else title

    def item_description(self, item: Update):
        # Atom1Feed marks the summary as HTML: plain text is escaped to stay plain.
        if item.is_first_publication:
            return escape(_("This page was published."))
        return escape(str(item.text))

    def item_link(self, item: Update):
        return absolute(item.url())

    def item_guid(self, item: Update):
        return tag_uri(timezone.localdate(item.note.created_at), f"change-note/{item.note.pk}/{current_language()}")

    item_guid_is_permalink = False

    def item_updateddate(self, item: Update):
        return moment(item.changed_on)

    def item_pubdate(self, item: Update):
        return moment(item.changed_on)


class OperatorUpdatesFeed(UpdatesFeed):
    def get_object(self, request, operator: str):
        return get_object_or_404(Operator.objects.active(), slug=operator)

    def title(self, obj):
        return _("Updates for %(operator)s — KZ SIM guide") % {"operator": obj.name}

    def subtitle(self, obj):
        return _("Major changes to %(operator)s's procedures and contacts in the guide, newest first.") % {
            "operator": obj.name
        }

    def link(self, obj):
        return absolute(reverse("updates:operator", kwargs={"operator": obj.slug}))

    def feed_url(self, obj):
        return absolute(reverse("updates:operator_feed", kwargs={"operator": obj.slug}))

    def feed_guid(self, obj):
        return tag_uri(FEEDS_MINTED, f"updates/{obj.pk}/{current_language()}")

    def items(self, obj):
        return notes.operator_updates(obj, current_language())
