from django.urls import path

from guides import views

app_name = "guides"

urlpatterns = [
    path("", views.home, name="home"),
    path("operators/<slug:operator>/<slug:procedure>/", views.procedure_detail, name="procedure"),
    path("search/", views.search, name="search"),
    path("about/", views.about, name="about"),
]
