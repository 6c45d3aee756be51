"""Who may open what: every URL of the app, for six kinds of person.

The URLs come from the resolver, so a page added later is walked too. Each
parameter is filled with a real object belonging to Alice (the owner), or to
the person asking when it is their own (an ally's own link and notes). Then,
for everyone but Alice, no response may contain anything she did not share
with them: her private win, her reflection, her mood or hard-day marks, a
win she deleted, other allies' notes, and (for non-allies) her ask.
"""

import dataclasses
import datetime

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from allies import services
from allies.models import AllyLink
from journal.models import ImportJob, Mood, Reflection
from journal.reminders import unsubscribe_token
from journal.weeks import week_start
from tests.factories import make_ally_link, make_ally_note, make_goal, make_photo_win, make_user, make_win

pytestmark = pytest.mark.django_db

ROLES = ["owner", "ally_shared", "ally_notes", "stranger", "visitor", "removed"]

# Pages anyone may open without logging in.
PUBLIC = {
    "home",
    "healthz",
    "account_goodbye",
    "allies:invite",
    "reminders_unsubscribe",
    "account_confirm_email",
    "offline",
    "offline_assets",
}
# The service worker's own endpoints answer a visitor 401 (it keeps their wins waiting), not a log-in page.
WORKER_API = {"offline_me", "offline_wins"}

SHARED = "shared-win-text-91c4"
UNSHARED = "canary-unshared-win-7f3a"
DELETED = "canary-deleted-shared-win-5d1e"
REFLECTION = "canary-reflection-2b9c"
ASK = "canary-ask-Have-you-seen-me-rest"
NOTE_BY = {"ally_shared": "canary-note-from-shared-ally", "ally_notes": "canary-note-from-notes-ally"}
NOTE_BY_REMOVED = "canary-note-from-removed-ally"
GOAL = "canary-goal-8e2f"
# Only checked on pages about Alice: other people's own pages may offer these words in their own forms.
MOOD_WORDS = "very low"
HARD_DAY_WORDS = "Hard day"


def _skip_reason(route: str, callback) -> str | None:
    if route.startswith("admin/"):
        return "Django's admin is staff-only and tested by Django itself"
    if callback.__module__.startswith("allauth.") or route.startswith("accounts/"):
        # /accounts/ is allauth's, including the two of its views accounts/views.py wraps to make atomic.
        return "allauth's own account pages (log in, sign up, passwords, MFA) hold no journal content"
    return None


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern.callback


def _discover():
    urls, skipped = {}, {}
    for name, route, callback in _walk(get_resolver().url_patterns):
        reason = _skip_reason(route, callback)
        if reason:
            skipped[name] = reason
        else:
            urls.setdefault(name, route)
    return urls, skipped


URLS, SKIPPED = _discover()


@dataclasses.dataclass
class World:
    owner: object
    people: dict
    links: dict
    notes: dict
    link_shared: AllyLink
    note_shared: object
    unshared_win: object
    invitation: object
    token: str
    goal: object


