from django.urls import path

from . import probes

urlpatterns = [
    path("_probe/text", probes.text, name="probe_text"),
    path("_probe/rows", probes.rows, name="probe_rows"),
]
