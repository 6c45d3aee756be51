from django.urls import path

from .views import invite, owner, space

app_name = "allies"

urlpatterns = [
    # The owner's side.
    path("allies/", owner.index, name="index"),
    path("allies/ask/", owner.ask, name="ask"),
    path("allies/invitations/<uuid:code>/cancel/", owner.invitation_cancel, name="invitation_cancel"),
    path("allies/<uuid:code>/scope/", owner.scope, name="scope"),
    path("allies/<uuid:code>/remove/", owner.remove, name="remove"),
    path("allies/notes/<uuid:code>/hide/", owner.note_hide, name="note_hide"),
    path("allies/notes/<uuid:code>/show/", owner.note_show, name="note_show"),
    path("allies/notes/<uuid:code>/delete/", owner.note_delete, name="note_delete"),
    # The ally's side.
    path("allies/<uuid:code>/", space.space, name="space"),
    path("allies/<uuid:code>/notes/<uuid:note_code>/edit/", space.note_edit, name="note_edit"),
    path("allies/<uuid:code>/notes/<uuid:note_code>/delete/", space.note_remove, name="note_remove"),
    path("allies/<uuid:code>/leave/", space.leave, name="leave"),
    # The invitation link: its token is a secret (see config/logging.py).
    path("invite/<str:token>/", invite.invite, name="invite"),
]
