"""Staff pages of recordings: the device register, the case page's forms, playback."""

from django.urls import path

from openenforce.recordings import views

app_name = "recordings"

urlpatterns = [
    path("devices/", views.devices, name="devices"),
    path("devices/add", views.register, name="register"),
    path("devices/<int:pk>/", views.device, name="device"),
    path("devices/<int:pk>/checkout", views.checkout, name="checkout"),
    path("devices/<int:pk>/return", views.return_, name="return"),
    path("devices/<int:pk>/status", views.status, name="status"),
    path("case/<int:case_pk>/add", views.add_recording, name="add"),
    path("case/<int:case_pk>/waive", views.waive, name="waive"),
    path("<int:pk>/media", views.media, name="media"),
    path("<int:pk>/download", views.download, name="download"),
]
