"""The "report a problem" form: short, no account, and unattractive to bots.

Spam resistance without third-party captchas: a honeypot field people never see, a
signed timestamp that must be a few seconds old and not stale, a cap on links, and a
per-address rate limit in the view.
"""

from __future__ import annotations

import re
import time

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from editorial.text_input import CleanTextForm
from feedback.models import Report

MIN_SECONDS_TO_FILL = 3
MAX_FORM_AGE_SECONDS = 2 * 60 * 60
MAX_LINKS = 2
_SIGNER_SALT = "feedback.form-started"
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_SAFE_PAGE = re.compile(r"^/[A-Za-z0-9\-._~/%]*$")


def safe_page(raw: str | None) -> str:
    """A path on this site (never another host), or an empty string."""
    raw = (raw or "").strip()
    if len(raw) > 300 or raw.startswith("//") or not _SAFE_PAGE.match(raw):
        return ""
    return raw


def form_started_token(now: float | None = None) -> str:
    """When the form was shown, signed so a bot can't fake an older time."""
    return signing.Signer(salt=_SIGNER_SALT).sign(str(int(now if now is not None else time.time())))


class ReportForm(CleanTextForm, forms.ModelForm):
    page = forms.CharField(widget=forms.HiddenInput, required=False)
    started = forms.CharField(widget=forms.HiddenInput)
    # The honeypot: hidden from people by CSS and aria-hidden; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = Report
        fields = ["message", "contact", "page"]
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}
        labels = {"message": _("What is wrong or missing on this page?"), "contact": _("Your e-mail (optional)")}
        help_texts = {
            "message": _("For example: a step that changed, a document the office asked for, a wrong translation."),
            "contact": _("Only if you want an answer. We use it for nothing else."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].max_length = 2000
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("message", "contact", Div("website", css_class="feedback-extra"), "page", "started")
        self.helper.add_input(Submit("submit", _("Send report")))

    def clean_page(self) -> str:
        return safe_page(self.cleaned_data.get("page"))

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if len(message) < 5:
            raise forms.ValidationError(_("Please describe the problem in a few words."))
        if len(_LINK.findall(message)) > MAX_LINKS:
            raise forms.ValidationError(_("Please leave out web links; describe the problem in words."))
        return message

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(_("Your report could not be sent. Please try again."), code="spam")
        try:
            started = int(signing.Signer(salt=_SIGNER_SALT).unsign(cleaned.get("started", "")))
        except (signing.BadSignature, ValueError):
            raise forms.ValidationError(_("Your report could not be sent. Please try again."), code="spam") from None
        age = time.time() - started
        if age > MAX_FORM_AGE_SECONDS:
            raise forms.ValidationError(_("The form was open too long. Please send it again."), code="stale")
        if age < MIN_SECONDS_TO_FILL:
            raise forms.ValidationError(_("Your report could not be sent. Please try again."), code="spam")
        return cleaned
