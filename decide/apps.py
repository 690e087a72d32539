from django.apps import AppConfig


class DecideConfig(AppConfig):
    name = "decide"

    def ready(self) -> None:
        from decide import checks  # noqa: F401  registers the wording check
        from decide.models import DecisionText
        from editorial import registry

        registry.register(DecisionText, kind="decision_text", natural_key=lambda text: text.key, plain=("key", "kind"))
