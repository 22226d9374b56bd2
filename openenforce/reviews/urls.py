"""Staff pages of legal review: the reviewer's queue and the review page."""

from django.urls import path

from openenforce.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/opinion/", views.record_opinion, name="opinion"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/confirm/", views.confirm_changes, name="confirm"),
]
