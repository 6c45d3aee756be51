"""The weekly reflection: one per owner and week, saved as you type, never lost."""

import datetime
import re

import pytest
from django.test import Client

from journal import weeks
from journal.forms_timeline import writer_token
from journal.models import KeptDraft, Reflection
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

URL = "/week/2026-03-02/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def answers(owner=None, week_start=datetime.date(2026, 3, 2), **fields):
    data = {
        "five_wins": "Made the bed\nCalled Sam",
        "honored_myself": "I rested when I was tired.",
        "what_helped": "A short walk.",
        "try_next_week": "Ask for help once.",
        "proud": "on",
    }
    if owner is not None:
        data["writer"] = writer_token(owner, week_start)
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def log_in_through_the_form(client, user, next_url):
    return client.post(
        f"/accounts/login/?next={next_url}", {"login": user.email, "password": PASSWORD, "next": next_url}
    )


def test_the_form_has_the_prompts_as_labels(owner_client):
    html = owner_client.get("/week/2026-03-02/").content.decode()
    for label in (
        "Five small wins this week",
        "How did I honor myself this week?",
        "What helped?",
        "One thing I&#x27;d like to try next week",
        "I&#x27;m proud of myself for showing up.",
    ):
        assert re.search(rf"<label[^>]*>{re.escape(label)}</label>", html), label
    assert re.search(r'<button type="submit"[^>]*>Save reflection</button>', html)
    assert f'action="{URL}"' in html and f'hx-post="{URL}"' in html
    assert 'hx-trigger="input changed delay:1s, submit"' in html
    assert 'id="reflection-status" class="save-status" role="status"' in html


def test_saving_without_javascript_redirects_back_and_shows_it(owner_client, owner):
    response = owner_client.post(URL, answers(owner))
    assert response.status_code == 302
    assert response["Location"] == "/week/2026-03-02/#reflection"

    reflection = Reflection.objects.get(owner=owner)
    assert reflection.week_start.isoformat() == "2026-03-02"
    assert reflection.five_wins == "Made the bed\nCalled Sam"
    assert reflection.proud is True

    html = owner_client.get("/week/2026-03-02/").content.decode()
    assert "Your reflection is saved." in html
    assert "Made the bed\nCalled Sam</textarea>" in html
    assert re.search(r'type="checkbox" name="proud"[^>]*checked', html)


def test_there_is_one_reflection_per_week_and_saving_again_updates_it(owner_client, owner):
    owner_client.post(URL, answers(owner))
    owner_client.post("/week/2026-03-05/", answers(owner, what_helped="Sunlight.", proud=None))
    reflection = Reflection.objects.get(owner=owner)
    assert (reflection.what_helped, reflection.proud) == ("Sunlight.", False)
    assert reflection.week_start.isoformat() == "2026-03-02"


def test_another_week_gets_its_own_reflection(owner_client, owner):
    owner_client.post(URL, answers(owner))
    owner_client.post("/week/2026-03-09/", answers(owner, what_helped="Tea."))
    assert Reflection.objects.filter(owner=owner).count() == 2
    html = owner_client.get("/week/2026-03-09/").content.decode()
    assert "Tea.</textarea>" in html
    assert "A short walk." not in html


