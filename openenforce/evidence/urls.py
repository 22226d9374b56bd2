from django.urls import path

from openenforce.evidence import views

app_name = "evidence"

urlpatterns = [
    path("<int:pk>/", views.item_page, name="item"),
    path("<int:pk>/content", views.content, name="content"),
    path("<int:pk>/download", views.download, name="download"),
    path("case/<int:case_pk>/add", views.add, name="add"),
]
