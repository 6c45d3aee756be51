import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_crisis_link
from tests.factories import PASSWORD, make_user
from tests.helpers import confirmation_link

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_newcomer_signs_up_logs_out_and_logs_back_in(live_server, page, mailoutbox):
    page.goto(live_server.url + "/")
    assert_crisis_link(page)
    assert_accessible(page)

    page.get_by_role("link", name="Create your journal").click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    assert_crisis_link(page)
    assert_accessible(page)
    page.get_by_label("What should we call you?").fill("Robin")
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + confirmation_link(mailoutbox[-1]))
    expect(page.get_by_role("heading", name="Confirm your email address", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    assert_crisis_link(page)
    assert_accessible(page)

    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Account", level=1)).to_be_visible()
    assert_crisis_link(page)
    assert_accessible(page)

    page.get_by_role("button", name="Log out").first.click()
    expect(page.get_by_role("link", name="Create your journal")).to_be_visible()

    page.goto(live_server.url + "/accounts/login/")
    assert_crisis_link(page)
    assert_accessible(page)
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def test_sign_up_picks_the_browsers_time_zone(live_server, browser):
    context = browser.new_context(timezone_id="Pacific/Auckland")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_label("Your time zone")).to_have_value("Pacific/Auckland")
    context.close()


def test_a_wrong_password_gets_a_kind_message_and_keeps_the_email(live_server, page):
    make_user("sam@example.com")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("The email address and/or password you specified are not correct.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("sam@example.com")
    assert_accessible(page)


def test_password_reset_email_sets_a_new_password(live_server, page, mailoutbox):
    make_user("kai@example.com")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    assert_crisis_link(page)
    assert_accessible(page)
    page.get_by_label("Email").fill("kai@example.com")
    page.get_by_role("button", name=re.compile("Reset", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("check your email", re.I))

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mailoutbox[0].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("a brand new gentle password 7")
    page.get_by_label("New password (again)").fill("a brand new gentle password 7")
    page.get_by_role("button", name="Save new password").click()
    expect(page.get_by_role("heading", name="Your new password is set")).to_be_visible()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("kai@example.com")
    page.get_by_label("Password").fill("a brand new gentle password 7")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def test_a_code_by_email_logs_a_person_in_without_their_password(live_server, page, mailoutbox):
    make_user("noa@example.com")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Email me a log-in code").click()
    expect(page.get_by_role("heading", name="Log in with a code", level=1)).to_be_visible()
    assert_crisis_link(page)
    assert_accessible(page)
    page.get_by_label("Email").fill("noa@example.com")
    page.get_by_role("button", name="Email me a code").click()

    expect(page.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    assert_accessible(page)
    code = re.search(r"log in to Small Wins:\n\n(\S+)\n", mailoutbox[-1].body).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()


def test_the_crisis_page_works_without_javascript_or_an_account(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/crisis/")
    expect(page.get_by_text("988").first).to_be_visible()
    expect(page.get_by_text("741741").first).to_be_visible()
    assert page.locator('a[href^="tel:"]').count() >= 3
    assert page.locator('a[href^="sms:"]').count() >= 1
    context.close()


def test_the_crisis_page_is_accessible(live_server, page):
    page.goto(live_server.url + "/crisis/")
    assert_crisis_link(page)
    assert_accessible(page)


def test_a_person_changes_their_address_through_the_link_sent_to_the_new_one(live_server, page, mailoutbox):
    make_user("sam@example.com")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Change your email address").click()

    expect(page.get_by_role("heading", name="Your email address", level=1)).to_be_visible()
    expect(page.get_by_test_id("current-email")).to_have_text("sam@example.com")
    assert_crisis_link(page)
    assert_accessible(page)
    page.get_by_label("New email address").fill("sam.new@example.com")
    page.get_by_role("button", name="Send the link").click()
    # Changing the address asks for the password once more.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_test_id("pending-email")).to_contain_text("sam.new@example.com")
    expect(page.get_by_test_id("current-email")).to_have_text("sam@example.com")
    assert_accessible(page)

    page.goto(live_server.url + confirmation_link(mailoutbox[-1]))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_test_id("current-email")).to_have_text("sam.new@example.com")
    expect(page.get_by_test_id("pending-email")).to_have_count(0)
    expect(page.get_by_text("Thank you. sam.new@example.com is confirmed.")).to_be_visible()