@pytest.fixture
def world(media):
    owner = make_user("alice@example.com", timezone="Europe/London", ally_ask=ASK)
    owner.date_joined -= datetime.timedelta(days=60)
    owner.save()
    people = {
        "owner": owner,
        "ally_shared": make_user("bob@example.com"),
        "ally_notes": make_user("nia@example.com"),
        "stranger": make_user("charlie@example.com"),
        "removed": make_user("rae@example.com"),
        "visitor": None,
    }
    links = {
        "ally_shared": make_ally_link(owner, people["ally_shared"], "shared_wins"),
        "ally_notes": make_ally_link(owner, people["ally_notes"], "notes_only"),
        "removed": make_ally_link(owner, people["removed"], "shared_wins"),
    }
    notes = {
        "ally_shared": make_ally_note(owner, people["ally_shared"], NOTE_BY["ally_shared"]),
        "ally_notes": make_ally_note(owner, people["ally_notes"], NOTE_BY["ally_notes"]),
        "removed": make_ally_note(owner, people["removed"], NOTE_BY_REMOVED),
    }
    # Removing keeps the removed ally's old link code in hand, as a bookmark would.
    services.ally_remove(link=links["removed"])

    make_win(owner, SHARED, shared_with_allies=True, mood=Mood.VERY_LOW, hard_day=True)
    # With a photo, so /photos/<code>/ has something to refuse everyone but Alice.
    unshared = make_photo_win(owner, UNSHARED, shared_with_allies=False, mood=Mood.VERY_LOW, hard_day=True)
    goal = make_goal(owner, GOAL)
    goal.complete(owner.local_today() - datetime.timedelta(days=1))
    gone = make_win(owner, DELETED, shared_with_allies=True)
    gone.deleted_at = timezone.now()
    gone.save()
    Reflection.objects.create(
        owner=owner,
        week_start=week_start(owner.local_today(), owner.week_starts_on),
        five_wins=REFLECTION,
        honored_myself=REFLECTION,
        what_helped=REFLECTION,
        try_next_week=REFLECTION,
    )
    invitation, token = services.invitation_create(owner=owner, email="sam@example.com", message="Hello")
    return World(
        owner=owner,
        people=people,
        links=links,
        notes=notes,
        link_shared=links["ally_shared"],
        note_shared=notes["ally_shared"],
        unshared_win=unshared,
        invitation=invitation,
        token=token,
        goal=goal,
    )


# Each URL parameter, filled for one role. A new parameter name fails the test
# with a message, so nobody adds a URL the matrix silently cannot reach.
def _fill(name: str, param: str, world: World, role: str):
    owner = world.owner
    ally_side = {"allies:space", "allies:note_edit", "allies:note_remove", "allies:leave"}
    if name in ally_side and param == "code":
        return world.links.get(role, world.link_shared).code
    if name in ally_side and param == "note_code":
        return world.notes.get(role, world.note_shared).code
    if name in {"allies:scope", "allies:remove"}:
        return world.link_shared.code
    if name in {"allies:note_hide", "allies:note_show", "allies:note_delete"}:
        return world.note_shared.code
    if name == "allies:invitation_cancel":
        return world.invitation.code
    if name == "allies:invite":
        return world.token
    if name.startswith("goal_") and param == "code":
        return world.goal.code
    if name == "account_import":
        return ImportJob.objects.create(owner=owner, kind=ImportJob.Kind.DAYLIO).code
    if name == "reminders_unsubscribe":
        # The signed link from Alice's reminder email: whoever holds it sees only a yes/no question.
        return unsubscribe_token(owner, "daily")
    if name == "account_confirm_email":
        # The link emailed to the address Alice is changing to: whoever holds it sees only that address.
        address, _ = EmailAddress.objects.get_or_create(user=owner, email="alice.next@example.com")
        return EmailConfirmationHMAC(address).key
    if param == "code":  # everywhere else, a code names one of Alice's wins
        return world.unshared_win.code
    if param == "day":
        return week_start(owner.local_today(), owner.week_starts_on).isoformat()
    if param == "year":
        return owner.local_today().year
    raise AssertionError(f"The authorization matrix does not know how to fill <{param}> in {name}: teach _fill.")


def _owner_specific(name: str, route: str) -> bool:
    """Does the URL name one of Alice's things (so everyone else must get a 404)?"""
    plain = [("str", "day"), ("int", "year"), ("str", "token"), ("str", "key")]
    return "<" in route and not any(f"<{kind}:{p}>" in route for kind, p in plain)


# Exact expectations for this app's pages. L = redirected to log in.
L = "login"
ALLIES_EXPECTED = {
    #                            owner  ally_shared ally_notes stranger visitor removed
    "allies:index": dict(zip(ROLES, [200, 200, 200, 200, L, 200], strict=True)),
    "allies:ask": dict(zip(ROLES, [302, 302, 302, 302, L, 302], strict=True)),
    "allies:invitation_cancel": dict(zip(ROLES, [302, 404, 404, 404, L, 404], strict=True)),
    "allies:scope": dict(zip(ROLES, [200, 404, 404, 404, L, 404], strict=True)),
    "allies:remove": dict(zip(ROLES, [200, 404, 404, 404, L, 404], strict=True)),
    "allies:note_hide": dict(zip(ROLES, [302, 404, 404, 404, L, 404], strict=True)),
    "allies:note_show": dict(zip(ROLES, [302, 404, 404, 404, L, 404], strict=True)),
    "allies:note_delete": dict(zip(ROLES, [302, 404, 404, 404, L, 404], strict=True)),
    "allies:space": dict(zip(ROLES, [404, 200, 200, 404, L, 404], strict=True)),
    "allies:note_edit": dict(zip(ROLES, [404, 200, 200, 404, L, 404], strict=True)),
    "allies:note_remove": dict(zip(ROLES, [404, 302, 302, 404, L, 404], strict=True)),
    "allies:leave": dict(zip(ROLES, [404, 200, 200, 404, L, 404], strict=True)),
    "allies:invite": dict(zip(ROLES, [200, 200, 200, 200, 200, 200], strict=True)),
}


