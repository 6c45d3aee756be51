"""What the allies app keeps about a person, as sections of their JSON export (docs/EXPORT.md).

Notes left for them and written by them, their allies and the people they
support, their invitations and their allies' visits. The journal's export asks
for these through its `export_sections` signal (allies/receivers.py).
"""

from collections.abc import Iterable, Iterator

from journal.portability.export import CHUNK_SIZE

from .models import AccessLog, AllyLink, AllyNote, Invitation


def _notes_received(user) -> Iterator[dict]:
    notes = AllyNote.objects.filter(owner=user).select_related("author").order_by("created_at", "pk")
    for note in notes.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "code": str(note.code),
            "week_start": note.week_start,
            "text": note.text,
            "from": note.author_name,
            "hidden": note.hidden,
            "created_at": note.created_at,
            "updated_at": note.updated_at,
        }


def _notes_written(user) -> Iterator[dict]:
    notes = AllyNote.objects.filter(author=user).select_related("owner").order_by("created_at", "pk")
    for note in notes.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "code": str(note.code),
            "week_start": note.week_start,
            "text": note.text,
            "to": note.owner.name,
            "created_at": note.created_at,
            "updated_at": note.updated_at,
        }


def _allies(user) -> Iterator[dict]:
    for link in AllyLink.objects.filter(owner=user).select_related("ally").order_by("created_at", "pk"):
        yield {
            "name": link.ally.name,
            "email": link.ally.email,
            "sees": link.scope,
            "sees_safety_plan": link.sees_safety_plan,
            "since": link.created_at,
            "last_viewed_at": link.last_viewed_at,
        }


def _supporting(user) -> Iterator[dict]:
    for link in AllyLink.objects.filter(ally=user).select_related("owner").order_by("created_at", "pk"):
        yield {"name": link.owner.name, "email": link.owner.email, "sees": link.scope, "since": link.created_at}


def _invitations(user) -> Iterator[dict]:
    # Never the token: only its hash is stored, and that is no business of a file.
    for invitation in Invitation.objects.filter(owner=user).order_by("created_at", "pk"):
        yield {
            "code": str(invitation.code),
            "email": invitation.email,
            "message": invitation.message,
            "sees": invitation.scope,
            "status": str(invitation.status),
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
            "declined_at": invitation.declined_at,
            "cancelled_at": invitation.cancelled_at,
        }


def _ally_visits(user) -> Iterator[dict]:
    visits = AccessLog.objects.filter(owner=user).select_related("ally").order_by("viewed_at", "pk")
    for visit in visits.iterator(chunk_size=CHUNK_SIZE):
        yield {"ally": visit.ally.name, "viewed_at": visit.viewed_at}


def export_sections(user) -> list[tuple[str, Iterable]]:
    """(key, rows) for each section, in the order the file lists them; rows are read as the file is written."""
    return [
        ("notes_received", _notes_received(user)),
        ("notes_written", _notes_written(user)),
        ("allies", _allies(user)),
        ("supporting", _supporting(user)),
        ("invitations", _invitations(user)),
        ("ally_visits", _ally_visits(user)),
    ]
