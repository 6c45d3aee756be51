"""Storing what an import file holds: all or nothing, never twice, in a fixed number of queries per chunk.

The readers (import_json.py, import_daylio.py) have already understood the
whole file, within IMPORT_MAX_ROWS entries; here it goes into the journal in
one transaction, CHUNK_ROWS wins at a time with bulk inserts and batched
look-ups, so the work grows with the file's size and not with a query per row,
and memory stays flat however many rows a Daylio file has. After each chunk
`progress` hears how many entries are in so far (jobs.py shows it to the page
while this transaction is still open).
"""

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from journal import photos
from journal.models import REFLECTION_FIELDS, Goal, GoalCompletion, Reflection, SafetyPlan, Win

from .parsed import ParsedImport

LOOKUP_BATCH = 5000  # values per IN (...) lookup
BULK_BATCH = 1000  # rows per INSERT
CHUNK_ROWS = 2000  # wins read, looked up and inserted together, between two progress reports


@dataclass
class ImportResult:
    wins_added: int = 0
    wins_already_there: int = 0
    photos_added: int = 0
    goals_added: int = 0
    goals_already_there: int = 0
    goals_over_the_limit: int = 0
    reflections_added: int = 0
    reflections_filled_in: int = 0
    reflections_already_there: int = 0
    safety_plan: str = ""  # "added", "filled in", "already there", or "" when the file had none
    settings_restored: bool = False


def _in_batches(values: list, size: int = LOOKUP_BATCH):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _no_progress(done: int) -> None:
    pass


def journal_import(
    *,
    user: User,
    parsed: ParsedImport,
    restore_settings: bool = False,
    progress: Callable[[int], None] = _no_progress,
) -> ImportResult:
    """Add what a file holds to a journal, all or nothing, never twice.

    Each win carries an idempotency key derived from the file's content, so a
    second import of the same file finds the first copy. A win whose code is
    already in this journal (importing your own export back) is left alone.
    A week that already has a reflection keeps every answer written there;
    the file only fills in answers that were blank.
    """
    result = ImportResult()
    stored_photos: list[str] = []
    try:
        with transaction.atomic():
            _import_all(user, parsed, restore_settings, result, stored_photos, progress)
    except BaseException:
        # Nothing was committed, so the photo files written for it go too.
        photos.delete_files(stored_photos)
        raise
    return result


@dataclass
class _WinsSoFar:
    """What the chunks before this one did, that the next chunk must know."""

    # Codes this import gave to new wins: found again in a later chunk they are a duplicate in the
    # file, not a win already in the journal.
    codes_added: set
    # The wins the goals' "done" lists name: file code -> idempotency key.
    keys_of_named: dict
    named: set


def _import_all(
    user: User,
    parsed: ParsedImport,
    restore_settings: bool,
    result: ImportResult,
    stored_photos: list,
    progress: Callable[[int], None],
):
    # One import at a time per person: a double-clicked Import waits for the
    # first to commit, then finds everything already there.
    User.objects.select_for_update().filter(pk=user.pk).first()

    so_far = _WinsSoFar(
        codes_added=set(), keys_of_named={}, named={done["win"] for goal in parsed.goals for done in goal["done"]}
    )
    done = 0
    for chunk in itertools.batched(parsed.wins, CHUNK_ROWS):
        _import_wins(user, chunk, result, stored_photos, so_far)
        done += len(chunk)
        progress(done)

    _import_reflections(user, parsed.reflections, result)
    if parsed.reflections:
        done += len(parsed.reflections)
        progress(done)
    if parsed.safety_plan is not None:
        result.safety_plan = _import_safety_plan(user, parsed.safety_plan)
    if parsed.goals:
        _import_goals(user, parsed, so_far.keys_of_named, result)

    if restore_settings and parsed.profile:
        for name, value in parsed.profile.items():
            setattr(user, name, value)
        user.save(update_fields=list(parsed.profile))
        result.settings_restored = True


