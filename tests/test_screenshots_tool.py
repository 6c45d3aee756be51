"""`make screenshots` (tools/screenshots.py) photographs pages that exist, as the demo person sees them."""

import pytest

from journal.management.commands.seed_demo import DEMO_EMAIL
from tools import screenshots

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(screenshots.PAGES))
def test_every_page_the_pictures_show_answers_a_signed_in_person(client, owner, name):
    client.force_login(owner)
    response = client.get(screenshots.PAGES[name], follow=True)
    assert response.status_code == 200, name


def test_the_pictures_cover_the_main_pages_on_a_phone_and_a_laptop_in_both_schemes():
    assert {"today", "week", "year", "look-back", "allies", "account", "crisis"} <= set(screenshots.PAGES)
    assert screenshots.DEVICES["phone"]["viewport"] == {"width": 390, "height": 844}
    assert screenshots.DEVICES["laptop"]["viewport"] == {"width": 1280, "height": 900}
    assert screenshots.SCHEMES == ("light", "dark")


def test_the_demo_person_the_pictures_log_in_as_is_the_one_seed_demo_makes():
    assert screenshots.DEMO_EMAIL == DEMO_EMAIL
