"""What the journal asks of the allies app: the only module of `allies` that `journal` imports.

The journal shows allies' notes on its own pages (the week, the report, looking
back, the weekly digest) and lets an ally open a photo the owner shared. Every
answer here is the owner's to see: notes they have not hidden, with their authors.
"""

import datetime

from django.db.models import Exists, OuterRef

from .models import AllyLink, AllyNote, Scope


def notes_for_week(owner, week_start: datetime.date) -> list[AllyNote]:
    """The notes about one week, oldest first (one query)."""
    return AllyNote.objects.for_week_page(owner, week_start)


def notes_for_report(owner, first: datetime.date, last: datetime.date) -> list[AllyNote]:
    """The notes about any week that overlaps the days from `first` to `last` (one query)."""
    return AllyNote.objects.for_report(owner, first, last)


def notes_answering(owner, words: list[str]) -> list[AllyNote]:
    """Evidence against the inner critic: notes using the critic's words first, then the newest (one query)."""
    return AllyNote.objects.answering(owner, words)


def has_allies(owner) -> bool:
    """Whether anyone is an ally of `owner` yet, so that sharing a win means something (one query)."""
    return AllyLink.objects.filter(owner=owner).exists()


def has_allies_clause(owner) -> Exists:
    """`has_allies` as a column for a query the page runs anyway. It refers to nothing in the outer
    query, so the database works it out once for the whole query, not once per row."""
    return Exists(AllyLink.objects.filter(owner=owner))


def sees_shared_wins(viewer) -> Exists:
    """For a query over wins: true where `viewer` is an ally of the win's owner who sees shared wins."""
    return Exists(AllyLink.objects.filter(owner=OuterRef("owner"), ally=viewer, scope=Scope.SHARED_WINS))
