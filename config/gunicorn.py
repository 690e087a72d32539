"""gunicorn settings: `gunicorn -c config/gunicorn.py config.wsgi`.

Workers and threads follow the CPU count; every value can be overridden from the
environment (GUNICORN_WORKERS, GUNICORN_THREADS, GUNICORN_BIND, GUNICORN_TIMEOUT, ...).
"""

import multiprocessing
import os

# gunicorn is the production server: production mode unless told otherwise.
os.environ.setdefault("DJANGO_DEBUG", "0")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak can't grow for ever — rarely, since a
# recycled worker loses its warm per-process caches (measured in docs/performance.md).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "10000"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips
