from django.urls import path

from guides import decision_views

app_name = "decide"

urlpatterns = [
    path("", decision_views.decide, name="start"),
]
