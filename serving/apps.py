from django.apps import AppConfig


class ServingConfig(AppConfig):
    """The bottom of the site: how pages are served and kept serving. Canonical requests,
    the page cache, the content version and what is cached under it, shared counters and
    rate limits, deadlines and circuit breakers for PostgreSQL and Redis, health. It knows
    nothing of content or editing: editorial tells it when content changed
    (serving.versions.invalidate)."""

    name = "serving"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from serving import watchdog

        # Database statements have a deadline while a request is served (serving/watchdog.py).
        request_started.connect(watchdog.request_started, dispatch_uid="watchdog-request-started")
        request_finished.connect(watchdog.request_finished, dispatch_uid="watchdog-request-finished")