def _import_wins(user: User, chunk: tuple, result: ImportResult, stored_photos: list, so_far: _WinsSoFar) -> None:
    keys = [win["idempotency_key"] for win in chunk]
    codes = [win["code"] for win in chunk if win["code"] is not None]
    known_keys = set(
        Win.all_objects.filter(owner=user, idempotency_key__in=keys).values_list("idempotency_key", flat=True)
    )
    own_codes: set[uuid.UUID] = set()
    taken_codes: set[uuid.UUID] = set()
    if codes:
        for code, owner_id in Win.all_objects.filter(code__in=codes).values_list("code", "owner_id"):
            mine = owner_id == user.pk and code not in so_far.codes_added
            (own_codes if mine else taken_codes).add(code)

    new_wins = []
    for item in chunk:
        key, code = item["idempotency_key"], item["code"]
        if code in so_far.named:
            so_far.keys_of_named[code] = key
        if key in known_keys or code in own_codes:
            result.wins_already_there += 1
            continue
        known_keys.add(key)
        if code is None or code in taken_codes:
            # The code is someone else's (an export imported into a second
            # account): this copy gets its own.
            code = uuid.uuid4()
        taken_codes.add(code)
        if item["code"] is not None:
            so_far.codes_added.add(code)
        new_wins.append(
            Win(
                owner=user,
                code=code,
                text=item["text"],
                category=item["category"],
                mood=item["mood"],
                hard_day=item["hard_day"],
                shared_with_allies=item["shared_with_allies"],
                occurred_on=item["occurred_on"],
                created_at=item["created_at"] or timezone.now(),
                idempotency_key=key,
                **_stored_photo(item.get("photo"), stored_photos, result),
            )
        )
    Win.all_objects.bulk_create(new_wins, batch_size=BULK_BATCH)
    result.wins_added += len(new_wins)


def _stored_photo(photo, stored_photos: list, result: ImportResult) -> dict:
    if photo is None:
        return {}
    fields = photos.store(photo)
    stored_photos.extend(photos.stored_names(fields))
    result.photos_added += 1
    return fields


def _import_goals(user: User, parsed: ParsedImport, keys: dict, result: ImportResult) -> None:
    """Goals come back with the days they were done, tied to the imported wins that did them.

    A fixed number of queries per batch, however many days the goals were done:
    only the wins the "done" lists name are looked up.
    """
    codes = [goal["code"] for goal in parsed.goals if goal["code"] is not None]
    own = {goal.code: goal for goal in Goal.objects.filter(owner=user, code__in=codes)}
    taken = set(Goal.objects.filter(code__in=codes).exclude(owner=user).values_list("code", flat=True))
    count = Goal.objects.filter(owner=user).count()

    # A file's win code -> the win it became (or already was) in this journal.
    named = {done["win"] for goal in parsed.goals for done in goal["done"]}
    win_by_key: dict[uuid.UUID, int] = {}
    win_by_code: dict[uuid.UUID, int] = {}
    for batch in _in_batches(list(keys.values())):
        rows = Win.all_objects.filter(owner=user, idempotency_key__in=batch).values_list("idempotency_key", "pk")
        win_by_key.update(rows)
    for batch in _in_batches(list(named)):
        win_by_code.update(Win.all_objects.filter(owner=user, code__in=batch).values_list("code", "pk"))

    wanted: list[tuple[Goal, dict]] = []
    for item in parsed.goals:
        goal = own.get(item["code"])
        if goal is not None:
            result.goals_already_there += 1
        elif count >= Goal.MAX_PER_PERSON:
            result.goals_over_the_limit += 1
            continue
        else:
            # At most Goal.MAX_PER_PERSON of these, so one insert each stays bounded.
            code = item["code"] if item["code"] is not None and item["code"] not in taken else uuid.uuid4()
            goal = Goal.objects.create(
                owner=user,
                code=code,
                text=item["text"],
                category=item["category"],
                days=item["days"],
                paused_at=timezone.now() if item["paused"] else None,
                created_at=item["created_at"] or timezone.now(),
            )
            own[code] = goal
            count += 1
            result.goals_added += 1
        wanted.extend((goal, done) for done in item["done"])
    if not wanted:
        return

    # A goal is done once a day, and a win does at most one goal: skip what is already there.
    goal_ids = {goal.pk for goal, _done in wanted}
    done_days: set[tuple[int, object]] = set()
    used_wins: set[int] = set()
    for batch in _in_batches(list(goal_ids)):
        for goal_id, day, win_id in GoalCompletion.objects.filter(goal_id__in=batch).values_list(
            "goal_id", "day", "win_id"
        ):
            done_days.add((goal_id, day))
            used_wins.add(win_id)
    win_ids = list({*win_by_key.values(), *win_by_code.values()})
    for batch in _in_batches(win_ids):
        used_wins.update(GoalCompletion.objects.filter(win_id__in=batch).values_list("win_id", flat=True))

    completions = []
    for goal, done in wanted:
        win_id = win_by_code.get(done["win"]) or win_by_key.get(keys.get(done["win"]))
        if win_id is None or (goal.pk, done["day"]) in done_days or win_id in used_wins:
            continue
        done_days.add((goal.pk, done["day"]))
        used_wins.add(win_id)
        completions.append(GoalCompletion(goal=goal, day=done["day"], win_id=win_id))
    GoalCompletion.objects.bulk_create(completions, batch_size=BULK_BATCH)


