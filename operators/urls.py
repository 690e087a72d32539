from django.urls import path

from operators import views

app_name = "operators"

urlpatterns = [
    path("", views.operator_list, name="list"),
    path("<slug:operator>/", views.operator_detail, name="detail"),
]
