from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorsConfig(AppConfig):
    name = "operators"
    verbose_name = _("Operators")

    def ready(self) -> None:
        from editorial import registry
        from operators.models import Company, Operator

        registry.register(
            Operator,
            kind="operator",
            natural_key=lambda operator: operator.slug,
            plain=(
                "slug",
                "name",
                "website",
                "office_finder_url",
                "support_short",
                "support_full",
                "support_abroad",
                "app_name",
                "active",
                "order",
            ),
            references={"company": ("operators.Company", "slug")},
            has_sources=True,
            publish_permission="verify_operator",
        )
        registry.register(
            Company,
            kind="company",
            natural_key=lambda company: company.slug,
            plain=("slug", "website"),
            has_sources=True,
        )
