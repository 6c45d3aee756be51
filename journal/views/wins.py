"""All wins (/wins/, found by words, category, mood and day) and one win's page, edit, delete, undo and share."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap

from .. import care
from ..forms import EditWinForm, ShareForm, WinFilterForm
from ..models import Win
from ._htmx import next_url, partial_or_redirect

WINS_PER_PAGE = 50
UNDO_SESSION_KEY = "journal.undo_win"


def get_win_for_owner(request: HttpRequest, code, *, include_deleted: bool = False) -> Win:
    """The person's own win, or 404: someone else's win looks exactly like one that doesn't exist."""
    wins = Win.all_objects if include_deleted else Win.objects
    return get_object_or_404(wins, code=code, owner=request.user)


def pop_undo(request: HttpRequest) -> Win | None:
    """A win just deleted without JavaScript, so the page can offer "Deleted. Undo"."""
    code = request.session.pop(UNDO_SESSION_KEY, None)
    if code is None:
        return None
    return Win.all_objects.owned_by(request.user).filter(code=code, deleted_at__isnull=False).first()


def _item_ctx(request: HttpRequest, win: Win, next_page: str, *, focus: bool = False) -> dict:
    """What journal/_win.html needs to draw one of the owner's wins with its actions."""
    return {
        "win": win,
        "editable": True,
        "next": next_page,
        # All wins shows every day; Today shows it only for a win just moved to another day.
        "show_date": next_page.startswith(reverse("wins")) or win.occurred_on != request.user.local_today(),
        "autofocus": focus,
    }


@login_required
@require_safe
@vary_on_headers("HX-Request")
def wins(request: HttpRequest) -> HttpResponse:
    filters = WinFilterForm(request.GET)
    found = filters.apply(Win.objects.owned_by(request.user)).order_by("-occurred_on", "-created_at", "-id")
    page = Paginator(found, WINS_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {
        "filters": filters,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "next": request.get_full_path(),
        "undo_win": None if request.htmx else pop_undo(request),
    }
    template = "journal/wins.html#results-response" if request.htmx else "journal/wins.html"
    return render(request, template, ctx)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def win_detail(request: HttpRequest, code) -> HttpResponse:
    win = get_win_for_owner(request, code)
    ctx = _item_ctx(request, win, next_url(request, reverse("wins")), focus=bool(request.htmx))
    if request.htmx:
        return render(request, "journal/_win.html", ctx)
    return render(request, "journal/win.html", ctx)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def win_edit(request: HttpRequest, code) -> HttpResponse:
    win = get_win_for_owner(request, code)
    back = next_url(request, reverse("wins"))
    before = win.text
    posted = request.method == "POST"
    form = EditWinForm(
        request.POST if posted else None, request.FILES if posted else None, instance=win, owner=request.user
    )
    if form.is_bound and form.is_valid():
        win = form.save()
        card = care.card_for(before, win.text)
        ctx = {**_item_ctx(request, win, back, focus=True), "edit_card": card}
        if not request.htmx:
            care.carry(request, card)
        return partial_or_redirect(request, "journal/_win.html", ctx, message="Saved. Your win is up to date.", to=back)
    ctx = {"win": win, "form": form, "next": back, "inline": bool(request.htmx)}
    if not request.htmx:
        return render(request, "journal/win_edit.html", ctx)
    if not form.is_bound:
        form.fields["text"].widget.attrs["autofocus"] = True
        return render(request, "journal/win_edit.html#edit-form", ctx)
    form.focus_first_error()
    response = render(request, "journal/win_edit.html#edit-form", ctx, status=422)
    # The form lives inside the win's <li>: put the corrected form back in there.
    return reswap(response, "innerHTML")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def win_delete(request: HttpRequest, code) -> HttpResponse:
    win = get_win_for_owner(request, code)
    win.soft_delete()
    back = next_url(request, reverse("home"))
    if not request.htmx:
        # The page it goes back to offers "Deleted. Undo" in place of a message.
        request.session[UNDO_SESSION_KEY] = str(win.code)
    return partial_or_redirect(
        request, "journal/_win.html", _item_ctx(request, win, back, focus=True), message="", to=back
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def win_undo(request: HttpRequest, code) -> HttpResponse:
    win = get_win_for_owner(request, code, include_deleted=True)
    win.restore()
    back = next_url(request, reverse("home"))
    ctx = _item_ctx(request, win, back, focus=True)
    return partial_or_redirect(request, "journal/_win.html", ctx, message="Restored. Your win is back.", to=back)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def win_share(request: HttpRequest, code) -> HttpResponse:
    """Switch "Share with my allies" on one of your own wins (at /allies/share/<code>/, where allies see it)."""
    win = get_win_for_owner(request, code)
    form = ShareForm(request.POST, request=request)
    if form.is_valid():
        win.shared_with_allies = form.shared_after(win.shared_with_allies)
        win.save(update_fields=["shared_with_allies", "updated_at"])
    back = (form.is_valid() and form.cleaned_data["next"]) or "/"
    if win.shared_with_allies:
        message = "Shared. Your allies who see wins can see this one."
    else:
        message = "Only you can see this win now."
    ctx = {"win": win, "next": back}
    return partial_or_redirect(request, "journal/share_answer.html", ctx, message=message, to=back)
