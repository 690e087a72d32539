"""`{% editor_dashboard as dashboard %}` for the admin index (templates/admin/index.html)."""

from __future__ import annotations

from django import template

from editors import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_dashboard(context) -> dashboard.Dashboard | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return dashboard.build(user=user) if user is not None else None
