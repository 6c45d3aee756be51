from .resources import crisis_url


def crisis_link(request) -> dict:
    """Where "Need help now?" leads: the person's country page, else the list of every country."""
    # Lazy (templates call it), so a page that never shows the link never loads the user for it.
    return {"crisis_url": lambda: crisis_url(getattr(getattr(request, "user", None), "country", ""))}
