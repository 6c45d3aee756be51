"""allauth's pages speak like the rest of Small Wins: our layout, sentence case, labels with no colon."""

import itertools
import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django import forms

from tests.factories import PASSWORD, make_goal, make_user, make_win
from tests.helpers import text_of

pytestmark = pytest.mark.django_db

# Words that keep their capital inside a sentence.
PROPER = {"Small", "Wins", "I", "JSON", "CSV", "Daylio", "PDF"}


def title_case_words(page: str) -> list[str]:
    """Headings, labels, legends, buttons and the title whose later words are capitalised like a Title."""
    found = []
    for tag in ("title", "h1", "h2", "h3", "label", "legend", "button"):
        for inner in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", page, re.S):
            words = re.sub(r"<[^>]+>", " ", inner).replace("·", " ").split()
            for before, word in itertools.pairwise(words):
                bare = word.strip(".,:;?!()“”\"'")
                starts_a_sentence = before.endswith((".", "?", "!"))
                if bare[:1].isupper() and not starts_a_sentence and bare not in PROPER and "@" not in bare:
                    found.append(" ".join(words))
                    break
    return found


def colon_labels(page: str) -> list[str]:
    return re.findall(r"([^<>]{0,40}:)\s*</(?:label|legend)>", page)


@pytest.fixture
def owner(db):
    return make_user("alice@example.com", verified=True, display_name="Alice")


@pytest.fixture
def confirmed_client(client, owner):
    """Logged in, with the password typed again a moment ago (the security pages ask for it)."""
    client.force_login(owner)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


@pytest.fixture
def with_two_factor(owner):
    TOTP.activate(owner, generate_totp_secret())
    RecoveryCodes.activate(owner)
    return owner


SECURITY_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/sessions/",
    "/accounts/reauthenticate/",
]
TWO_FACTOR_PAGES = [
    "/accounts/2fa/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/reauthenticate/",
]
ENTRANCE_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/login/code/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/inactive/",
]


@pytest.mark.parametrize("url", SECURITY_PAGES)
def test_security_pages_are_ours_in_sentence_case(confirmed_client, url):
    response = confirmed_client.get(url)
    assert response.status_code == 200
    page = text_of(response)
    assert 'href="/crisis/"' in page
    assert title_case_words(page) == []
    assert colon_labels(page) == []


@pytest.mark.parametrize("url", TWO_FACTOR_PAGES)
def test_two_factor_pages_are_ours_in_sentence_case(confirmed_client, with_two_factor, url):
    response = confirmed_client.get(url)
    assert response.status_code == 200
    page = text_of(response)
    assert 'href="/crisis/"' in page
    assert title_case_words(page) == []
    assert colon_labels(page) == []


@pytest.mark.parametrize("url", ENTRANCE_PAGES)
def test_entrance_pages_are_ours_in_sentence_case(client, url):
    page = text_of(client.get(url))
    assert 'href="/crisis/"' in page
    assert title_case_words(page) == []
    assert colon_labels(page) == []


def test_the_checker_finds_title_case_and_colons():
    page = "<h1>Change Password</h1><label for=x>Current Password:</label><h2>Small Wins data</h2>"
    assert title_case_words(page) == ["Change Password", "Current Password:"]
    assert colon_labels(page) == ["Current Password:"]


def test_the_password_change_page_names_its_fields_plainly(confirmed_client):
    page = text_of(confirmed_client.get("/accounts/password/change/"))
    for label in ("Current password", "New password", "New password (again)"):
        assert f">{label}</label>" in page
    assert "placeholder=" not in page
    assert "Forgot your password?" in page


def test_the_second_step_of_logging_in_is_ours(client, with_two_factor):
    response = client.post("/accounts/login/", {"login": with_two_factor.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    page = text_of(client.get(response["Location"]))
    assert "One more step" in page
    assert ">Code from your authenticator app</label>" in page
    assert "Or one of your recovery codes" in page
    assert title_case_words(page) == []
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "That code isn't right. Please try the newest code from your app, or a recovery code." in text_of(response)


def test_recovery_codes_are_listed_for_copying(confirmed_client, with_two_factor):
    page = text_of(confirmed_client.get("/accounts/2fa/recovery-codes/"))
    codes = RecoveryCodes(with_two_factor.authenticator_set.get(type="recovery_codes")).get_unused_codes()
    assert page.count('data-testid="recovery-code"') == len(codes)
    assert all(code in page for code in codes)


def test_a_wrong_password_to_confirm_it_is_you_says_so_kindly(client, owner):
    client.force_login(owner)
    response = client.post("/accounts/reauthenticate/", {"password": "not it"})
    assert "That password isn't right. Please try again." in text_of(response)


# --- No label ends with a colon, anywhere ---------------------------------------------------


class AnyForm(forms.Form):
    name = forms.CharField(label="Your name")
    why = forms.CharField(label="Why?")
    agree = forms.BooleanField(label="I agree")


def test_no_form_draws_a_colon_after_a_label_whichever_way_it_is_drawn():
    form = AnyForm()
    for drawn in (str(form), form.as_p(), form.as_ul(), form.as_table(), form.as_div(), form["name"].label_tag()):
        assert colon_labels(drawn) == [], drawn
    assert form["name"].legend_tag() == "<legend>Your name</legend>"


def test_a_suffix_asked_for_is_still_drawn():
    assert AnyForm()["name"].label_tag(label_suffix=" —") == '<label for="id_name">Your name —</label>'


def test_as_p_draws_fields_with_the_one_field_template():
    # The field template is ours: the help text is tied to the input, as on every other form.
    drawn = AnyForm().as_p()
    assert "<p" not in drawn
    assert '<label for="id_name">Your name</label>' in drawn


def test_the_main_forms_have_no_label_ending_in_a_colon(client, owner):
    win = make_win(owner, "Stepped outside")
    goal = make_goal(owner, "Drink water")
    client.force_login(owner)
    pages = ["/", "/week/", "/goals/", "/allies/", "/account/", "/account/data/", "/account/delete/"]
    pages += [f"/wins/{win.code}/edit/", f"/goals/{goal.code}/edit/", "/wins/"]
    for url in pages:
        page = client.get(url).content.decode()
        assert "<label" in page, url
        assert colon_labels(page) == [], url


# --- Every allauth page is drawn from our templates --------------------------------------------


def stock_templates(response) -> set[str]:
    """The templates of allauth's own package a page was drawn with (its pages and its elements)."""
    return {
        template.origin.name.split("templates/", 1)[-1]
        for template in response.templates
        if template.origin and "/allauth/templates/" in str(template.origin.name)
    }


VISITOR_PATHS = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/password/reset/key/done/",
    "/accounts/login/code/",
    "/accounts/login/code/confirm/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/inactive/",
]
PERSON_PATHS = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/password/set/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/reauthenticate/",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
    "/accounts/sessions/",
    "/accounts/logout/",
]


def test_no_allauth_page_is_drawn_with_allauths_own_templates(client, owner, with_two_factor):
    drawn = {}
    for path in VISITOR_PATHS:
        drawn[path] = stock_templates(client.get(path, follow=True))
    client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    drawn["/accounts/2fa/authenticate/"] = stock_templates(client.get("/accounts/2fa/authenticate/"))
    client.force_login(owner)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for path in PERSON_PATHS:
        drawn[path] = stock_templates(client.get(path, follow=True))
    assert {path: names for path, names in drawn.items() if names} == {}


def test_the_stock_template_check_can_see_a_stock_template(client, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]
    assert "account/login.html" in stock_templates(client.get("/accounts/login/"))
