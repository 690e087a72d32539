from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("FAQ")

    def ready(self) -> None:
        from editorial import registry
        from faq.models import Category, Entry

        registry.register(
            Category, kind="category", natural_key=lambda category: category.slug, plain=("slug", "order")
        )
        registry.register(
            Entry,
            kind="entry",
            natural_key=lambda entry: entry.slug,
            plain=("slug", "status", "order"),
            references={"category": ("faq.Category", "slug"), "operator": ("operators.Operator", "slug")},
            has_sources=True,
            publish_permission="publish_entry",
        )
