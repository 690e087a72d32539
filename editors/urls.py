from django.urls import path

from editors import translation_views

app_name = "translations"

urlpatterns = [
    path("", translation_views.index, name="index"),
    path("download/", translation_views.download, name="download"),
    path("preview/", translation_views.preview, name="preview"),
    path("confirm/", translation_views.confirm, name="confirm"),
]
