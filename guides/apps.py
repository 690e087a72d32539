from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def procedure_key(procedure) -> str:
    return f"{procedure.operator.slug}/{procedure.slug}"


class GuidesConfig(AppConfig):
    name = "guides"
    verbose_name = _("Guides")

    def ready(self) -> None:
        from editorial import registry
        from guides import reserved_slugs  # noqa: F401  registers the check that the database reserves the routes
        from guides.models import Document, Procedure, RequiredDocument, Source, Step

        registry.register(
            Procedure,
            kind="procedure",
            natural_key=procedure_key,
            select_related=("operator",),
            plain=("slug", "kind", "channel", "status", "order"),
            has_sources=True,
            publish_permission="publish_procedure",
        )
        registry.register(
            Step,
            kind="step",
            natural_key=lambda step: f"{procedure_key(step.procedure)}/{step.order}",
            select_related=("procedure__operator",),
            owner=lambda step: step.procedure,
            plain=("order",),
        )
        registry.register(
            RequiredDocument,
            kind="required_document",
            natural_key=lambda item: f"{procedure_key(item.procedure)}/{item.document.slug}/{item.audience}",
            select_related=("procedure__operator", "document"),
            owner=lambda item: item.procedure,
            plain=("audience", "optional", "order"),
            references={"document": ("guides.Document", "slug")},
        )
        registry.register(
            Document, kind="document", natural_key=lambda document: document.slug, plain=("slug", "order")
        )
        registry.register(
            Source,
            kind="source",
            natural_key=lambda source: source.url,
            plain=("url", "language", "accessed_on"),
            per_language=("link",),
        )
