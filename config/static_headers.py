"""Headers WhiteNoise adds to particular files (settings.WHITENOISE_ADD_HEADERS_FUNCTION)."""


def static_headers(headers, path: str, url: str) -> None:
    if url in ("/sw.js", "/sw-push.js"):
        # Service worker scripts: never kept stale or immutable, so a new version can replace them.
        headers["Cache-Control"] = "no-cache"
