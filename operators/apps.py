from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorsConfig(AppConfig):
    name = "operators"
    verbose_name = _("Operators")

    def ready(self) -> None:
        from editorial import registry
        from operators.models import Company, Contact, Operator

        registry.register(
            Operator,
            kind="operator",
            natural_key=lambda operator: operator.slug,
            plain=(
                "slug",
                "name",
                "aliases",
                "website",
                "active",
                "order",
            ),
            per_language=("link",),
            references={"company": ("operators.Company", "slug")},
            has_sources=True,
            publish_permission="verify_operator",
        )
        registry.register(
            Contact,
            kind="contact",
            natural_key=lambda contact: f"{contact.operator.slug}/{contact.kind}/{contact.order}",
            select_related=("operator",),
            owner=lambda contact: contact.operator,
            plain=("kind", "value", "order"),
            per_language=("link",),
            references={"operator": ("operators.Operator", "slug")},
            has_sources=True,
            # Marking a contact verified is marking an operator's contacts verified.
            publish_permission="verify_operator",
        )
        registry.register(
            Company,
            kind="company",
            natural_key=lambda company: company.slug,
            plain=("slug", "website"),
            has_sources=True,
        )
