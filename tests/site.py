"""A small published site for page tests: two brands of one company, procedures, FAQ."""

from django.urls import reverse
from django.utils import translation

from editorial.models import Status
from tests.factories import (
    CategoryFactory,
    CompanyFactory,
    EntryFactory,
    OperatorFactory,
    ProcedureFactory,
    RequiredDocumentFactory,
    SourceFactory,
)


def make_site():
    """A small published site: two brands of one company, procedures, FAQ."""
    company = CompanyFactory(slug="kcell-jsc")
    kcell = OperatorFactory(slug="kcell", name="Kcell", company=company)
    kcell.contacts.create(
        kind="support_own",
        value="455",
        order=1,
        note_en="From Kcell and activ numbers",
        note_ru="С номеров Kcell и activ",
        note_kk="Kcell және activ нөмірлерінен",
        note_zh_hans="用 Kcell 和 activ 号码拨打",
    )
    kcell.contacts.create(kind="lost_sim", value="*100#", order=2)
    activ = OperatorFactory(slug="activ", name="activ", company=company)
    cancel = ProcedureFactory(operator=kcell, slug="cancel", kind="cancel", with_steps=3)
    RequiredDocumentFactory(procedure=cancel, audience="citizen", document__slug="id-card")
    RequiredDocumentFactory(procedure=cancel, audience="foreign", document__slug="passport", optional=True)
    RequiredDocumentFactory(procedure=cancel, audience="representative", document__slug="poa")
    cancel.sources.add(SourceFactory(title_en="Kcell forms"))
    ProcedureFactory(operator=kcell, slug="suspend", kind="suspend", with_steps=1)
    ProcedureFactory(operator=activ, slug="cancel", kind="cancel", with_steps=1)
    ProcedureFactory(operator=kcell, slug="secret-draft", status=Status.DRAFT, with_steps=1)
    category = CategoryFactory(slug="cancelling")
    EntryFactory(category=category, slug="restore")
    EntryFactory(category=category, slug="draft-entry", status=Status.DRAFT)
    return {"kcell": kcell, "activ": activ, "cancel": cancel}


def page_urls(code):
    with translation.override(code):
        return {
            "home": reverse("pages:home"),
            "operators": reverse("operators:list"),
            "operator": reverse("operators:detail", args=["kcell"]),
            "procedure": reverse("guides:procedure", args=["kcell", "cancel"]),
            "updates": reverse("updates:procedure", args=["kcell", "cancel"]),
            "site_updates": reverse("updates:list"),
            "faq": reverse("faq:index"),
            "search": reverse("pages:search") + "?q=cancel",
            "about": reverse("pages:about"),
        }
