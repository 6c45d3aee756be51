import re

import pytest
from playwright.sync_api import expect

from journal.models import Win
from tests.browser.conftest import assert_accessible, assert_crisis_link, log_in, open_more
from tests.factories import PASSWORD, make_ally_link, make_user, make_win
from tests.helpers import confirmation_link

pytestmark = pytest.mark.django_db(transaction=True)


def _watch_csp(page) -> list:
    refused = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    return refused


def test_an_owner_invites_an_ally_who_signs_up_accepts_leaves_a_note_and_is_removed(
    live_server, page, browser, mailoutbox
):
    owner = make_user("alice@example.com", display_name="Alice")
    make_win(owner, "Walked around the block", shared_with_allies=True)
    make_win(owner, "Private thing I only tell my journal", shared_with_allies=False)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)

    # Alice invites Robin and copies the link.
    log_in(page, live_server, owner)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Allies").click()
    expect(page.get_by_role("heading", name="Allies", level=1)).to_be_visible()
    assert_crisis_link(page)
    assert_accessible(page)
    page.get_by_label("Email").fill("robin@example.com")
    page.get_by_label("A personal message").fill("You always notice the small things.")
    page.get_by_role("button", name="Send invite").click()
    invite_link = page.get_by_test_id("invite-link")
    expect(invite_link).to_be_visible()
    link = invite_link.inner_text().strip()
    assert re.fullmatch(re.escape(live_server.url) + r"/invite/[A-Za-z0-9_-]{40,}/", link), link
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Copied. Paste it into a message.")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    assert_accessible(page)

    # Robin opens it in a browser of their own, signs up and accepts.
    robin_context = browser.new_context()
    robin = robin_context.new_page()
    robin.set_default_timeout(10_000)
    refused = _watch_csp(robin)
    robin.goto(link)
    expect(robin.get_by_role("heading", name="Alice invited you to be an ally", level=1)).to_be_visible()
    expect(robin.get_by_text("You always notice the small things.")).to_be_visible()
    assert_crisis_link(robin)
    assert_accessible(robin)
    robin.get_by_role("link", name="create a free account").click()
    expect(robin).to_have_url(re.compile(r"/accounts/signup/"))
    assert_accessible(robin)
    robin.get_by_label("What should we call you?").fill("Robin")
    robin.get_by_label("Email").fill("robin@example.com")
    robin.get_by_label("Password").fill(PASSWORD)
    robin.get_by_role("button", name="Create account").click()
    expect(robin.get_by_role("heading", name="Check your email", level=1)).to_be_visible()
    robin.goto(live_server.url + confirmation_link(mailoutbox[-1]))
    robin.get_by_role("button", name="Confirm").click()
    expect(robin).to_have_url(link)
    assert_accessible(robin)
    # The invitation was emailed to robin@, and following the sign-up link proved the address is Robin's.
    expect(robin.get_by_role("button", name="Send me a verification email")).to_have_count(0)
    robin.get_by_role("button", name="Accept").click()

    expect(robin.get_by_role("heading", name="Alice's shared space", level=1)).to_be_visible()
    space_url = robin.url
    expect(robin.get_by_text("Walked around the block")).to_be_visible()
    expect(robin.get_by_text("Private thing I only tell my journal")).to_have_count(0)
    expect(robin.get_by_text("What have you noticed? Can you see me changing?")).to_be_visible()
    assert_accessible(robin)
    robin.get_by_label(re.compile("^What I've noticed")).fill("You went outside even when it was hard.")
    robin.get_by_role("button", name="Leave note").click()
    expect(robin.get_by_text("Thank you. Your note is with Alice.")).to_be_visible()
    expect(robin.get_by_test_id("my-note")).to_contain_text("You went outside even when it was hard.")
    assert_accessible(robin)

    # Alice finds the note on her week.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Week").click()
    note = page.get_by_test_id("ally-note")
    expect(note).to_have_count(1)
    expect(note).to_contain_text("You went outside even when it was hard.")
    expect(note).to_contain_text("Robin")
    assert_accessible(page)

    # Alice sees when Robin looked, then removes Robin, with a confirmation step.
    page.goto(live_server.url + "/allies/")
    expect(page.get_by_test_id("last-look")).to_contain_text(re.compile(r"looked on \w+ at \d\d:\d\d"))
    page.get_by_role("button", name="Remove ally").click()
    expect(page.get_by_role("heading", name="Remove Robin as your ally?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Remove ally").click()
    expect(page.get_by_text("Robin is no longer your ally")).to_be_visible()
    expect(page.get_by_test_id("ally")).to_have_count(0)
    expect(page.get_by_test_id("ally-note")).to_contain_text("You went outside even when it was hard.")
    assert_accessible(page)

    # Robin's very next page load is a 404, with a kind page that names nobody.
    response = robin.goto(space_url)
    assert response.status == 404
    expect(robin.get_by_role("heading", name="You no longer have access to this space")).to_be_visible()
    expect(robin.get_by_text("Alice")).to_have_count(0)
    expect(robin.get_by_text("Walked around the block")).to_have_count(0)
    assert_accessible(robin)
    assert refused == [], refused
    robin_context.close()


def test_inviting_works_without_javascript_and_the_link_stays_selectable(live_server, browser):
    owner = make_user("alice@example.com", display_name="Alice")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, owner)
    page.goto(live_server.url + "/allies/")
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_role("button", name="Send invite").click()
    expect(page.get_by_text("That's your own address.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("alice@example.com")

    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_role("button", name="Send invite").click()
    expect(page.get_by_test_id("invite-link")).to_contain_text(live_server.url + "/invite/")
    expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    expect(page.get_by_test_id("pending-invitation")).to_contain_text("sam@example.com")
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_text("Cancelled. The link you sent to sam@example.com no longer works.")).to_be_visible()
    context.close()


def test_an_ally_edits_and_deletes_a_note_and_can_step_back(live_server, page):
    from tests.factories import make_ally_link, make_ally_note

    owner = make_user("alice@example.com", display_name="Alice")
    ally = make_user("bob@example.com", display_name="Bob")
    link = make_ally_link(owner, ally, scope="notes_only")
    make_ally_note(owner, ally, "You laughed more this week")
    make_win(owner, "Shared but Bob sees notes only", shared_with_allies=True)

    log_in(page, live_server, ally)
    page.goto(live_server.url + "/allies/")
    page.get_by_role("link", name="Alice's shared space").click()
    expect(page.get_by_text("Alice shares notes with you, not wins.")).to_be_visible()
    expect(page.get_by_text("Shared but Bob sees notes only")).to_have_count(0)
    page.get_by_role("link", name="Edit").click()
    assert_accessible(page)
    page.get_by_label(re.compile("^What I've noticed")).fill("You laughed a lot more this week")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_test_id("my-note")).to_contain_text("You laughed a lot more this week")
    page.get_by_test_id("my-note").get_by_role("button", name="Delete").click()
    expect(page.get_by_test_id("my-note")).to_have_count(0)

    page.get_by_role("button", name="Stop being an ally").click()
    assert_accessible(page)
    page.get_by_role("button", name="Stop being an ally").click()
    expect(page.get_by_text("You're no longer Alice's ally.")).to_be_visible()
    assert page.goto(f"{live_server.url}/allies/{link.code}/").status == 404


