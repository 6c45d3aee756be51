from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("journal.urls")),
    path("", include("allies.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_PROBES:
    urlpatterns.append(path("", include("bench.urls")))

handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
