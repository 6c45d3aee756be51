"""Ally links between the seeded people, with their invitations, notes and visits."""

import datetime
import random
import uuid
import zoneinfo

from django.db import transaction
from django.db.models import F

from allies.models import AccessLog, AllyLink, AllyNote, Invitation, Scope, hash_token
from journal.weeks import ONE_WEEK, week_start

from .people import Clock, Person
from .words import NOTES


def seed_allies(people: list[Person], clock: Clock, *, seed: int) -> str:
    """Ally links, their accepted invitations, notes and visits.

    The ally of the heavy person sees shared wins and writes a note most
    weeks (and has just been asked by the new person too); about a third
    of the bulk people have one or two allies among the others. Returns a
    short summary.
    """
    rng = random.Random(f"allies:{seed}")  # noqa: S311
    heavy, new, ally, *bulk = people
    # The ally supports both named people, so the benchmark can open the ally's view of each.
    pairs: list[tuple[Person, Person, str, float]] = [
        (heavy, ally, Scope.SHARED_WINS, 0.6),
        (new, ally, Scope.SHARED_WINS, 0.0),
    ]
    for owner in bulk:
        if len(bulk) < 2 or rng.random() >= 0.3:
            continue
        for helper in rng.sample(bulk, min(len(bulk), 3)):
            if helper is owner or any(o is owner and h is helper for o, h, _s, _n in pairs):
                continue
            scope = Scope.NOTES_ONLY if rng.random() < 0.2 else Scope.SHARED_WINS
            pairs.append((owner, helper, scope, rng.uniform(0.05, 0.3)))
            if rng.random() < 0.6:
                break

    invitations, links, notes, visits = [], [], [], []
    for owner, helper, scope, note_share in pairs:
        tz = zoneinfo.ZoneInfo(owner.timezone)
        last_day = clock.today_in(owner.timezone)
        # The link is made a month in, or at once for short histories.
        linked_on = min(owner.start + datetime.timedelta(days=30), last_day)
        linked = datetime.datetime.combine(linked_on, datetime.time(19), tzinfo=tz)
        if linked > clock.now:
            linked = clock.now - datetime.timedelta(minutes=5)
        invitations.append(
            Invitation(
                code=uuid.UUID(int=rng.getrandbits(128), version=4),
                owner_id=owner.pk,
                email=helper.email,
                scope=scope,
                token_hash=hash_token(f"{seed}:{owner.pk}:{helper.pk}:{rng.getrandbits(64)}"),
                created_at=linked - datetime.timedelta(days=1),
                expires_at=linked + datetime.timedelta(days=6),
                accepted_at=linked,
                accepted_by_id=helper.pk,
            )
        )
        links.append(
            AllyLink(
                code=uuid.UUID(int=rng.getrandbits(128), version=4),
                owner_id=owner.pk,
                ally_id=helper.pk,
                scope=scope,
                created_at=linked,
            )
        )
        week = week_start(linked_on, owner.week_starts_on)
        last_seen = None
        while week <= last_day:
            if rng.random() < note_share:
                written = datetime.datetime.combine(
                    week + datetime.timedelta(days=rng.randrange(7)), datetime.time(rng.randrange(8, 22)), tzinfo=tz
                )
                if linked <= written <= clock.now:
                    notes.append(
                        AllyNote(
                            code=uuid.UUID(int=rng.getrandbits(128), version=4),
                            owner_id=owner.pk,
                            author_id=helper.pk,
                            week_start=week,
                            text=rng.choice(NOTES),
                            created_at=written,
                            updated_at=written,
                        )
                    )
                    visits.append(AccessLog(owner_id=owner.pk, ally_id=helper.pk, viewed_at=written))
                    last_seen = written
            week += ONE_WEEK
        links[-1].last_viewed_at = last_seen

    with transaction.atomic():
        Invitation.objects.bulk_create(invitations, batch_size=2_000)
        AllyLink.objects.bulk_create(links, batch_size=2_000)
        AllyNote.objects.bulk_create(notes, batch_size=2_000)
        AccessLog.objects.bulk_create(visits, batch_size=2_000)
        # auto_now stamped every note with this moment; an old note was not edited today.
        AllyNote.objects.filter(owner_id__in={p.pk for p in people}).update(updated_at=F("created_at"))
    return f"{len(links):,} ally links, {len(notes):,} ally notes"
