from django.urls import path

from openenforce.documents import views

app_name = "documents"

urlpatterns = [
    path("verify/", views.lookup, name="lookup"),
    path("verify/<str:code>", views.verify, name="verify"),
    path("case/<int:case_pk>/issue", views.issue, name="issue"),
    path("<int:pk>/", views.view, name="view"),
    path("<int:pk>/pdf", views.pdf, name="pdf"),
    path("<int:pk>/correct", views.correct, name="correct"),
]
