from django.urls import path

from openenforce.party import views

app_name = "party"

urlpatterns = [
    path("", views.enter, name="enter"),
    path("case/", views.case, name="case"),
    path("case/documents/<int:pk>.pdf", views.document_pdf, name="document_pdf"),
    path("case/statement", views.statement, name="statement"),
    path("case/hearing", views.hearing, name="hearing"),
    path("case/consent", views.consent, name="consent"),
    path("leave", views.leave, name="leave"),
    path("receipt/<str:code>/", views.receipt, name="receipt"),
]