def test_autosave_answers_with_a_saved_status_only(owner_client, owner):
    response = owner_client.post(URL, answers(owner, five_wins="Half a thought"), **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("Saved at ")
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    assert Reflection.objects.get(owner=owner).five_wins == "Half a thought"


def test_text_that_is_too_long_keeps_the_words_and_says_what_to_do(owner_client, owner):
    too_long = "a" * 5001
    response = owner_client.post(URL, answers(owner, what_helped=too_long))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please keep it under 5,000 characters" in html
    assert f"{too_long}</textarea>" in html
    assert not Reflection.objects.filter(owner=owner).exists()


def test_autosave_of_text_that_is_too_long_answers_422_with_the_message(owner_client, owner):
    response = owner_client.post(URL, answers(owner, what_helped="a" * 5001), **HTMX)
    assert response.status_code == 422
    assert "Please keep it under 5,000 characters" in response.content.decode()


def test_a_reflection_for_a_bad_day_answers_404_and_other_methods_are_refused(owner_client, owner):
    assert owner_client.post("/week/2026-02-30/", answers(owner)).status_code == 404
    assert owner_client.put(URL).status_code == 405


def test_the_reflection_also_has_its_own_address(owner_client, owner):
    response = owner_client.post("/week/2026-03-04/reflection/", answers(owner, what_helped="Via its own URL"))
    assert response["Location"] == "/week/2026-03-02/#reflection"
    assert Reflection.objects.get(owner=owner).what_helped == "Via its own URL"
    assert owner_client.get("/week/2026-03-04/reflection/").status_code == 405
    assert owner_client.post("/week/2026-02-30/reflection/", answers(owner)).status_code == 404


def test_posting_to_this_week_saves_this_weeks_reflection(owner_client, owner):
    response = owner_client.post("/week/", answers(owner))
    start = weeks.week_start(owner.local_today(), owner.week_starts_on)
    assert response["Location"] == f"/week/{start.isoformat()}/#reflection"
    assert Reflection.objects.get(owner=owner).week_start == start


def test_a_draft_posted_after_the_session_expired_is_saved_after_logging_in(client, owner):
    # The page was open while logged in; the session has since ended.
    response = client.post(URL, answers(owner, five_wins="Typed while logged out"))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fweek%2F2026-03-02%2F"
    assert not Reflection.objects.exists()

    response = log_in_through_the_form(client, owner, "/week/2026-03-02/")
    assert response["Location"] == "/week/2026-03-02/"
    html = client.get("/week/2026-03-02/").content.decode()

    assert Reflection.objects.get(owner=owner).five_wins == "Typed while logged out"
    assert "Typed while logged out</textarea>" in html
    assert "We saved the reflection you were writing." in html


def test_an_autosave_after_the_session_expired_keeps_the_draft_and_asks_to_log_in(client, owner):
    response = client.post(URL, answers(owner, what_helped="Autosaved words"), **HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=%2Fweek%2F2026-03-02%2F"

    log_in_through_the_form(client, owner, "/week/2026-03-02/")
    client.get("/week/2026-03-02/")
    assert Reflection.objects.get(owner=owner).what_helped == "Autosaved words"


def test_a_kept_draft_is_never_saved_into_someone_elses_account(client, owner):
    someone_else = make_user("dee@example.com")
    client.post(URL, answers(owner, five_wins="Alice's private words"))

    log_in_through_the_form(client, someone_else, "/week/2026-03-02/")
    html = client.get("/week/2026-03-02/").content.decode()

    assert "Alice&#x27;s private words" not in html
    assert not Reflection.objects.exists()
    # And it is gone, so it cannot surface later either.
    assert not KeptDraft.objects.exists()
    assert "journal.draft_holder" not in client.session


def test_a_logged_out_post_without_the_writers_token_is_never_saved_into_an_account(client, owner):
    response = client.post("/week/2026-03-04/", answers(five_wins="Typed in another tab"))
    assert response["Location"] == "/accounts/login/?next=%2Fweek%2F2026-03-04%2F"

    log_in_through_the_form(client, owner, "/week/2026-03-04/")
    response = client.get("/week/2026-03-04/", follow=True)

    assert response.redirect_chain == [("/week/2026-03-02/", 302)]
    assert not Reflection.objects.exists()
    assert "Typed in another tab" not in response.content.decode()


def test_a_draft_posted_to_any_day_of_its_week_is_kept_for_that_week(client, owner):
    client.post("/week/2026-03-04/", answers(owner, five_wins="Typed on Wednesday's address"))

    log_in_through_the_form(client, owner, "/week/2026-03-04/")
    client.get("/week/2026-03-04/", follow=True)

    assert Reflection.objects.get(owner=owner, week_start="2026-03-02").five_wins == "Typed on Wednesday's address"


def test_someone_elses_reflection_is_never_shown_or_changed(client, owner, stranger):
    Reflection.objects.create(owner=owner, week_start="2026-03-02", what_helped="Alice's answer")
    client.force_login(stranger)

    html = client.get("/week/2026-03-02/").content.decode()
    client.post(URL, answers(stranger, what_helped="Charlie's answer"))

    assert "Alice" not in html
    assert Reflection.objects.get(owner=owner).what_helped == "Alice's answer"
    assert Reflection.objects.get(owner=stranger).what_helped == "Charlie's answer"


def test_a_saved_reflection_shows_on_the_next_visit(owner_client, owner):
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start.isoformat()
    owner_client.get("/week/")
    owner_client.post(f"/week/{week_start}/", {"what_helped": "I asked for help on Tuesday"})
    assert "I asked for help on Tuesday" in owner_client.get("/week/").content.decode()


def test_a_reflection_sent_back_with_a_message_is_drawn_for_that_answer_only(owner_client, owner):
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start.isoformat()
    too_long = "x" * 5001
    answer = owner_client.post(f"/week/{week_start}/", {"what_helped": too_long}).content.decode()
    assert too_long in answer
    assert 'aria-invalid="true"' in answer
    assert too_long not in owner_client.get("/week/").content.decode()


def test_the_reflection_form_holds_its_own_csrf_token(owner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start.isoformat()
    page = client.get("/week/").content.decode()
    form = page.split('<form id="reflection-form"')[1].split("</form>")[0]
    token = re.search(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', form).group(1)
    response = client.post(f"/week/{week_start}/", {"what_helped": "Slept well", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Reflection.objects.get(owner=owner).what_helped == "Slept well"


def test_a_draft_kept_while_logged_out_shows_after_logging_in(client, owner):
    week_start = weeks.Week.containing(owner.local_today(), owner.week_starts_on).start
    client.force_login(owner)
    client.get("/week/")
    client.logout()
    kept = {"what_helped": "Kept for later", "writer": writer_token(owner, week_start)}
    client.post(f"/week/{week_start.isoformat()}/", kept)
    client.force_login(owner)
    assert "Kept for later" in client.get("/week/").content.decode()
