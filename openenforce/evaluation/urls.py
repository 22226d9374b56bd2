"""Staff pages of case-file evaluation: the rubrics."""

from django.urls import path

from openenforce.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("rubrics/", views.rubric_list, name="rubrics"),
    path("rubrics/upload/", views.upload, name="upload"),
    path("rubrics/<int:pk>/", views.rubric_detail, name="rubric"),
    path("rubric-versions/<int:pk>/", views.version_detail, name="version"),
    path("rubric-versions/<int:pk>/rubric.xlsx", views.version_excel, name="version_excel"),
    path("rubric-versions/<int:pk>/publish/", views.publish, name="publish"),
    path("rubric-versions/<int:pk>/discard/", views.discard, name="discard"),
    path("preview/<int:case_id>/", views.preview, name="preview"),
]