def test_the_owner_shares_a_win_from_today_and_the_ally_sees_it(live_server, page, browser):
    from tests.factories import make_ally_link

    owner = make_user("alice@example.com", display_name="Alice")
    ally = make_user("bob@example.com", display_name="Bob")
    link = make_ally_link(owner, ally)
    make_win(owner, "Answered one email")

    log_in(page, live_server, owner)
    win = page.get_by_test_id("win").filter(has_text="Answered one email")
    open_more(win).get_by_role("button", name="Share with my allies").click()
    stop = page.get_by_test_id("win").filter(has_text="Answered one email").get_by_role("button", name="Stop sharing")
    expect(stop).to_have_attribute("aria-pressed", "true")
    assert_accessible(page)

    ally_context = browser.new_context()
    ally_page = ally_context.new_page()
    log_in(ally_page, live_server, ally)
    ally_page.goto(f"{live_server.url}/allies/{link.code}/")
    expect(ally_page.get_by_test_id("shared-win")).to_have_text(re.compile("Answered one email"))

    stop.click()
    expect(page.get_by_role("button", name="Share with my allies")).to_have_attribute("aria-pressed", "false")
    ally_page.reload()
    expect(ally_page.get_by_test_id("shared-win")).to_have_count(0)
    ally_context.close()


def test_keyboard_focus_stays_on_the_share_toggle(live_server, page):
    owner = make_user("alice@example.com", display_name="Alice")
    make_ally_link(owner, make_user("bob@example.com", display_name="Bob"))
    make_win(owner, "Answered one email")
    log_in(page, live_server, owner)
    open_more(page.get_by_test_id("win"))
    button = page.get_by_role("button", name="Share with my allies")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Stop sharing")).to_be_focused()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_the_owner_shares_and_stops_sharing_a_win_from_the_week_page(live_server, browser, javascript):
    owner = make_user("alice@example.com", display_name="Alice")
    make_ally_link(owner, make_user("bob@example.com", display_name="Bob"))
    make_win(owner, "Answered one email")
    make_win(owner, "Watered the plants")
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, live_server, owner)
    page.goto(f"{live_server.url}/week/")

    win = page.get_by_test_id("win").filter(has_text="Watered the plants")
    open_more(win).get_by_role("button", name="Share with my allies").click()
    # Without JavaScript the page comes back whole, its "More" closed again.
    expect(win.get_by_text("Shared with allies")).to_be_visible()
    expect(open_more(win).get_by_role("button", name="Stop sharing")).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(re.compile(r"/week/$"))
    if javascript:  # axe runs in the page, so it needs JavaScript; the markup is the same without
        assert_accessible(page)
    assert Win.objects.get(text="Watered the plants").shared_with_allies is True
    assert Win.objects.get(text="Answered one email").shared_with_allies is False

    open_more(win).get_by_role("button", name="Stop sharing").click()
    expect(open_more(win).get_by_role("button", name="Share with my allies")).to_have_attribute("aria-pressed", "false")
    expect(win.get_by_text("Shared with allies")).to_be_hidden()
    assert Win.objects.get(text="Watered the plants").shared_with_allies is False
    context.close()
