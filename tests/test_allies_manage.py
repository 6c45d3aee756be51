"""The owner decides: what each ally sees, which notes show, who stays an ally, which wins are shared."""

import re

import pytest

from allies.models import AllyLink, AllyNote
from journal.models import Win
from tests.factories import make_ally_link, make_ally_note, make_win

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(owner, ally):
    return make_ally_link(owner, ally)


def test_owner_changes_what_an_ally_can_see(owner_client, link):
    html = owner_client.get("/allies/").content.decode()
    assert "What Bob can see" in html
    response = owner_client.post(f"/allies/{link.code}/scope/", {"scope": "notes_only"})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.scope == "notes_only"


def test_an_unknown_scope_gets_a_kind_message(owner_client, link):
    response = owner_client.post(f"/allies/{link.code}/scope/", {"scope": "everything"})
    assert response.status_code == 200
    assert "Choose one of the two options." in response.content.decode()
    link.refresh_from_db()
    assert link.scope == "shared_wins"


def test_an_ally_cannot_change_their_own_scope(client, ally, link):
    client.force_login(ally)
    assert client.post(f"/allies/{link.code}/scope/", {"scope": "notes_only"}).status_code == 404


def test_removing_an_ally_asks_first_then_ends_access_at_once(owner_client, client, owner, ally, link):
    make_ally_note(owner, ally, "You went outside every day")
    confirm = owner_client.get(f"/allies/{link.code}/remove/")
    assert confirm.status_code == 200
    assert ">Remove ally</button>" in confirm.content.decode()
    assert AllyLink.objects.exists(), "looking at the confirmation changes nothing"

    response = owner_client.post(f"/allies/{link.code}/remove/")
    assert response.status_code == 302
    assert not AllyLink.objects.exists()
    assert AllyNote.objects.get().text == "You went outside every day"

    client.force_login(ally)
    assert client.get(f"/allies/{link.code}/").status_code == 404


def test_a_stranger_cannot_remove_someone_elses_ally(client, stranger, link):
    client.force_login(stranger)
    assert client.get(f"/allies/{link.code}/remove/").status_code == 404
    assert client.post(f"/allies/{link.code}/remove/").status_code == 404
    assert AllyLink.objects.exists()


def test_owner_hides_and_shows_a_note(owner_client, owner, ally):
    note = make_ally_note(owner, ally)
    assert owner_client.post(f"/allies/notes/{note.code}/hide/").status_code == 302
    note.refresh_from_db()
    assert note.hidden
    html = owner_client.get("/allies/").content.decode()
    assert "Hidden from your week" in html
    assert f"/allies/notes/{note.code}/show/" in html
    owner_client.post(f"/allies/notes/{note.code}/show/")
    note.refresh_from_db()
    assert not note.hidden


def test_hiding_a_note_goes_back_to_a_safe_next_page_only(owner_client, owner, ally):
    note = make_ally_note(owner, ally)
    assert owner_client.post(f"/allies/notes/{note.code}/hide/", {"next": "/week/"})["Location"] == "/week/"
    for target in ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]:
        assert owner_client.post(f"/allies/notes/{note.code}/show/", {"next": target})["Location"] == "/allies/"


def test_owner_deletes_a_note(owner_client, owner, ally):
    note = make_ally_note(owner, ally)
    assert owner_client.post(f"/allies/notes/{note.code}/delete/").status_code == 302
    assert not AllyNote.objects.exists()


@pytest.mark.parametrize("action", ["hide", "show", "delete"])
def test_the_author_and_strangers_cannot_moderate_the_owners_notes(client, owner, ally, stranger, action):
    note = make_ally_note(owner, ally)
    for person in (ally, stranger):
        client.force_login(person)
        assert client.post(f"/allies/notes/{note.code}/{action}/").status_code == 404
    assert AllyNote.objects.get(pk=note.pk).hidden is False


def test_notes_from_a_deleted_account_stay_with_the_owner(owner_client, owner, ally):
    make_ally_note(owner, ally, "Words that stay")
    ally.delete()
    html = owner_client.get("/allies/").content.decode()
    assert "Words that stay" in html
    assert "A former ally" in html


def test_owner_shares_and_unshares_a_win(owner_client, owner):
    win = make_win(owner, "Made tea")
    response = owner_client.post(f"/allies/share/{win.code}/", {"next": "/week/"})
    assert response.status_code == 302
    assert response["Location"] == "/week/"
    win.refresh_from_db()
    assert win.shared_with_allies
    owner_client.post(f"/allies/share/{win.code}/")
    win.refresh_from_db()
    assert not win.shared_with_allies


def test_an_explicit_share_choice_is_idempotent(owner_client, owner):
    win = make_win(owner, "Made tea")
    for _ in range(2):
        owner_client.post(f"/allies/share/{win.code}/", {"share": "on"})
    win.refresh_from_db()
    assert win.shared_with_allies
    owner_client.post(f"/allies/share/{win.code}/", {"share": "off"})
    win.refresh_from_db()
    assert not win.shared_with_allies


def test_sharing_never_redirects_to_another_site(owner_client, owner):
    win = make_win(owner)
    response = owner_client.post(f"/allies/share/{win.code}/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_nobody_else_can_share_a_win(client, owner, ally, stranger):
    win = make_win(owner)
    make_ally_link(owner, ally)
    for person in (ally, stranger):
        client.force_login(person)
        assert client.post(f"/allies/share/{win.code}/").status_code == 404
    assert not Win.objects.get(pk=win.pk).shared_with_allies


def test_share_needs_a_post(owner_client, owner):
    win = make_win(owner)
    assert owner_client.get(f"/allies/share/{win.code}/").status_code == 405


def test_today_and_all_wins_offer_the_share_toggle_on_each_win(owner_client, owner, link):
    make_win(owner, "Made tea")
    make_win(owner, "Rested", shared_with_allies=True)
    for page in ("/", "/wins/"):
        html = owner_client.get(page).content.decode()
        assert 'aria-pressed="false">Share with my allies</button>' in html, page
        assert 'aria-pressed="true">Stop sharing</button>' in html, page


@pytest.mark.parametrize("back", ["/", "/wins/", "/week/"])
def test_sharing_with_htmx_answers_just_the_switch_and_the_wins_badge(owner_client, owner, back):
    win = make_win(owner, "Made tea")
    response = owner_client.post(f"/allies/share/{win.code}/", {"next": back}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'aria-pressed="true" autofocus>Stop sharing</button>', html), "focus stays on the toggle"
    assert f'<input type="hidden" name="next" value="{back}">' in html
    assert "csrfmiddlewaretoken" in html
    mark = f'id="win-{win.code}-shared" hx-swap-oob="true">Shared<span class="visually-hidden"> with allies</span>'
    assert mark in html
    assert "Edit</a>" not in html and "Made tea" not in html
    assert "HX-Request" in response["Vary"]


def test_every_share_button_on_the_week_page_is_its_own_small_form(owner_client, owner, link):
    wins = [make_win(owner, f"Small thing {n}") for n in range(3)]
    html = owner_client.get("/week/").content.decode()
    assert 'id="share-form"' not in html
    for win in wins:
        form = html.split(f'<form method="post" action="/allies/share/{win.code}/"')[1].split("</form>")[0]
        assert f'hx-post="/allies/share/{win.code}/" hx-target="this" hx-swap="outerHTML"' in form
        assert 'name="csrfmiddlewaretoken"' in form
        assert '<input type="hidden" name="next" value="/week/">' in form
        assert '<input type="hidden" name="share" value="on">' in form
        assert 'aria-pressed="false">Share with my allies</button>' in form
