"""What every page's templates may ask about the person: whether "Share with my allies" means anything yet.

`can_share_wins` is lazy: the one query behind it runs only on a page that
draws one of the person's wins with its "More" actions (journal/_win.html),
and at most once per page, however many wins it draws.
"""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from allies import api as allies_api


def sharing(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_share_wins": False}
    return {"can_share_wins": SimpleLazyObject(lambda: allies_api.has_allies(user))}
