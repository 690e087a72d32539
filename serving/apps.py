from django.apps import AppConfig
from django.test.signals import setting_changed


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
        # Settings that move the content version elsewhere (tests change them) stop the
        # feed's thread and forget its reading (serving/version_in_redis.py).
        setting_changed.connect(_version_place_changed, dispatch_uid="version-place-changed")


VERSION_PLACE_SETTINGS = frozenset({"REDIS_URL", "CACHES", "DATA_DIR", "REDIS_VERSION_FEED"})


def _version_place_changed(*, setting: str, **kwargs) -> None:
    if setting in VERSION_PLACE_SETTINGS:
        from serving import versions

        versions.shared_version_store_changed()
