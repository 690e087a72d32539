from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("guides.urls")),
    path("operators/", include("operators.urls")),
    path("faq/", include("faq.urls")),
    prefix_default_language=True,
)
