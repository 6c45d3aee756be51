"""Hostile input for every form in the app: never a server error, and whatever is stored is shown escaped.

Each test feeds one form generated values (hypothesis; 1,000 examples each, or
10,000 with `make fuzz`). Every example runs in a savepoint that is rolled back
afterwards, so examples never see each other's data or rate-limit counts.
"""

import contextlib
import datetime
import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils.html import escape
from hypothesis import assume, given
from hypothesis import strategies as st

from accounts.models import PushSubscription, User
from accounts.push import is_push_service
from config.vapid import b64url
from journal.models import Category, ImportJob, KeptDraft, Mood, Reflection, SafetyPlan, Win
from tests.factories import PASSWORD, make_ally_link, make_ally_note, make_user, make_win
from tests.helpers import run_imports

pytestmark = pytest.mark.django_db

# --- What a hostile visitor types -----------------------------------------------------------------

NASTY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "javascript:alert(1)",
    "{{ request }}",
    "{% debug %}",
    "'; DROP TABLE journal_win; --",
    "%s%s%s%n",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ufeff",
    "😀🌱🏳️‍🌈",
    "&amp;&lt;&#x27;",
    "\r\n\r\n",
    " ",
    "",
    "0",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "true",
    "[]",
    "{}",
    "../../../etc/passwd",
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "10000-01-01",
    "x" * 501,
    "y" * 5001,
    "é" * 1001,
]
# Every character except lone surrogates, which no browser can send as UTF-8.
CHARACTERS = st.characters(exclude_categories=["Cs"])
RAW_TEXT = st.text(alphabet=CHARACTERS, max_size=600)
TEXT = st.one_of(
    RAW_TEXT,
    st.sampled_from(NASTY),
    st.builds(
        lambda a, b, c: a + b + c,
        st.sampled_from(NASTY),
        st.text(alphabet=CHARACTERS, max_size=30),
        st.sampled_from(NASTY),
    ),
)


def choice_or_junk(*choices) -> st.SearchStrategy:
    return st.one_of(st.sampled_from([str(c) for c in choices]), TEXT)


