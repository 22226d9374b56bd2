"""Staff pages of the annual enforcement data report."""

from django.urls import path

from openenforce.annualreports import views

app_name = "annualreports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/narrative/", views.narrative, name="narrative"),
    path("<int:pk>/submit/", views.submit_report, name="submit"),
    path("<int:pk>/approve/", views.approve, name="approve"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/report.xlsx", views.excel, name="excel"),
    path("<int:pk>/report.pdf", views.pdf, name="pdf"),
    path("<int:pk>/cells/<slug:table>/<slug:unit>/<slug:column>/", views.cell, name="cell"),
]
