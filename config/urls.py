"""Every route of the site, in one place (the top layer: it may import any app's views).

URL names are namespaced by the app that serves them (`guides:procedure`, `pages:home`,
`printing:sheet`, ...): templates, sitemaps and tests reverse them, and the public paths
are the visible contract.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from decide import views as decide_views
from editorial.markdown_preview import markdown_preview
from editors import accounts
from faq import views as faq_views
from feedback import views as feedback_views
from guides import views as guide_views
from operators import views as operator_views
from pages import views as page_views
from pages.sitemaps import SITEMAPS
from printing import views as print_views
from serving.health import healthz, readyz
from serving.public_pages import public_page
from updates import views as update_views
from updates.feeds import OperatorUpdatesFeed, UpdatesFeed

handler404 = "pages.errors.page_not_found"
handler500 = "pages.errors.server_error"

# Site-wide pages.
page_routes = [
    path("", page_views.home, name="home"),
    path("search/", page_views.search, name="search"),
    path("about/", page_views.about, name="about"),
]
# Dated changes, and an operator's print sheet: before procedure_routes, whose pattern would
# take "updates" or "print" as a procedure's slug (reserved: guides/reserved_slugs.py).
update_routes = [
    path("updates/", update_views.site_updates, name="list"),
    path("updates.atom", public_page(UpdatesFeed()), name="feed"),
    path("operators/<slug:operator>/updates/", update_views.operator_updates, name="operator"),
    path("operators/<slug:operator>/updates.atom", public_page(OperatorUpdatesFeed()), name="operator_feed"),
    path("operators/<slug:operator>/<slug:procedure>/updates/", update_views.procedure_updates, name="procedure"),
]
print_routes = [
    path("operators/<slug:operator>/print/", print_views.sheet_page, name="sheet"),
    path("operators/<slug:operator>/print.pdf", print_views.sheet_pdf, name="pdf"),
]
procedure_routes = [
    path("operators/<slug:operator>/<slug:procedure>/", guide_views.procedure_detail, name="procedure"),
]
operator_routes = [
    path("", operator_views.operator_list, name="list"),
    path("<slug:operator>/", operator_views.operator_detail, name="detail"),
]

urlpatterns = [
    # Staff password reset (the admin shows the link on its login page).
    path("admin/password_reset/", accounts.PasswordResetView.as_view(), name="admin_password_reset"),
    path("admin/password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/markdown-preview/", markdown_preview, name="markdown_preview"),
    path("admin/translations/", include("editors.urls")),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", page_views.robots_txt, name="robots"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

urlpatterns += i18n_patterns(
    path("", include((update_routes, "updates"))),
    path("", include((print_routes, "printing"))),
    path("", include((procedure_routes, "guides"))),
    path("", include((page_routes, "pages"))),
    path("operators/", include((operator_routes, "operators"))),
    path("faq/", include(([path("", faq_views.faq_index, name="index")], "faq"))),
    path("decide/", include(([path("", decide_views.decide, name="start")], "decide"))),
    path("feedback/", include(([path("", feedback_views.report_problem, name="report")], "feedback"))),
    prefix_default_language=True,
)
