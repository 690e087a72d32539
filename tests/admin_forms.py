"""Driving the admin as a browser would: staff users in a role, change forms opened,
changed and submitted with every field they carry."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.html import form_fields


def staff(role: str, name: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "correct-horse-battery", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def submit(client, url, changes=None, *, language="en"):
    """Open an admin form, change some fields, and save it as a browser would."""
    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    html = page.content.decode()
    form_id = re.search(r'<form[^>]+id="(\w+_form)"', html).group(1)
    return post_fields(client, url, form_fields(html, form_id), changes, language=language)


def post_fields(client, url, fields, changes=None, *, language="en"):
    changes = changes or {}
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    for name, value in changes.items():
        data[name] = [value]
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
