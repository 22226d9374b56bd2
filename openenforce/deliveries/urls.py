from django.urls import path

from openenforce.deliveries import views

app_name = "deliveries"

urlpatterns = [
    path("documents/<int:pk>/serve", views.serve, name="serve"),
    path("<int:pk>/settle", views.settle, name="settle"),
    path("cases/<int:pk>/consent", views.consent, name="consent"),
    path(
        "documents/<int:pk>/serve-electronically",
        views.serve_electronically,
        name="serve_electronically",
    ),
]
