"""Wins that waited on a device arrive at /offline/wins/ sealed for their owner, and are saved once, for them alone."""

import json
import os
import uuid

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.files.uploadedfile import SimpleUploadedFile

from journal.models import Win
from offline import keys, words
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

URL = "/offline/wins/"


def sealed_win(person, fields: dict, *, key=None, photo: bytes | None = None, owner: str | None = None) -> dict:
    """What static/js/waiting-wins.js sends, sealed here with the same steps the browser takes."""
    owner = owner or keys.owner_id(person)
    key = str(key or uuid.uuid4())
    recipient = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), keys.b64decode(keys.public_key(person)))
    mine = ec.generate_private_key(ec.SECP256R1())
    ephemeral = mine.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    shared = mine.exchange(ec.ECDH(), recipient)
    aes = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral, info=keys.HKDF_INFO).derive(shared))
    inside = {"fields": fields, "photo": {"name": "me.jpg", "type": "image/jpeg"} if photo else None}
    iv = os.urandom(12)
    data = {
        "owner": owner,
        "key": key,
        "ephemeral": keys.b64encode(ephemeral),
        "iv": keys.b64encode(iv),
        "sealed": keys.b64encode(aes.encrypt(iv, json.dumps(inside).encode(), f"{owner}:{key}:fields".encode())),
    }
    if photo:
        photo_iv = os.urandom(12)
        data["photo_iv"] = keys.b64encode(photo_iv)
        data["photo"] = SimpleUploadedFile("sealed", aes.encrypt(photo_iv, photo, f"{owner}:{key}:photo".encode()))
    return data


def test_a_waiting_win_is_saved_for_its_owner_and_a_replay_saves_nothing_twice(owner_client, owner):
    data = sealed_win(owner, {"text": "Walked to the corner shop", "category": "body-health", "occurred_on": ""})

    first = owner_client.post(URL, data)
    again = owner_client.post(URL, data)

    assert first.status_code == 200 and first.json() == {"created": True}
    assert again.status_code == 200 and again.json() == {"created": False}
    win = Win.objects.get(owner=owner)
    assert (win.text, win.category) == ("Walked to the corner shop", "body-health")
    assert win.occurred_on == owner.local_today()
    assert str(win.idempotency_key) == data["key"]


def test_a_win_that_reached_the_server_before_the_answer_was_lost_is_not_saved_again(owner_client, owner):
    # The Today form's post arrived, but the connection dropped before its answer: the device kept it.
    key = uuid.uuid4()
    owner_client.post("/", {"text": "Made tea", "category": "self-care", "idempotency_key": str(key)})
    assert Win.objects.filter(owner=owner).count() == 1

    response = owner_client.post(URL, sealed_win(owner, {"text": "Made tea", "category": "self-care"}, key=key))

    assert response.json() == {"created": False}
    assert Win.objects.filter(owner=owner).count() == 1


def test_nobody_logged_in_means_the_win_stays_on_the_device(client, owner):
    response = client.post(URL, sealed_win(owner, {"text": "Rested"}))

    assert response.status_code == 401
    assert response.json() == {"reason": "logged-out"}
    assert not Win.objects.exists()


def test_a_win_waiting_for_someone_else_is_never_saved_into_the_account_logged_in_now(client, owner, stranger):
    # Replays the mix-up the owner id prevents: Alice's session ended, Charlie logged in on her phone.
    alices = sealed_win(owner, {"text": "Alice's words"})
    client.force_login(stranger)

    response = client.post(URL, alices)

    assert response.status_code == 403
    assert response.json() == {"reason": "someone-else"}
    assert not Win.objects.exists()


