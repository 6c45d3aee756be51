"""A device as a person would name it ("Firefox on Android"), from its User-Agent header.

The names come from ua-parser, whose rules (uap-core) are updated every month
and packaged as ua-parser-builtins. A hand-written list of a dozen patterns
named Vivaldi, Yandex and most in-app browsers "Chrome", and each new browser
would have needed a release of ours. On the page that asks "do you recognise
this device?", a wrong name is either a false alarm or a missed one.

ua-parser reads the header in pure Python and keeps the answers for the last
2,000 headers it read. It loads its rules on first use, which takes a moment:
config/wsgi.py has each web worker load them as it starts (warm_up below), so
nobody waits for that on their account page.
"""

import ua_parser

# ua-parser's names for the mobile or embedded build of a browser, as people call the browser itself.
_BROWSER_NAMES = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "HeadlessChrome": "Headless Chrome",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Mobile Safari": "Safari",
    "Edge Mobile": "Edge",
    "Opera Mobile": "Opera",
    "DuckDuckGo Mobile": "DuckDuckGo",
}
# A page opened inside another app (a link tapped in a chat or social app) has no browser name of its own.
_IN_APP = {"Chrome Mobile WebView", "Mobile Safari UI/WKWebView"}
_SYSTEM_NAMES = {"Mac OS X": "macOS", "Chrome OS": "ChromeOS"}
UNKNOWN = "An unknown browser or app"


def warm_up() -> None:
    """Load ua-parser's rules now rather than on the first page that names a device."""
    describe_device("")


def describe_device(user_agent: str) -> str:
    """ "Firefox on Android", "Chrome on Windows", "Safari on iPhone", "An app on Android"."""
    result = ua_parser.parse(user_agent or "")
    browser = result.user_agent.family if result.user_agent else None
    system = result.os.family if result.os else None
    if system == "iOS" and result.device and result.device.family in ("iPhone", "iPad", "iPod"):
        system = result.device.family
    system = _SYSTEM_NAMES.get(system, system) if system and system != "Other" else None
    if browser in _IN_APP:
        return f"An app on {system}" if system else "An app"
    browser = _BROWSER_NAMES.get(browser, browser) if browser and browser != "Other" else None
    if browser and system:
        return f"{browser} on {system}"
    if system:
        return f"A browser on {system}"
    return browser or UNKNOWN
