"""allauth's pages in the browser: from a fresh sign-up to two-factor on, and allies who sign up from an invitation."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.utils import timezone
from playwright.sync_api import expect

from allies import services
from allies.models import AllyLink
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in
from tests.factories import PASSWORD, make_user, make_win

pytestmark = pytest.mark.django_db(transaction=True)


def emailed_link(message) -> str:
    """The confirmation link's path and query, as a person's email app would open it."""
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", message.body).group(1)


def current_totp(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def check(page) -> None:
    assert_crisis_link(page)
    assert_accessible(page)


def test_a_newcomer_signs_up_confirms_and_turns_two_factor_on(live_server, page, mailoutbox):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("What should we call you?").fill("Robin")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    assert len(mailoutbox) == 1  # sign-up sends the link that confirms the address

    page.goto(live_server.url + emailed_link(mailoutbox[0]))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.get_by_test_id("greeting")).to_contain_text(
        re.compile(r"^(Good (morning|afternoon|evening)|Hello), Robin")
    )
    expect(page.get_by_text("Your first small win can be tiny.")).to_be_visible()
    expect(page.get_by_text("Welcome, Robin")).to_have_count(0)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-factor authentication", level=1)).to_be_visible()
    expect(page.get_by_text("First, confirm your email address")).to_have_count(0)
    check(page)

    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", name="Confirm it's you", level=1)).to_be_visible()
    check(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Set up an authenticator app", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="A code to scan with your authenticator app")).to_be_visible()
    check(page)
    secret = page.get_by_label("Can't scan it? Type this key into your app instead").input_value()
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor").click()
    expect(page.get_by_text("That code isn't right.")).to_be_visible()
    check(page)
    page.get_by_label("Authenticator code").fill(current_totp(secret))
    page.get_by_role("button", name="Turn on two-factor").click()

    expect(page.get_by_role("heading", name="Your recovery codes", level=1)).to_be_visible()
    expect(page.get_by_text("Two-factor is on.")).to_be_visible()
    expect(page.get_by_test_id("recovery-code")).to_have_count(10)
    check(page)

    page.goto(live_server.url + "/accounts/2fa/")
    expect(page.get_by_test_id("authenticator-app")).to_contain_text("On")
    expect(page.get_by_role("link", name="See your codes")).to_be_visible()
    check(page)

    # The pages around it wear the same clothes.
    page.goto(live_server.url + "/accounts/sessions/")
    expect(page.get_by_role("heading", name="Where you're logged in", level=1)).to_be_visible()
    device = page.get_by_test_id("session").first
    expect(device).to_contain_text(re.compile(r"\w on Linux"))
    expect(device).not_to_contain_text("Mozilla")
    check(page)
    for path, heading in [
        ("/accounts/password/change/", "Change your password"),
        ("/accounts/email/", "Your email address"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        check(page)

    # The next log-in asks for the code, on a page of ours.
    page.get_by_role("button", name="Log out").first.click()
    # The log-out first clears this device's waiting wins (static/js/offline.js), then navigates.
    expect(page.get_by_role("link", name="Create your journal")).to_be_visible()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="One more step", level=1)).to_be_visible()
    check(page)
    page.get_by_label("Code from your authenticator app").fill(current_totp(secret))
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def test_two_factor_offers_the_confirmation_link_and_the_link_brings_you_back(live_server, page, mailoutbox):
    person = make_user("kit@example.com", display_name="Kit")
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=False)
    log_in(page, live_server, person)
    page.goto(live_server.url + "/accounts/2fa/")
    expect(page.get_by_role("heading", name="First, confirm your email address")).to_be_visible()
    expect(page.get_by_role("link", name="Set up an authenticator app")).to_have_count(0)
    check(page)

    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_text("We sent a link to kit@example.com.")).to_be_visible()
    check(page)
    assert len(mailoutbox) == 1

    page.goto(live_server.url + emailed_link(mailoutbox[0]))
    expect(page.get_by_role("heading", name="Confirm your email address", level=1)).to_be_visible()
    check(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(live_server.url + "/accounts/2fa/")
    expect(page.get_by_role("link", name="Set up an authenticator app")).to_be_visible()
    expect(page.get_by_text("First, confirm your email address")).to_have_count(0)
    check(page)


def test_an_ally_who_signs_up_from_an_invitation_lands_in_the_space_and_starts_there(
    live_server, browser, page, mailoutbox
):
    owner = make_user("alice@example.com", display_name="Alice")
    make_win(owner, "Walked around the block", shared_with_allies=True)
    _, token = services.invitation_create(owner=owner, email="robin@example.com", base_url=live_server.url)
    invite_url = f"{live_server.url}/invite/{token}/"

    # Robin opens the invitation on a laptop and signs up from it.
    page.goto(invite_url)
    page.get_by_role("link", name="create a free account").click()
    page.get_by_label("What should we call you?").fill("Robin")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()

    # ...and follows the emailed link on a phone, where the laptop's session is not.
    phone_context = browser.new_context()
    phone = phone_context.new_page()
    phone.set_default_timeout(10_000)
    phone.goto(live_server.url + emailed_link(mailoutbox[-1]))
    phone.get_by_role("button", name="Confirm").click()
    expect(phone).to_have_url(invite_url)
    expect(phone.get_by_role("heading", name="Alice invited you to be an ally", level=1)).to_be_visible()
    check(phone)
    phone.get_by_role("link", name="log in").click()
    phone.get_by_label("Email").fill("robin@example.com")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()
    expect(phone).to_have_url(invite_url)
    phone.get_by_role("button", name="Accept").click()
    expect(phone.get_by_role("heading", name="Alice's shared space", level=1)).to_be_visible()
    expect(phone.get_by_text("Walked around the block")).to_be_visible()
    check(phone)
    space_url = phone.url

    # Robin keeps no journal of their own, so the next log-in opens Alice's space.
    phone.get_by_role("button", name="Log out").first.click()
    expect(phone.get_by_role("link", name="Create your journal")).to_be_visible()
    log_in(phone, live_server, AllyLink.objects.get().ally)
    expect(phone).to_have_url(space_url)

    # Alice ends it; Robin's next visit gets the kind page, which names nobody.
    services.ally_remove(link=AllyLink.objects.get())
    response = phone.goto(space_url)
    assert response.status == 404
    expect(phone.get_by_role("heading", name="You no longer have access to this space", level=1)).to_be_visible()
    expect(phone.get_by_text("Alice")).to_have_count(0)
    expect(phone.get_by_text("Walked around the block")).to_have_count(0)
    check(phone)
    phone_context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_allauth_page_passes_axe_in_both_colour_schemes(live_server, browser, scheme):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    person = make_user("sam@example.com", verified=True, display_name="Sam")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10_000)
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/login/code/"]:
        page.goto(live_server.url + path)
        check(page)

    log_in(page, live_server, person)
    page.goto(live_server.url + "/accounts/2fa/totp/activate/")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app", level=1)).to_be_visible()
    check(page)
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    RecoveryCodes.activate(person)
    pages = [
        "/accounts/2fa/",
        "/accounts/2fa/recovery-codes/",
        "/accounts/2fa/recovery-codes/generate/",
        "/accounts/2fa/totp/deactivate/",
        "/accounts/sessions/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/reauthenticate/",
        "/accounts/2fa/reauthenticate/",
        f"/allies/{AllyLink._meta.get_field('code').default()}/",
    ]
    for path in pages:
        page.goto(live_server.url + path)
        expect(page).to_have_url(live_server.url + path)  # not sent on to confirm the password again
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check(page)

    page.get_by_role("button", name="Log out").first.click()
    # The log-out first clears this device's waiting wins (static/js/offline.js), then navigates.
    expect(page.get_by_role("link", name="Create your journal")).to_be_visible()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="One more step", level=1)).to_be_visible()
    check(page)
    context.close()
