"""Staff pages of the yearly appraisal (评议考核)."""

from django.urls import path

from openenforce.appraisal import views

app_name = "appraisal"

urlpatterns = [
    path("", views.scheme_list, name="schemes"),
    path("load/", views.load, name="load"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/publish/", views.publish, name="publish"),
    path("schemes/<int:pk>/edit/", views.edit_scheme, name="edit_scheme"),
    path("schemes/<int:pk>/discard/", views.discard, name="discard"),
    path("schemes/<int:pk>/indicators/add/", views.add_indicator, name="add_indicator"),
    path("indicators/<int:pk>/edit/", views.edit_indicator, name="edit_indicator"),
    path("indicators/<int:pk>/remove/", views.remove_indicator, name="remove_indicator"),
    path("schemes/<int:pk>/compute/", views.compute, name="compute"),
    path("schemes/<int:pk>/scorecards.xlsx", views.export, name="export"),
    path("scorecards/<int:pk>/", views.scorecard, name="scorecard"),
    path("scorecards/<int:pk>/enter/", views.enter, name="enter"),
    path("scorecards/<int:pk>/adjust/", views.adjust, name="adjust"),
    path("scorecards/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("scorecards/<int:pk>/confirm/", views.confirm, name="confirm"),
]
