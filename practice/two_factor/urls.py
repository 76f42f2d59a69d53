"""Mounted at /admin/two-factor/ in practice/urls.py, before Wagtail's admin (whose catch-all
would otherwise answer these paths)."""

from django.urls import path

from practice.two_factor import views

urlpatterns = [
    path("set-up/", views.setup, name="practice_two_factor_setup"),
    path("code/", views.verify, name="practice_two_factor_verify"),
    path("recovery-code/", views.recovery, name="practice_two_factor_recovery"),
]