def maybe(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """A field that may be missing from the form altogether."""
    return st.one_of(st.none(), strategy)


DAYS = st.one_of(st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(str), TEXT)
RECENT_DAYS = st.dates(datetime.date(2020, 1, 1), datetime.date.today()).map(str)
BOOLEANS = choice_or_junk("on", "", "true", "false", "1", "0", "off")
CATEGORIES = choice_or_junk(*Category.values)
MOODS = choice_or_junk("", *Mood.values)
KEYS = st.one_of(st.uuids().map(str), TEXT)
EMAILS = st.one_of(st.emails().map(str), TEXT)
TIMEZONES = choice_or_junk("UTC", "Europe/London", "Pacific/Auckland", "America/Argentina/Buenos_Aires", "Etc/GMT+12")


def form(**fields) -> st.SearchStrategy:
    """A dict of field -> value, where any field may also be left out."""
    return st.fixed_dictionaries({name: maybe(strategy) for name, strategy in fields.items()}).map(
        lambda data: {k: v for k, v in data.items() if v is not None}
    )


@pytest.fixture
def visitor(client):
    """A browser with no cookies, fresh for each example.

    The same Client is reused: a new one loads the middleware again, and
    WhiteNoise's start-up scan of every static file made each example slow.
    """

    def fresh() -> Client:
        client.cookies.clear()
        return client

    return fresh


@pytest.fixture(autouse=True)
def _no_template_recording(monkeypatch):
    """The test client copies every template context it renders; nothing here reads them, and it doubled the time."""
    monkeypatch.setattr("django.test.client.store_rendered_templates", lambda *args, **kwargs: None)


# --- Checking -------------------------------------------------------------------------------------


@contextlib.contextmanager
def rolled_back():
    """One example's world: everything it stores is undone afterwards."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def send(client: Client, method: str, path: str, data=None, *, htmx: bool = False, **extra):
    if htmx:
        extra["HTTP_HX_REQUEST"] = "true"
    response = getattr(client, method)(path, data or {}, **extra)
    assert response.status_code < 500, f"{method.upper()} {path} {data!r} answered {response.status_code}"
    return response


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, f"GET {path} answered {response.status_code}"
    return response.content.decode()


def has_markup(value: str) -> bool:
    """Whether escaping changes the value: only then is there something to prove on the page."""
    return escape(value) != value


def assert_shown_escaped(body: str, value: str) -> None:
    """Each line of a stored value appears in the page escaped, never as markup.

    If the value holds any of < > & " ', its escaped form differs from it, and
    finding the escaped form proves the page escaped it (a |safe would print
    the raw characters instead).
    """
    for line in re.split(r"\r\n|\r|\n", value):
        if line.strip() and escape(line) != line:
            assert escape(line) in body, f"{line!r} is not shown escaped"


# --- Accounts -------------------------------------------------------------------------------------


@given(data=form(display_name=TEXT, email=EMAILS, password1=st.one_of(st.just(PASSWORD), TEXT), timezone=TIMEZONES))
def test_fuzz_signup(visitor, data):
    with rolled_back():
        client = visitor()
        response = send(client, "post", "/accounts/signup/", data)
        if response.status_code == 302 and has_markup(User.objects.get().display_name):
            user = User.objects.get()
            client.force_login(user)  # the sign-up itself waits for the emailed link
            assert_shown_escaped(page(client, "/account/"), user.display_name)


@given(data=form(login=st.one_of(st.just("alice@example.com"), EMAILS), password=st.one_of(st.just(PASSWORD), TEXT)))
def test_fuzz_login(owner, visitor, data):
    with rolled_back():
        response = send(visitor(), "post", "/accounts/login/", data)
        if response.status_code == 200 and has_markup(data.get("login", "").strip()):
            assert_shown_escaped(response.content.decode(), data["login"].strip())


@given(
    data=form(
        display_name=TEXT,
        timezone=TIMEZONES,
        country=choice_or_junk("gb", "us", "", "GB", "zz"),
        week_starts_on=choice_or_junk(0, 6),
        email_on_ally_note=BOOLEANS,
        daily_reminder=BOOLEANS,
        daily_reminder_time=choice_or_junk("08:30", "20:00", "24:00", "7pm"),
        daily_reminder_by=choice_or_junk("email", "push", "both"),
        quiet_from=choice_or_junk("22:00", "20:00", "08:30", "25:00"),
        quiet_until=choice_or_junk("08:00", "22:00", "7am"),
        weekly_digest=BOOLEANS,
        weekly_digest_day=choice_or_junk(*range(7)),
        weekly_digest_time=choice_or_junk("18:00", "00:00", "99:99"),
    ),
    htmx=st.booleans(),
)
def test_fuzz_account_settings(owner_client, owner, data, htmx):
    with rolled_back():
        send(owner_client, "post", "/account/", data, htmx=htmx)
        owner.refresh_from_db()
        if has_markup(owner.display_name):
            assert_shown_escaped(page(owner_client, "/account/"), owner.display_name)


PUSH_KEYS = st.one_of(st.binary(min_size=0, max_size=80).map(b64url), TEXT)


@given(
    data=form(
        endpoint=st.one_of(
            st.just("https://fcm.googleapis.com/fcm/send/abc"),
            st.text(alphabet=CHARACTERS, max_size=40).map(lambda tail: f"https://fcm.googleapis.com/{tail}"),
            st.text(alphabet=CHARACTERS, max_size=40).map(lambda host: f"https://{host}/push"),
            TEXT,
        ),
        p256dh=PUSH_KEYS,
        auth=PUSH_KEYS,
    )
)
def test_fuzz_push_device(owner_client, data):
    with rolled_back():
        send(owner_client, "post", "/account/devices/", data)
        for device in PushSubscription.objects.all():
            # Only what a push service could have given: the worker never posts anywhere else.
            assert is_push_service(device.endpoint)


@pytest.fixture
def reauthenticated_client(owner_client):
    """Alice, who has just typed her password again, as changing the address asks."""
    owner_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return owner_client


ADDRESS_ACTIONS = st.sampled_from(["action_add", "action_send", "action_remove", "action_primary", "other"])


@given(
    data=form(email=st.one_of(st.just("charlie@example.com"), st.just("alice@example.com"), EMAILS)),
    action=ADDRESS_ACTIONS,
)
def test_fuzz_email_address(reauthenticated_client, owner, stranger, data, action):
    with rolled_back():
        response = send(reauthenticated_client, "post", "/accounts/email/", {**data, action: ""})
        owner.refresh_from_db()
        assert owner.email == "alice@example.com"
        assert not EmailAddress.objects.filter(user=owner, email__iexact=stranger.email).exists()
        if response.status_code == 200 and has_markup(data.get("email", "").strip()):
            assert_shown_escaped(response.content.decode(), data["email"].strip())


@given(data=form(email=st.one_of(st.just("alice@example.com"), EMAILS)))
def test_fuzz_password_reset(owner, visitor, data):
    with rolled_back():
        send(visitor(), "post", "/accounts/password/reset/", data)


@given(data=form(email=st.one_of(st.just("alice@example.com"), EMAILS)))
def test_fuzz_request_login_code(owner, visitor, data):
    with rolled_back():
        send(visitor(), "post", "/accounts/login/code/", data)


@given(data=form(password=st.one_of(st.just(PASSWORD + "x"), TEXT), code=TEXT))
def test_fuzz_delete_account_never_deletes_without_the_password(owner_client, owner, data):
    assume(data.get("password") != PASSWORD)
    with rolled_back():
        send(owner_client, "post", "/account/delete/", data)
        assert User.objects.filter(pk=owner.pk).exists()


@given(data=form(session=st.one_of(st.integers().map(str), TEXT)))
def test_fuzz_end_session(owner_client, data):
    with rolled_back():
        response = send(owner_client, "post", "/account/sessions/end/", data)
        assert response.status_code in (302, 404)


# --- Import ---------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)
WIN_ITEMS = st.fixed_dictionaries(
    {},
    optional={
        "code": st.one_of(st.uuids().map(str), JSON_VALUES),
        "occurred_on": st.one_of(RECENT_DAYS, JSON_VALUES),
        "text": st.one_of(TEXT, JSON_VALUES),
        "category": st.one_of(st.sampled_from(Category.values), JSON_VALUES),
        "mood": st.one_of(st.sampled_from(Mood.values), JSON_VALUES),
        "hard_day": st.one_of(st.booleans(), JSON_VALUES),
        "shared_with_allies": st.one_of(st.booleans(), JSON_VALUES),
        "created_at": st.one_of(st.datetimes(timezones=st.just(datetime.UTC)).map(str), JSON_VALUES),
    },
)
REFLECTION_ITEMS = st.fixed_dictionaries(
    {"week_start": st.one_of(RECENT_DAYS, JSON_VALUES)},
    optional={name: st.one_of(TEXT, JSON_VALUES) for name in ["five_wins", "honored_myself", "what_helped", "proud"]},
)
EXPORTS = st.fixed_dictionaries(
    {"format": st.one_of(st.just("small-wins-export"), JSON_VALUES), "version": st.one_of(st.just(1), JSON_VALUES)},
    optional={
        "wins": st.one_of(st.lists(WIN_ITEMS, max_size=5), JSON_VALUES),
        "reflections": st.one_of(st.lists(REFLECTION_ITEMS, max_size=3), JSON_VALUES),
        "profile": st.one_of(st.dictionaries(TEXT, JSON_VALUES, max_size=5), JSON_VALUES),
    },
).map(lambda document: json.dumps(document).encode())
CSV_CELLS = st.one_of(
    st.sampled_from(["rad", "good", "meh", "bad", "awful", "20:30", "8:30 PM", "walk | friends"]), RECENT_DAYS, TEXT
)
DAYLIO = st.lists(st.lists(CSV_CELLS, min_size=0, max_size=10), max_size=6).map(
    lambda rows: (
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        + "\n".join(",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows)
    ).encode("utf-8", "surrogatepass")
)
FILES = st.one_of(EXPORTS, DAYLIO, st.binary(max_size=2000), TEXT.map(lambda t: t.encode()))


@given(content=FILES, restore_settings=BOOLEANS, name=st.sampled_from(["export.json", "daylio.csv", "photo.png", ""]))
def test_fuzz_import(owner_client, owner, content, restore_settings, name):
    with rolled_back():
        upload = SimpleUploadedFile(name or "file", content)
        response = send(owner_client, "post", "/account/data/", {"file": upload, "restore_settings": restore_settings})
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            run_imports()  # the worker's part, here and now: a crash would raise
            send(owner_client, "get", response["Location"])
        if not ImportJob.objects.filter(owner=owner, status=ImportJob.Status.DONE).exists():
            assert not Win.all_objects.filter(owner=owner).exists()  # all or nothing
        wins = [win for win in Win.objects.filter(owner=owner)[:3] if has_markup(win.text)]
        if wins:
            body = page(owner_client, "/wins/")
            for win in wins:
                assert_shown_escaped(body, win.text)


# --- Journal --------------------------------------------------------------------------------------

WIN_FORM = form(
    text=TEXT,
    category=CATEGORIES,
    mood=MOODS,
    hard_day=BOOLEANS,
    occurred_on=st.one_of(RECENT_DAYS, DAYS),
    shared_with_allies=BOOLEANS,
    idempotency_key=KEYS,
)


@given(data=WIN_FORM, htmx=st.booleans())
def test_fuzz_quick_log(owner_client, owner, data, htmx):
    with rolled_back():
        send(owner_client, "post", "/", data, htmx=htmx)
        win = Win.objects.filter(owner=owner).first()
        if win and has_markup(win.text):
            assert_shown_escaped(page(owner_client, f"/wins/{win.code}/"), win.text)


@given(
    data=form(preset=choice_or_junk("got-out-of-bed", "said-no", "asked-for-help"), idempotency_key=KEYS),
    htmx=st.booleans(),
)
def test_fuzz_quick_win_preset(owner_client, data, htmx):
    with rolled_back():
        send(owner_client, "post", "/wins/quick/", data, htmx=htmx)


@pytest.fixture
def a_win(owner):
    return make_win(owner, "Before the edit", occurred_on=owner.local_today() - datetime.timedelta(days=3))


@given(data=WIN_FORM, htmx=st.booleans())
def test_fuzz_edit_win(owner_client, a_win, data, htmx):
    with rolled_back():
        send(owner_client, "post", f"/wins/{a_win.code}/edit/", data, htmx=htmx)
        a_win.refresh_from_db()
        if has_markup(a_win.text):
            assert_shown_escaped(page(owner_client, f"/wins/{a_win.code}/"), a_win.text)


@given(
    params=form(q=TEXT, category=CATEGORIES, mood=MOODS, hard_day=BOOLEANS, date_from=DAYS, date_to=DAYS, page=TEXT),
    htmx=st.booleans(),
)
def test_fuzz_wins_filters(owner_client, params, htmx):
    with rolled_back():
        body = send(owner_client, "get", "/wins/", params, htmx=htmx).content.decode()
        q = params.get("q", "").strip()
        if q and len(q) <= 200 and "\x00" not in q and not htmx:  # the htmx answer is the results alone
            assert_shown_escaped(body, q)


REFLECTION_FORM = form(
    five_wins=TEXT, honored_myself=TEXT, what_helped=TEXT, try_next_week=TEXT, proud=BOOLEANS, writer=TEXT
)


@given(day=st.one_of(RECENT_DAYS, DAYS), data=REFLECTION_FORM, htmx=st.booleans())
def test_fuzz_reflection(owner_client, owner, day, data, htmx):
    assume("/" not in day and "?" not in day and "#" not in day)
    with rolled_back():
        path = f"/week/{day}/reflection/"
        send(owner_client, "post", path, data, htmx=htmx)
        reflection = Reflection.objects.filter(owner=owner).first()
        if reflection and has_markup(
            reflection.five_wins + reflection.honored_myself + reflection.what_helped + reflection.try_next_week
        ):
            body = page(owner_client, f"/week/{reflection.week_start}/")
            for name in ["five_wins", "honored_myself", "what_helped", "try_next_week"]:
                assert_shown_escaped(body, getattr(reflection, name))


@given(day=st.one_of(RECENT_DAYS, DAYS), data=form(choice=choice_or_junk("use", "let-go")), kept=st.booleans())
def test_fuzz_kept_draft_choice(owner_client, owner, day, data, kept):
    assume("/" not in day and "?" not in day and "#" not in day)
    with rolled_back():
        if kept:
            week_start = datetime.date(2026, 3, 2)
            KeptDraft.objects.create(owner=owner, week_start=week_start, holder="fuzz", answers={"what_helped": "Tea"})
            session = owner_client.session
            session["journal.draft_holder"] = "fuzz"
            session.save()
        send(owner_client, "post", f"/week/{day}/draft/", data)


PHONES = st.one_of(st.sampled_from(["07700 900123", "+44 (0)20 7946 0000", "116 123", "12"]), TEXT)
SAFETY_PLAN_FORM = form(
    warning_signs=TEXT,
    on_my_own=TEXT,
    people_places=TEXT,
    safer_surroundings=TEXT,
    reasons=TEXT,
    **{"ask_for_help-0-name": TEXT, "ask_for_help-0-phone": PHONES, "ask_for_help-9-name": TEXT},
    **{"professionals-0-name": TEXT, "professionals-0-phone": PHONES, "professionals-12-phone": PHONES},
    more=choice_or_junk("ask_for_help", "professionals"),
    add_line=BOOLEANS,
    writer=TEXT,
)


@given(data=SAFETY_PLAN_FORM, htmx=st.booleans(), country=st.sampled_from(["", "gb"]))
def test_fuzz_safety_plan(owner_client, owner, data, htmx, country):
    with rolled_back():
        owner.country = country
        owner.save(update_fields=["country"])
        send(owner_client, "post", "/safety-plan/", data, htmx=htmx)
        plan = SafetyPlan.objects.filter(owner=owner).first()
        if plan is not None:
            body = page(owner_client, "/safety-plan/")
            for _step, entries in plan.steps:
                for entry in entries:
                    for value in entry.values() if isinstance(entry, dict) else [entry]:
                        assert_shown_escaped(body, value)


@given(data=SAFETY_PLAN_FORM)
def test_fuzz_safety_plan_logged_out(owner, visitor, data):
    with rolled_back():
        send(visitor(), "post", "/safety-plan/", data)


@given(data=form(choice=choice_or_junk("use", "let-go")), kept=st.booleans(), more=form(more=TEXT))
def test_fuzz_safety_plan_kept_choice_and_rows(owner_client, owner, data, kept, more):
    with rolled_back():
        if kept:
            SafetyPlan.keep(owner_id=owner.pk, holder="fuzz", based_on=None, answers={"reasons": ["Tea"]})
            session = owner_client.session
            session["journal.plan_holder"] = "fuzz"
            session.save()
        send(owner_client, "post", "/safety-plan/kept/", data)
        send(owner_client, "get", "/safety-plan/", more)


@given(params=form(critic=TEXT))
def test_fuzz_look_back_critic(owner_client, params):
    with rolled_back():
        body = send(owner_client, "get", "/look-back/", params).content.decode()
        critic = params.get("critic", "").strip()
        if critic and len(critic) <= 200 and "\x00" not in critic:
            assert_shown_escaped(body, critic)


@given(params=form(**{"from": DAYS, "to": DAYS}))
def test_fuzz_report_range(owner_client, params):
    with rolled_back():
        send(owner_client, "get", "/report/", params)


GOAL_FORM = form(
    text=TEXT,
    category=CATEGORIES,
    how_often=choice_or_junk("daily", "chosen"),
    weekdays=st.lists(choice_or_junk(*range(7)), max_size=8),
)


@given(data=GOAL_FORM, htmx=st.booleans())
def test_fuzz_goal(owner_client, owner, data, htmx):
    from journal.models import Goal

    with rolled_back():
        send(owner_client, "post", "/goals/", data, htmx=htmx)
        goal = Goal.objects.filter(owner=owner).first()
        if goal and has_markup(goal.text):
            assert_shown_escaped(page(owner_client, "/goals/"), goal.text)


@given(data=GOAL_FORM)
def test_fuzz_goal_edit(owner_client, owner, data):
    from journal.models import Goal

    with rolled_back():
        goal = Goal.objects.create(owner=owner, text="Drink a glass of water")
        send(owner_client, "post", f"/goals/{goal.code}/edit/", data)
        goal.refresh_from_db()
        if has_markup(goal.text):
            assert_shown_escaped(page(owner_client, "/goals/"), goal.text)


# --- Allies ---------------------------------------------------------------------------------------


@given(
    data=form(
        email=st.one_of(st.just("bob@example.com"), EMAILS),
        message=TEXT,
        scope=choice_or_junk("notes_only", "shared_wins"),
    )
)
def test_fuzz_invitation(owner_client, owner, data):
    from allies.models import Invitation

    with rolled_back():
        send(owner_client, "post", "/allies/", data)
        invitation = Invitation.objects.filter(owner=owner).first()
        if invitation and has_markup(invitation.email):
            assert_shown_escaped(page(owner_client, "/allies/"), invitation.email)


@given(data=form(ally_ask=TEXT))
def test_fuzz_ally_ask(owner_client, owner, data):
    with rolled_back():
        send(owner_client, "post", "/allies/ask/", data)
        owner.refresh_from_db()
        if has_markup(owner.ally_ask):
            assert_shown_escaped(page(owner_client, "/allies/"), owner.ally_ask)


@pytest.fixture
def ally_client(owner, ally):
    client = Client()
    client.force_login(ally)
    return client, make_ally_link(owner, ally)


@given(data=form(text=TEXT), week=maybe(DAYS), htmx=st.booleans())
def test_fuzz_ally_note(ally_client, owner, data, week, htmx):
    from allies.models import AllyNote

    client, link = ally_client
    path = f"/allies/{link.code}/" + (f"?week={week}" if week is not None else "")
    with rolled_back():
        send(client, "post", path, data, htmx=htmx)
        note = AllyNote.objects.filter(owner=owner).first()
        if note and has_markup(note.text):
            assert_shown_escaped(page(client, f"/allies/{link.code}/?week={note.week_start}"), note.text)


@given(data=form(text=TEXT))
def test_fuzz_ally_note_edit(ally_client, owner, ally, data):
    client, link = ally_client
    with rolled_back():
        note = make_ally_note(owner, ally, "First words")
        send(client, "post", f"/allies/{link.code}/notes/{note.code}/edit/", data)


@given(data=form(scope=choice_or_junk("notes_only", "shared_wins"), sees_safety_plan=BOOLEANS))
def test_fuzz_ally_scope(owner_client, owner, ally, data):
    with rolled_back():
        link = make_ally_link(owner, ally)
        send(owner_client, "post", f"/allies/{link.code}/scope/", data)


@given(data=form(share=choice_or_junk("", "on", "off"), next=st.one_of(st.just("/wins/"), TEXT)), htmx=st.booleans())
def test_fuzz_share_toggle(owner_client, owner, data, htmx):
    with rolled_back():
        win = make_win(owner, "To share")
        send(owner_client, "post", f"/allies/share/{win.code}/", data, htmx=htmx)


@pytest.fixture
def invitation_token(owner):
    from allies.services import invitation_create

    return invitation_create(owner=owner, email="someone@example.com")[1]


@pytest.fixture
def someone_client(db):
    client = Client()
    client.force_login(make_user("someone@example.com"))
    return client


@given(data=form(decision=choice_or_junk("accept", "decline")), logged_in=st.booleans())
def test_fuzz_invitation_answer(invitation_token, someone_client, visitor, data, logged_in):
    # Accepting or declining is rolled back after each example, so one invitation serves them all.
    with rolled_back():
        send(someone_client if logged_in else visitor(), "post", f"/invite/{invitation_token}/", data)


@given(token=TEXT)
def test_fuzz_invitation_token(client, token):
    assume(token and "/" not in token and "?" not in token and "#" not in token and token.strip() == token)
    with rolled_back():
        send(client, "get", f"/invite/{token}/")


# --- allauth's password, re-authentication and two-factor forms, in our words (accounts/forms_security.py) --------


@given(data=form(oldpassword=st.one_of(st.just(PASSWORD), TEXT), password1=TEXT, password2=TEXT))
def test_fuzz_change_password(owner_client, owner, data):
    # A change that succeeds would give the next example a logged-out client: that case is the unit tests'.
    assume(not (data.get("oldpassword") == PASSWORD and data.get("password1") == data.get("password2")))
    with rolled_back():
        send(owner_client, "post", "/accounts/password/change/", data)
        owner.refresh_from_db()
        assert owner.check_password(PASSWORD)


@pytest.fixture
def passwordless_client(client):
    person = make_user("nopass@example.com")
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    return client


@given(data=form(password1=TEXT, password2=TEXT))
def test_fuzz_set_password(passwordless_client, data):
    assume(data.get("password1") != data.get("password2"))
    with rolled_back():
        send(passwordless_client, "post", "/accounts/password/set/", data)


@pytest.fixture
def reset_link_client(owner, visitor):
    """A visitor who followed a real reset link for Alice: allauth keeps the key in the session."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    client = visitor()
    uid = user_pk_to_url_str(owner)
    response = client.get(f"/accounts/password/reset/key/{uid}-{default_token_generator.make_token(owner)}/")
    return client, response["Location"]


@given(data=form(password1=TEXT, password2=TEXT))
def test_fuzz_reset_password_from_key(reset_link_client, owner, data):
    client, set_password_url = reset_link_client
    assume(data.get("password1") != data.get("password2"))
    with rolled_back():
        send(client, "post", set_password_url, data)
        owner.refresh_from_db()
        assert owner.check_password(PASSWORD)


@given(data=form(password=st.one_of(st.just(PASSWORD + "x"), TEXT)))
def test_fuzz_reauthenticate(owner_client, data):
    assume(data.get("password") != PASSWORD)
    with rolled_back():
        send(owner_client, "post", "/accounts/reauthenticate/", data)


@pytest.fixture
def two_factor_owner(owner):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(owner, generate_totp_secret())
    return owner


@pytest.fixture
def second_step_client(two_factor_owner, visitor):
    """A visitor halfway through logging in: the password was right, the code is asked for."""
    client = visitor()
    response = client.post("/accounts/login/", {"login": two_factor_owner.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    return client


@given(data=form(code=TEXT))
def test_fuzz_two_factor_log_in(second_step_client, data):
    with rolled_back():
        response = send(second_step_client, "post", "/accounts/2fa/authenticate/", data)
        assert response.status_code != 302 or "/accounts/2fa/" in response["Location"]


@given(data=form(code=TEXT))
def test_fuzz_two_factor_reauthenticate(owner_client, two_factor_owner, data):
    with rolled_back():
        send(owner_client, "post", "/accounts/2fa/reauthenticate/", data)


@given(data=form(code=TEXT))
def test_fuzz_two_factor_set_up(reauthenticated_client, owner, data):
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.get_or_create(user=owner, email=owner.email, defaults={"primary": True, "verified": True})
    with rolled_back():
        send(reauthenticated_client, "post", "/accounts/2fa/totp/activate/", data)
        assert not Authenticator.objects.filter(user=owner).exists()


def test_every_form_in_the_app_has_a_fuzz_test():
    """A new form without a property test fails here, so nobody forgets one."""
    import importlib
    import inspect
    import pkgutil

    from django import forms as django_forms

    covered = {
        "SignupForm", "AccountSettingsForm", "ImportForm", "DeleteAccountForm", "EndSessionForm",
        "AddEmailForm", "ResetPasswordForm", "RequestLoginCodeForm",
        "ChangePasswordForm", "SetPasswordForm", "ResetPasswordKeyForm", "ReauthenticateForm", "AuthenticateForm",
        "MFAReauthenticateForm", "ActivateTOTPForm", "PushSubscriptionForm",
        "LogWinForm", "EditWinForm", "QuickWinForm", "WinFilterForm", "WinForm", "GoalForm",
        "ReflectionForm", "KeptDraftForm", "CriticForm", "ReportRangeForm",
        "SafetyPlanForm", "KeptPlanForm", "MoreRowsForm",
        "InviteForm", "AskForm", "ScopeForm", "NoteForm", "WeekForm", "InvitationResponseForm", "NextForm", "ShareForm",
    }  # fmt: skip
    found = set()
    for app in ["accounts", "journal", "allies", "config"]:
        package = importlib.import_module(app)
        # Subpackages too (journal/portability/forms.py holds the import form).
        for module_info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if {"migrations", "management", "tests"} & set(module_info.name.split(".")):
                continue
            module = importlib.import_module(module_info.name)
            for name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, django_forms.BaseForm) and value.__module__ == module.__name__:
                    found.add(name)
    assert found - covered == set(), f"forms without a fuzz test: {sorted(found - covered)}"