def test_a_win_relabelled_with_another_owner_id_cannot_be_opened(client, owner, stranger):
    # Even with the owner id changed to Charlie's, Alice's sealed words only open with Alice's key.
    alices = sealed_win(owner, {"text": "Alice's words"}, owner=keys.owner_id(stranger))
    client.force_login(stranger)

    response = client.post(URL, alices)

    assert response.status_code == 400
    assert not Win.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"key": str(uuid.uuid4())},  # bound to its idempotency key: a copy with a new key won't open
        {"sealed": "AAAA" + "B" * 60},
        {"iv": keys.b64encode(b"\0" * 12)},
        {"ephemeral": keys.b64encode(b"\4" + b"\1" * 64)},
        {"ephemeral": "not base64 at all!"},
        {"iv": keys.b64encode(b"short")},
        {"key": "not-a-uuid"},
        {"sealed": ""},
    ],
)
def test_an_altered_or_broken_waiting_win_is_refused_kindly_not_with_a_500(owner_client, owner, change):
    response = owner_client.post(URL, {**sealed_win(owner, {"text": "Rested"}), **change})

    assert response.status_code == 400
    assert response.json() == {"reason": "unreadable"}
    assert not Win.objects.exists()


@pytest.mark.parametrize("inside", [b"not json", b"[1, 2]", b'{"fields": "text"}', b'{"photo": {}}'])
def test_sealed_words_that_are_not_a_win_are_refused(owner_client, owner, inside, monkeypatch):
    monkeypatch.setattr(json, "dumps", lambda value: inside.decode())
    data = sealed_win(owner, {})
    monkeypatch.undo()

    assert owner_client.post(URL, data).status_code == 400


def test_a_photo_logged_offline_arrives_with_the_win(owner_client, owner, media):
    data = sealed_win(owner, {"text": "Bread I baked"}, photo=image_bytes("JPEG", size=(320, 240)))

    assert owner_client.post(URL, data).json() == {"created": True}
    assert Win.objects.get(owner=owner).has_photo


def test_a_photo_that_cant_be_used_is_left_out_and_the_words_are_saved(owner_client, owner, media):
    data = sealed_win(owner, {"text": "Bread I baked"}, photo=b"\x7fELF" + b"\0" * 100)

    response = owner_client.post(URL, data)

    assert response.status_code == 200
    assert response.json() == {"created": True, "message": words.PHOTO_LEFT_OUT}
    assert not Win.objects.get(owner=owner).has_photo


def test_words_the_today_form_wont_take_come_back_to_their_owner_to_look_at(owner_client, owner):
    too_long = "x" * 501

    response = owner_client.post(URL, sealed_win(owner, {"text": too_long}))

    assert response.status_code == 422
    answer = response.json()
    assert answer["reason"] == "needs-a-look"
    assert answer["text"] == too_long
    assert "500 characters" in answer["message"]
    assert not Win.objects.exists()


def test_a_waiting_win_needs_the_csrf_token_like_every_post(client, owner):
    client.handler.enforce_csrf_checks = True
    client.force_login(owner)

    response = client.post(URL, sealed_win(owner, {"text": "Rested"}))

    assert response.status_code == 403
    assert not Win.objects.exists()


def test_me_says_whose_session_this_is_with_a_token_and_is_never_cached(owner_client, owner):
    response = owner_client.get("/offline/me/")

    assert response.status_code == 200
    answer = response.json()
    assert answer["owner"] == keys.owner_id(owner)
    assert len(answer["csrf"]) >= 32
    assert "no-store" in response["Cache-Control"]


def test_me_answers_401_to_nobody(client):
    assert client.get("/offline/me/").status_code == 401


def test_the_owner_id_is_opaque_stable_and_different_for_everyone(owner, stranger):
    alice = keys.owner_id(owner)

    assert alice == keys.owner_id(type(owner).objects.get(pk=owner.pk))
    assert alice != keys.owner_id(stranger)
    assert "alice" not in alice and str(owner.pk) != alice
    assert len(keys.b64decode(keys.public_key(owner))) == 65
    assert keys.public_key(owner) != keys.public_key(stranger)


def test_new_people_get_secrets_of_their_own(owner, stranger, ally):
    assert len({owner.offline_secret, stranger.offline_secret, ally.offline_secret}) == 3
