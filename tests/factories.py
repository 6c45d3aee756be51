"""Small builders for test data, so tests say only what matters to them."""

import datetime
import io
import itertools

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import PushSubscription, User
from allies.models import AllyLink, AllyNote
from journal import photos
from journal.models import Category, Goal, Win
from journal.weeks import week_start

PASSWORD = "a calm river at dawn 42"
_counter = itertools.count(1)


def make_user(email: str | None = None, *, verified: bool = False, **fields) -> User:
    """A person; `verified=True` also gives them allauth's verified address row, as a followed link would."""
    email = email or f"person{next(_counter)}@example.com"
    fields.setdefault("display_name", email.split("@")[0].title())
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    if verified:
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def make_win(owner: User, text: str = "Got out of bed", **fields) -> Win:
    fields.setdefault("category", Category.SELF_CARE)
    fields.setdefault("occurred_on", owner.local_today())
    if isinstance(fields["occurred_on"], str):
        fields["occurred_on"] = datetime.date.fromisoformat(fields["occurred_on"])
    return Win.objects.create(owner=owner, text=text, **fields)


def make_push_device(user: User, endpoint: str, browser, device: str = "Firefox on Android") -> PushSubscription:
    """A device that turned reminders on; `browser` is a tests.helpers.PushBrowser holding its keys."""
    return PushSubscription.objects.create(
        user=user, endpoint=endpoint, p256dh=browser.p256dh, auth=browser.auth, device=device
    )


def make_ally_link(owner: User, ally: User, scope: str = "shared_wins"):
    return AllyLink.objects.create(owner=owner, ally=ally, scope=scope)


def make_ally_note(owner: User, author: User | None, text: str = "You seem lighter lately", **fields):
    fields.setdefault("week_start", week_start(owner.local_today(), owner.week_starts_on))
    return AllyNote.objects.create(owner=owner, author=author, text=text, **fields)


def make_photo_win(owner: User, text: str = "Sunlight on the floor", **fields) -> Win:
    """A win with a real (tiny) photo, stored the way an upload is. Use with the `media` fixture."""
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(picture, "PNG")
    return make_win(owner, text, **photos.store(photos.process(picture.getvalue())), **fields)


# ---- Photos and goals (journal/photos.py, journal.models.Goal) -----------------------


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (640, 480), colour=(200, 120, 60), **save) -> bytes:
    """A real picture made with Pillow, in any format Pillow writes."""
    mode = "RGBA" if fmt == "PNG" and save.pop("alpha", False) else "RGB"
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **save)
    return buffer.getvalue()


def photo_upload(data: bytes | None = None, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type=content_type)


def make_goal(owner: User, text: str = "Drink a glass of water", **fields):
    fields.setdefault("category", Category.BODY_HEALTH)
    return Goal.objects.create(owner=owner, text=text, **fields)