def _expected(name: str, route: str, role: str):
    if name in ALLIES_EXPECTED:
        return ALLIES_EXPECTED[name][role]
    if role == "visitor":
        if name in WORKER_API:
            return 401
        return "public" if name in PUBLIC else L
    if role == "owner":
        return "allowed"
    return 404 if _owner_specific(name, route) else "allowed"


def _forbidden_for(role: str, name: str, route: str) -> list[str]:
    if role == "owner":
        return []
    words = [UNSHARED, DELETED, REFLECTION, GOAL]
    # Everyone may see their own words (in their own data export, say); nobody else's.
    words += [text for author, text in {**NOTE_BY, "removed": NOTE_BY_REMOVED}.items() if author != role]
    if role != "ally_shared":
        words.append(SHARED)
    if role not in ("ally_shared", "ally_notes"):
        words.append(ASK)
    if name.startswith("allies:") or _owner_specific(name, route):
        words += [MOOD_WORDS, HARD_DAY_WORDS]
    return words


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def test_the_matrix_walks_this_apps_urls_and_skips_only_admin_and_allauth():
    assert set(ALLIES_EXPECTED) == {name for name in URLS if name.startswith("allies:")}, (
        "every allies URL needs an expected status per role"
    )
    assert {"home", "week", "account_settings"} <= set(URLS)
    assert SKIPPED, "admin and allauth are skipped explicitly"
    assert all(
        name.startswith("account_")
        or name.startswith("mfa_")
        or name.startswith("usersessions_")
        or name.startswith("admin:")
        or name.startswith("socialaccount_")
        for name in SKIPPED
    ), SKIPPED


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(URLS))
def test_every_url_answers_each_role_as_expected_and_leaks_nothing(client, world, name, role):
    route = URLS[name]
    params = {}
    for part in route.split("<")[1:]:
        param = part.split(">")[0].split(":")[-1]
        params[param] = _fill(name, param, world, role)
    url = reverse(name, kwargs=params)
    person = world.people[role]
    if person is not None:
        client.force_login(person)

    response = client.get(url)
    posted = response.status_code == 405
    if posted:
        response = client.post(url, {})
    status = response.status_code
    expected = _expected(name, route, role)
    where = f"{role} at {url} ({name})"

    if expected == L:
        assert status == 302, where
        assert response["Location"].startswith("/accounts/login/"), where
    elif expected == "public":
        assert status in (200, 302), where
    elif expected == "allowed":
        # An empty POST may name nothing (such as no session to end): a 404 then hides nothing.
        refused = (403,) if posted else (403, 404)
        assert status < 500 and status not in refused, f"{where} got {status}"
    else:
        assert status == expected, f"{where} got {status}, expected {expected}"

    body = _body(response)
    for word in _forbidden_for(role, name, route):
        assert word not in body, f"{where} shows {word!r}"

    if name == "allies:space" and role == "ally_shared":
        assert SHARED in body and ASK in body
    if name == "allies:space" and role == "ally_notes":
        assert ASK in body


def test_a_removed_ally_loses_the_shared_space_from_their_allies_page(client, world):
    removed_code = world.links["removed"].code
    client.force_login(world.people["removed"])
    body = client.get("/allies/").content.decode()
    assert str(removed_code) not in body
    assert "People you support" not in body
    assert not AllyLink.objects.filter(code=removed_code).exists()
