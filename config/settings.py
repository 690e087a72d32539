"""The one settings module, configured from the environment.

Development defaults are safe on a laptop; with DJANGO_DEBUG off the site refuses to
start without a real secret key. Test-only tweaks live in the root conftest.py.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config import languages

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG off the site will not start "
            "without a secret key: set DJANGO_SECRET_KEY to a long random string, e.g. "
            "the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    SECRET_KEY = "development-only-insecure-key-never-used-with-debug-off"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])


def site_url() -> str:
    """The site's public origin (scheme and host, no path): every absolute URL the site
    writes (canonical and hreflang links, og:url, QR codes, the sitemap, e-mails) starts
    with it, whatever Host header a request came with."""
    url = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/")
    if not url:
        if not DEBUG:
            raise ImproperlyConfigured(
                "DJANGO_SITE_URL is not set. With DJANGO_DEBUG off the site needs its public origin "
                "for absolute links, e.g. DJANGO_SITE_URL=https://guide.example.kz"
            )
        return "http://127.0.0.1:8000"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"DJANGO_SITE_URL must be a scheme and a host, like https://guide.example.kz (not {url!r})"
        )
    return url


SITE_URL = site_url()
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR", BASE_DIR / "data"))

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch in.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "reversion",
    "axes",
    "crispy_forms",
    "crispy_forms_gds",
    # Serving, the editorial base, the domain apps, the decision flow, printing,
    # site-wide pages and editors' tools (docs/architecture.md has their layers).
    "serving",
    "editorial",
    "operators",
    "guides",
    "faq",
    "feedback",
    "decide",
    "printing",
    "search",
    "pages",
    "updates",
    "editors",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pages.security_headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Control characters refused, public pages' queries made canonical: before the cache.
    "serving.canonical.CanonicalRequestMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Cached public pages are served from here, before sessions, languages or even the CSP
    # header cost anything (a stored page already carries its CSP header).
    "serving.page_cache.PublicPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "pages.errors.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

# After signing in without a usable `next` (missing, or pointing off the site): the admin.
LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection for the admin login: 5 failures for one username from one
# address lock that pair out; the lockout expires by itself.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_LOCKOUT_CALLABLE = "editorial.locking.locked_out"
AXES_USERNAME_CALLABLE = "editorial.locking.login_username"
AXES_IPWARE_META_PRECEDENCE_ORDER = [os.environ.get("DJANGO_CLIENT_IP_HEADER") or "REMOTE_ADDR"]

# Staff password reset mails: printed to the console unless SMTP is configured.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_FROM_EMAIL", "kz-sim-guide <noreply@localhost>")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pages.context_processors.language_links",
            ],
        },
    },
]


# Database: SQLite in the data directory unless DATABASE_URL says otherwise.
def database_config() -> dict:
    url = os.environ.get("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no data folder yet
        url = f"sqlite:///{DATA_DIR / 'db.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Connections are kept like PostgreSQL's (CONN_MAX_AGE): opening one and running
        # its PRAGMAs costs ~0.7 ms, a tenth of rendering a typical page from the database.
        # WAL lets readers and a writer work at once; IMMEDIATE takes the write lock
        # at BEGIN, so concurrent writers wait (busy timeout) instead of failing.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config.setdefault("TEST", {})["NAME"] = None
    else:
        config["CONN_HEALTH_CHECKS"] = True
        # Client-side deadlines: a hung server must not hang the node (serving/postgresql/).
        config["ENGINE"] = "serving.postgresql"
        options = config.setdefault("OPTIONS", {})
        options["connect_timeout"] = int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "2"))
        # A wait for a row another transaction holds (an import, a psql session) ends on
        # the server before the watchdog's deadline, so it is an answer ("someone else is
        # saving this"), not a hung server that opens the breaker for everyone.
        lock_ms = round(1000 * DB_LOCK_TIMEOUT_SECONDS)
        options["options"] = f"{options.get('options', '')} -c lock_timeout={lock_ms}".strip()
    return config


# Seconds a PostgreSQL statement may run before its connection is closed (0: no limit),
# and how long the process then answers "database unavailable" before trying again.
DB_QUERY_TIMEOUT_SECONDS = float(os.environ.get("DJANGO_DB_QUERY_TIMEOUT", "3"))
DB_RETRY_AFTER_SECONDS = float(os.environ.get("DJANGO_DB_RETRY_AFTER", "5"))
# Seconds a statement may wait for a row lock (PostgreSQL's lock_timeout; SQLite waits
# up to its busy timeout, 20 s): shorter than the statement deadline.
DB_LOCK_TIMEOUT_SECONDS = float(os.environ.get("DJANGO_DB_LOCK_TIMEOUT", "2"))
if DB_QUERY_TIMEOUT_SECONDS and not 0 < DB_LOCK_TIMEOUT_SECONDS < DB_QUERY_TIMEOUT_SECONDS:
    raise ImproperlyConfigured("DJANGO_DB_LOCK_TIMEOUT must be above 0 and below DJANGO_DB_QUERY_TIMEOUT.")
DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis shared by every worker of every node, or each worker's own memory. The
# content version pages are checked against lives in Redis or, without it, in a file
# every worker of this machine maps (serving/versions.py); rate-limit counters likewise
# in Redis or in a SQLite file (serving/limits.py), so limits hold across workers.
# Redis sits behind a circuit breaker (serving/redis_guard.py): after a timeout or a
# refused connection the machine stops asking it for REDIS_RETRY_AFTER_SECONDS; the
# limits then count in the SQLite file.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_RETRY_AFTER_SECONDS = float(os.environ.get("DJANGO_REDIS_RETRY_AFTER", "5"))
# Each worker keeps the content version in Redis without a round trip per request: a
# thread listens for saves and re-reads it every 0.1 s (serving/version_in_redis.py).
# Off: every cached request asks Redis (the tests' default: no thread unless one asks).
REDIS_VERSION_FEED = env_bool("DJANGO_REDIS_VERSION_FEED", True)


def cache_config(redis_url: str, data_dir: Path, *, prefix: str = "") -> dict:
    limits_file = str(data_dir / "limits.sqlite3")
    if not redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "kz-sim-guide",
                "TIMEOUT": 600,
            },
            "limits": {"BACKEND": "serving.limits.CountersCache", "LOCATION": limits_file},
        }
    redis = {
        "BACKEND": "serving.redis_guard.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": prefix or os.environ.get("DJANGO_CACHE_PREFIX", "kzsim"),
        "TIMEOUT": 600,
        # A dead Redis must cost milliseconds, not a hung worker.
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "retry_on_timeout": False},
    }
    return {
        "default": redis,
        "limits": {**redis, "BACKEND": "serving.redis_guard.LimitsCache", "FALLBACK": limits_file},
    }


CACHES = cache_config(REDIS_URL, DATA_DIR)
RATELIMIT_USE_CACHE = "limits"

# Public pages: how long a rendered page is kept (0 switches page caching off), and how
# long browsers and CDNs may reuse it. Invalidation is immediate (serving/versions.py).
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
BROWSER_CACHE_SECONDS = int(os.environ.get("DJANGO_BROWSER_CACHE_SECONDS", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the table lives in config/languages.py.
LANGUAGE_CODE = languages.DEFAULT_CODE
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("en", _("English")),
]
assert [code for code, _name in LANGUAGES] == list(languages.CODES)
# Our Kazakh completions of Django's own strings sit in a folder makemessages never
# scans, after the project's catalogs so our own msgids win.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_django_kk"]
# Our own formats where Django ships none (Kazakh: "2026 жылғы 1 қараша").
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

# A verification older than this many days shows as stale to editors.
STALE_AFTER_DAYS = int(os.environ.get("GUIDE_STALE_AFTER_DAYS", "180"))

MODELTRANSLATION_DEFAULT_LANGUAGE = languages.DEFAULT_CODE
MODELTRANSLATION_LANGUAGES = languages.CODES
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": (languages.DEFAULT_CODE,),
    **{language.code: language.fallbacks for language in languages.LANGUAGES},
}
# Tabs in the admin need jQuery UI; ours comes from our own static files, never a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Security: strict by default, HTTPS-only parts switched on when DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "kzsim_session"
CSRF_COOKIE_HTTPONLY = True
# No inline script or style anywhere, the admin included; nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
        "manifest-src": ["'self'"],
    }
}
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Rate limits count per client address; behind a proxy, name the header that carries it
# (e.g. HTTP_X_FORWARDED_FOR) so every visitor doesn't share the proxy's address.
RATELIMIT_IP_META_KEY = os.environ.get("DJANGO_CLIENT_IP_HEADER") or None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
