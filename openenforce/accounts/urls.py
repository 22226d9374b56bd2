"""The staff member's own account pages (under /accounts/)."""

from django.urls import path

from openenforce.accounts import security_views as views

urlpatterns = [
    path("security/", views.account_security, name="account_security"),
    path("security/sessions/revoke", views.revoke_session, name="revoke_session"),
    path("password/", views.password_change, name="password_change"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]
