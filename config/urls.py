from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from guides.health import healthz
from guides.sitemaps import SITEMAPS
from guides.views import robots_txt

handler404 = "guides.errors.page_not_found"
handler500 = "guides.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("guides.urls")),
    path("operators/", include("operators.urls")),
    path("faq/", include("faq.urls")),
    path("decide/", include("guides.decision_urls")),
    path("feedback/", include("feedback.urls")),
    prefix_default_language=True,
)
