"""A person logged in to the benchmark's server through the real log-in form, CSRF and all."""

# Our own URLs on localhost:
# ruff: noqa: S310
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

# Kept in step with bench/seeding/people.py (bench/run.py runs outside Django).
PASSWORD = "small wins at scale"  # noqa: S105 (the synthetic people's published password)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Visitor:
    """One logged-in person: their cookies, as a header for wrk, and their CSRF token."""

    email: str
    cookie_header: str
    csrf_token: str
    opener: urllib.request.OpenerDirector = field(repr=False)

    def get(self, base: str, path: str, **headers) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(base + path, headers={"Cookie": self.cookie_header, **headers})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def log_in(base: str, email: str) -> Visitor:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    with opener.open(f"{base}/accounts/login/", timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("The log-in page has no CSRF field; has the form changed?")
    body = urllib.parse.urlencode({"login": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})
    try:
        opener.open(f"{base}/accounts/login/", data=body.encode(), timeout=30)
        raise SystemExit(f"Logging in as {email} did not redirect: is the benchmark data seeded?")
    except urllib.error.HTTPError as error:
        if error.code != 302:
            raise SystemExit(f"Logging in as {email} answered {error.code}") from None
    # Logging in rotates the CSRF token: fetch a page to hold the current one.
    with opener.open(f"{base}/", timeout=30) as response:
        response.read()
    cookies = {cookie.name: cookie.value for cookie in jar}
    if "sessionid" not in cookies or "csrftoken" not in cookies:
        raise SystemExit(f"Logging in as {email} gave no session: cookies were {sorted(cookies)}")
    header = f"sessionid={cookies['sessionid']}; csrftoken={cookies['csrftoken']}"
    return Visitor(email, header, cookies["csrftoken"], opener)
