"""What a browser downloads for the week page: at most 60 KB compressed on a first visit, only the HTML after.

Measured from what the app itself answers: the page's HTML (compressed as a proxy in front would),
and every file it names, as WhiteNoise serves it to a browser that takes brotli.
"""

import datetime
import gzip
import re
from html.parser import HTMLParser

import pytest

from journal import weeks
from journal.models import Category, Mood, Reflection
from tests.factories import make_ally_link, make_ally_note, make_user, make_win

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


class PageResources(HTMLParser):
    """The static files a browser fetches for a page (app icons and the manifest wait for an install)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        url = None
        if tag == "link" and found.get("rel") in {"stylesheet", "preload", "icon"}:
            url = found["href"]
        elif tag == "script" and found.get("src"):
            url = found["src"]
        elif tag in {"img", "use"}:
            url = found.get("src") or found.get("href")
        if url and url.startswith("/static/"):
            url = url.split("#")[0]
            if url not in self.urls:
                self.urls.append(url)


def static_files_of(html: str, client) -> dict[str, object]:
    """{url: response} for each static file the page names, and the files its stylesheets name."""
    parser = PageResources()
    parser.feed(html)
    responses = {}
    queue = list(parser.urls)
    while queue:
        url = queue.pop(0)
        if url in responses:
            continue
        responses[url] = response = client.get(url, headers=BROWSER)
        assert response.status_code == 200, url
        if url.endswith(".css"):
            css = b"".join(client.get(url).streaming_content).decode()
            base = url.rsplit("/", 1)[0]
            for ref in re.findall(r'url\("?([^")]+)"?\)', css):
                if not ref.startswith("data:"):
                    queue.append(re.sub(r"/[^/]+/\.\./", "/", f"{base}/{ref}"))
    return responses


@pytest.fixture
def busy_week(owner):
    """A full past week as a person keeps one: ten wins, moods, a hard day, an ally's note, a reflection."""
    start = weeks.week_start(owner.local_today(), owner.week_starts_on) - weeks.ONE_WEEK
    texts = [
        "Got out of bed before nine",
        "Drank a glass of water with breakfast",
        "Texted a friend that I was struggling",
        "Went for a short walk round the park",
        "Said no to an extra shift",
        "Rested without guilt after lunch",
        "Took my medication on time",
        "Named the feeling before it got big",
        "Made a proper dinner and sat down to eat it",
        "Called my sister and laughed about something silly",
    ]
    categories = list(Category)
    for i, text in enumerate(texts):
        make_win(
            owner,
            text,
            occurred_on=start + datetime.timedelta(days=i % 7),
            category=categories[i % len(categories)],
            mood=list(Mood)[i % 5],
            hard_day=i == 3,
            shared_with_allies=i % 3 == 0,
        )
    friend = make_user("robin@example.com")
    make_ally_link(owner, friend)
    make_ally_note(owner, friend, "I saw how you kept going on Thursday. Proud of you.", week_start=start)
    Reflection.objects.create(
        owner=owner,
        week_start=start,
        five_wins="Walks, water, the call with my sister",
        what_helped="Going to bed earlier",
        proud=True,
    )
    return f"/week/{start.isoformat()}/"


def test_the_week_pages_first_visit_weighs_at_most_60_kb_compressed(owner_client, busy_week):
    response = owner_client.get(busy_week)
    assert response.status_code == 200
    html = response.content
    statics = static_files_of(html.decode(), owner_client)
    sizes = {url: len(b"".join(r.streaming_content)) for url, r in statics.items()}
    page = len(gzip.compress(html, compresslevel=6))
    total = page + sum(sizes.values())
    report = "\n".join(f"{size:>7,} {url}" for url, size in [("HTML (gzip 6)", page), *sizes.items()])
    print(f"\nweek page, first visit: {total:,} bytes compressed\n{report}")
    # The typeface (two faces), the stylesheet, the scripts and the icon sprite are all there.
    assert any(url.endswith(".woff2") for url in sizes), report
    assert any(url.endswith(".css") for url in sizes), report
    assert any(url.endswith(".js") for url in sizes), report
    assert any("/img/icons." in url for url in sizes), report
    assert total <= BUDGET, report


def test_a_repeat_visit_to_the_week_downloads_only_the_html(owner_client, busy_week):
    # Every file the page names has a content hash in its name and may be kept for good: a browser
    # that has seen it once never asks again, so only the page itself comes down a second time.
    statics = static_files_of(owner_client.get(busy_week).content.decode(), owner_client)
    assert statics
    for url, response in statics.items():
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), f"{url} has no content hash in its name"
        assert "immutable" in response["Cache-Control"], url
