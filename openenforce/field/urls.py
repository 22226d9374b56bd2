from django.urls import path

from openenforce.field import views

app_name = "field"

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("certificate/", views.certificate, name="certificate"),
    path("sync/", views.sync, name="sync"),
    path("signatures/<int:pk>/", views.signed, name="signed"),
    path("conflicts/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("api/items", views.items, name="items"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
]
