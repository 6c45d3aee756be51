from django.urls import path

from . import views

app_name = "allies"

urlpatterns = [
    # The owner's side.
    path("allies/", views.index, name="index"),
    path("allies/ask/", views.ask, name="ask"),
    path("allies/invitations/<uuid:code>/cancel/", views.invitation_cancel, name="invitation_cancel"),
    path("allies/<uuid:code>/scope/", views.scope, name="scope"),
    path("allies/<uuid:code>/remove/", views.remove, name="remove"),
    path("allies/notes/<uuid:code>/hide/", views.note_hide, name="note_hide"),
    path("allies/notes/<uuid:code>/show/", views.note_show, name="note_show"),
    path("allies/notes/<uuid:code>/delete/", views.note_delete, name="note_delete"),
    # The ally's side.
    path("allies/<uuid:code>/", views.space, name="space"),
    path("allies/<uuid:code>/notes/<uuid:note_code>/edit/", views.note_edit, name="note_edit"),
    path("allies/<uuid:code>/notes/<uuid:note_code>/delete/", views.note_remove, name="note_remove"),
    path("allies/<uuid:code>/leave/", views.leave, name="leave"),
    # The invitation link: its token is a secret (see config/logging.py).
    path("invite/<str:token>/", views.invite, name="invite"),
]
