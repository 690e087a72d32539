"""The admin's Markdown preview: the editor's text rendered exactly as the public pages
render it (editorial.text.render_markdown), for the preview button of MarkdownTextarea."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from editorial.text import render_markdown

MAX_CHARS = 20_000  # far above any step or answer; keeps a preview cheap to render


@never_cache
@staff_member_required
@require_POST
def markdown_preview(request: HttpRequest) -> JsonResponse:
    text = request.POST.get("text", "")
    if len(text) > MAX_CHARS:
        message = _("The text is too long to preview (at most %(max)d characters).") % {"max": MAX_CHARS}
        return JsonResponse({"error": message}, status=400)
    return JsonResponse({"html": str(render_markdown(text))})
