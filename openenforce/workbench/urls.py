"""/cases/: the staff workbench (the cases app serves /cases/flowcharts/ alongside)."""

from django.urls import path

from openenforce.workbench import views

app_name = "workbench"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("due/", views.due_list, name="due"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/timeline/", views.case_timeline, name="timeline"),
    path("<int:pk>/actions/<slug:action>/", views.case_act, name="act"),
]
