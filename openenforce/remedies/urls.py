"""Staff pages of remedies: the case page's forms."""

from django.urls import path

from openenforce.remedies import views

app_name = "remedies"

urlpatterns = [
    path("case/<int:case_pk>/register", views.register, name="register"),
    path("case/<int:case_pk>/judiciary", views.judiciary, name="judiciary"),
    path("<int:pk>/outcome", views.outcome, name="outcome"),
]
