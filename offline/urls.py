from django.urls import path

from . import views

urlpatterns = [
    # Shown by the service worker (static/root/sw.js) when a page can't load.
    path("offline/", views.offline_page, name="offline"),
    # What the service worker keeps, and its version.
    path("offline/assets.json", views.worker_assets, name="offline_assets"),
    # Wins logged without a connection, sent when it returns (static/js/waiting-wins.js).
    path("offline/me/", views.me, name="offline_me"),
    path("offline/wins/", views.receive_waiting_win, name="offline_wins"),
]
