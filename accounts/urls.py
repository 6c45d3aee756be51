from django.urls import path

from . import views

urlpatterns = [
    path("account/", views.account_settings, name="account_settings"),
    path("account/devices/", views.push_device_add, name="account_push_device_add"),
    path("account/devices/<uuid:code>/remove/", views.push_device_remove, name="account_push_device_remove"),
    path("account/sessions/end/", views.session_end, name="account_session_end"),
    path("account/sessions/end-others/", views.sessions_end_others, name="account_sessions_end_others"),
    path("account/two-factor/confirm-email/", views.two_factor_confirm_email, name="account_two_factor_confirm_email"),
    path("account/delete/", views.account_delete_view, name="account_delete"),
    path("account/goodbye/", views.account_goodbye, name="account_goodbye"),
]
