from django.urls import path

from openenforce.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.warning_list, name="list"),
    path("rules/", views.rule_list, name="rules"),
    path("<int:pk>/", views.warning_detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/resolve/", views.resolve, name="resolve"),
]
