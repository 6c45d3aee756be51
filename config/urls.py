from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Before allauth's own: the same addresses, made atomic or told a little more (accounts/views.py).
    path("accounts/email/", accounts_views.email_change, name="account_email"),
    path("accounts/confirm-email/<str:key>/", accounts_views.email_confirm, name="account_confirm_email"),
    path("accounts/2fa/", accounts_views.two_factor, name="mfa_index"),
    path("accounts/sessions/", accounts_views.sessions_list, name="usersessions_list"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("journal.urls")),
    path("", include("allies.urls")),
    path("", include("offline.urls")),
]

if settings.ADMIN_URL:
    # Staff log in through allauth like everyone else, so its throttles and
    # two-factor step apply; the admin's own password form is never shown.
    admin.site.login = secure_admin_login(admin.site.login)
    urlpatterns.append(path(settings.ADMIN_URL, admin.site.urls))

if settings.BENCH_PROBES:
    urlpatterns.append(path("", include("bench.urls")))

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
