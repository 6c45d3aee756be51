"""Headers WhiteNoise adds to particular files (settings.WHITENOISE_ADD_HEADERS_FUNCTION)."""


def static_headers(headers, path: str, url: str) -> None:
    if url == "/sw.js":
        # Never kept stale or immutable: a new version must be able to replace the service worker.
        headers["Cache-Control"] = "no-cache"
