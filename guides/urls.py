from django.urls import path

from guides import print_views, views

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("operators/<slug:operator>/print/", print_views.sheet, name="print"),
    path("operators/<slug:operator>/print.pdf", print_views.sheet_pdf, name="print_pdf"),
    path("operators/<slug:operator>/<slug:procedure>/", views.procedure_detail, name="procedure"),
    path("search/", views.search, name="search"),
    path("about/", views.about, name="about"),
]
