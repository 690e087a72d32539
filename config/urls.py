from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from guides.health import healthz
from guides.markdown_preview import markdown_preview
from guides.sitemaps import SITEMAPS
from guides.views import robots_txt

handler404 = "guides.errors.page_not_found"
handler500 = "guides.errors.server_error"

urlpatterns = [
    # Staff password reset (the admin shows the link on its login page).
    path("admin/password_reset/", auth_views.PasswordResetView.as_view(), name="admin_password_reset"),
    path("admin/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/markdown-preview/", markdown_preview, name="markdown_preview"),
    path("admin/translations/", include("guides.translation_urls")),
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
