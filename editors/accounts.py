"""Staff accounts: the password reset, limited and sent with the site's public address.

At most RESET_PER_ADDRESS reset e-mails an hour for one account (however its address is
spelled) or one address without an account, and
RESET_PER_CLIENT for one client address, counted where the feedback limit counts
(django-ratelimit on the "limits" cache: Redis, or the machine's shared SQLite file). A
limited request gets exactly the answer of any other — the "check your e-mail" page —
so the form tells nobody whether an address has an account or was limited.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django_ratelimit.core import is_ratelimited

RESET_PER_ADDRESS = "3/h"
RESET_PER_CLIENT = "10/h"


class PasswordResetForm(auth_forms.PasswordResetForm):
    def save(self, **options):
        # The link in the e-mail: the public origin, never the request's Host header.
        origin = urlsplit(settings.SITE_URL)
        return super().save(**{**options, "domain_override": origin.netloc, "use_https": origin.scheme == "https"})


def reset_key(form: auth_forms.PasswordResetForm) -> str:
    """What the per-address limit counts: the accounts the address reaches, matched the
    way the reset matches them (the database's case-insensitive comparison, which on
    PostgreSQL takes "ſam@…" for "sam@…"); for an address that reaches none, the address
    casefolded after NFKC, so its spellings count as one."""
    email = form.cleaned_data["email"]
    accounts = sorted(user.pk for user in form.get_users(email))
    if accounts:
        return "accounts:" + ",".join(map(str, accounts))
    return "address:" + unicodedata.normalize("NFKC", email.strip()).casefold()


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm

    def form_valid(self, form):
        address = reset_key(form)
        # Both counted on every request, so neither limit can be dodged through the other.
        by_address = is_ratelimited(
            self.request,
            group="password-reset-address",
            key=lambda group, request: address,
            rate=RESET_PER_ADDRESS,
            method="POST",
            increment=True,
        )
        by_client = is_ratelimited(
            self.request, group="password-reset-client", key="ip", rate=RESET_PER_CLIENT, method="POST", increment=True
        )
        if by_address or by_client:
            return HttpResponseRedirect(self.get_success_url())  # the answer every request gets
        return super().form_valid(form)
