from django.urls import path

from openenforce.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mask/", views.mask, name="mask"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/exempt/", views.exempt, name="exempt"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("corrections/<int:pk>/handle/", views.handle_correction, name="handle_correction"),
    path("corrections/new/<int:pk>/", views.correction_new, name="correction_new"),
]