def _import_safety_plan(user: User, answers: dict) -> str:
    """The plan comes back when there is none; a plan already written only has its empty steps filled in."""
    plan = SafetyPlan.objects.select_for_update().filter(owner=user).first()
    if plan is None:
        plan = SafetyPlan(owner=user)
        plan.set_answers(answers)
        if plan.is_empty:
            return ""
        plan.save()
        return "added"
    mine = plan.answers
    blank = {name: entries for name, entries in answers.items() if entries and not mine[name]}
    if not blank:
        return "already there"
    plan.set_answers(blank)
    plan.save()
    return "filled in"


def _answered(value) -> bool:
    return bool(value.strip() if isinstance(value, str) else value)


def _import_reflections(user: User, items: list[dict], result: ImportResult) -> None:
    existing: dict = {}
    weeks_named = list({item["week_start"] for item in items})
    for batch in _in_batches(weeks_named):
        existing.update((r.week_start, r) for r in Reflection.objects.filter(owner=user, week_start__in=batch))
    new: list[Reflection] = []
    filled_in: dict[int, Reflection] = {}
    for item in items:
        reflection = existing.get(item["week_start"])
        if reflection is None:
            reflection = Reflection(
                owner=user,
                week_start=item["week_start"],
                created_at=item["created_at"] or timezone.now(),
                **{name: item[name] for name in REFLECTION_FIELDS},
            )
            existing[item["week_start"]] = reflection
            new.append(reflection)
            result.reflections_added += 1
            continue
        # Only blank answers are filled in (and "proud" only ever turned on): what was written stays.
        changed = [
            name for name in REFLECTION_FIELDS if not _answered(getattr(reflection, name)) and _answered(item[name])
        ]
        for name in changed:
            setattr(reflection, name, item[name])
        if changed:
            result.reflections_filled_in += 1
            if reflection.pk is not None:
                filled_in[reflection.pk] = reflection
        else:
            result.reflections_already_there += 1
    Reflection.objects.bulk_create(new, batch_size=BULK_BATCH)
    now = timezone.now()
    for reflection in filled_in.values():
        reflection.updated_at = now  # bulk_update leaves auto_now fields alone
    Reflection.objects.bulk_update(filled_in.values(), [*REFLECTION_FIELDS, "updated_at"], batch_size=BULK_BATCH)
