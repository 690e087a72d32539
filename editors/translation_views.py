"""Admin pages for translators: download a language's PO file, upload one, preview, confirm.

The uploaded text travels to the confirm step signed (and bound to the user), and is
planned again there: what is applied is computed on the server, never taken from the form.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config import languages
from editors.translation_export import export_language
from editors.translation_file import Problem, decode, undecodable_line
from editors.translation_import import (
    ImportConflict,
    ImportPlan,
    apply_import,
    forbidden_changes,
    owner_of,
    parse_import,
)

PERMISSION = "guides.change_procedure"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_SALT = "guides.translation-import"
UPLOAD_MAX_AGE = 60 * 60  # seconds between the preview and its confirmation


def translator_required(view):
    # Not staff: the admin login. Staff without the permission: 403.
    return staff_member_required(permission_required(PERMISSION, raise_exception=True)(view))


class ExportForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)


class ImportForm(ExportForm):
    file = forms.FileField(label=gettext_lazy("PO file"), help_text=gettext_lazy("Nothing changes before you confirm."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES >> 20})
        return upload


def _page(request, *, template: str, title: str, context: dict):
    return render(request, template, {**admin.site.each_context(request), "title": title, **context})


def _index(request, *, import_form: ImportForm | None = None):
    initial = {"language": get_language() if get_language() in languages.CODES else languages.DEFAULT_CODE}
    context = {
        "export_form": ExportForm(initial=initial, auto_id="export_%s"),
        "import_form": import_form or ImportForm(initial=initial, auto_id="import_%s"),
    }
    return _page(request, template="admin/translations/index.html", title=_("Translations"), context=context)


def _plan(request, *, code: str, text: str) -> ImportPlan:
    plan = parse_import(code=code, text=text)
    plan.errors.extend(forbidden_changes(plan=plan, user=request.user))
    return plan


def _admin_url(obj) -> str | None:
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def _preview(request, *, plan: ImportPlan, text: str | None):
    token = None
    if plan.ok and (plan.changes or plan.confirmations) and text is not None:
        payload = {"user": request.user.pk, "code": plan.code, "text": text, "fingerprint": plan.fingerprint}
        token = signing.dumps(payload, salt=UPLOAD_SALT, compress=True)
    context = {
        "plan": plan,
        "language_name": dict(settings.LANGUAGES)[plan.code],
        "rows": [(change, _admin_url(owner_of(change.obj))) for change in plan.changes],
        "confirmation_rows": [(item, _admin_url(owner_of(item.obj))) for item in plan.confirmations],
        "token": token,
    }
    return _page(
        request, template="admin/translations/preview.html", title=_("Check the translation import"), context=context
    )


@require_GET
@translator_required
def index(request):
    return _index(request)


@require_GET
@translator_required
def download(request):
    form = ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose one of the languages."))
        return redirect("translations:index")
    code = form.cleaned_data["language"]
    response = HttpResponse(export_language(code=code), content_type="text/x-gettext-translation; charset=utf-8")
    filename = f"kz-sim-guide-{languages.get(code).locale}.po"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


@require_POST
@translator_required
def preview(request):
    form = ImportForm(request.POST, request.FILES, auto_id="import_%s")
    if not form.is_valid():
        return _index(request, import_form=form)
    code, data = form.cleaned_data["language"], form.cleaned_data["file"].read()
    try:
        text = decode(data=data)
    except UnicodeDecodeError as error:
        problem = Problem(undecodable_line(data=data, error=error), _("The file is not UTF-8 text."))
        return _preview(request, plan=ImportPlan(code=code, errors=[problem]), text=None)
    return _preview(request, plan=_plan(request, code=code, text=text), text=text)


@require_POST
@translator_required
def confirm(request):
    try:
        payload = signing.loads(request.POST.get("token", ""), salt=UPLOAD_SALT, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature:
        payload = None
    if not payload or payload.get("user") != request.user.pk:
        messages.error(request, _("This preview has expired or is not yours. Upload the file again."))
        return redirect("translations:index")
    code, text = payload["code"], payload["text"]
    plan = _plan(request, code=code, text=text)
    if plan.ok and plan.fingerprint != payload["fingerprint"]:
        messages.warning(request, _("The texts changed after your preview. Check the changes again."))
        return _preview(request, plan=plan, text=text)
    if not plan.ok:
        return _preview(request, plan=plan, text=text)
    try:
        count = apply_import(plan, user=request.user)
    except ImportConflict as error:
        messages.error(request, str(error))
        return _preview(request, plan=_plan(request, code=code, text=text), text=text)
    messages.success(
        request,
        ngettext(
            "%(count)d text was imported.",
            "%(count)d texts were imported.",
            count,
        )
        % {"count": count},
    )
    if plan.confirmations:
        messages.success(
            request,
            ngettext(
                "%(count)d text was confirmed as matching the newest text.",
                "%(count)d texts were confirmed as matching the newest text.",
                len(plan.confirmations),
            )
            % {"count": len(plan.confirmations)},
        )
    return redirect("translations:index")
