"""Reflections typed while the session ended: kept for their writer, restored or offered when they are back.

A post carrying the writer's signed token for its week is kept as a KeptDraft row
for that writer; the browser's session holds only a random name that finds it
again. Back in that browser, the draft is saved into the week's reflection when
that loses nothing, and offered beside the saved one otherwise (/week/<day>/draft/).
"""

import datetime
import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import User

from .. import weeks
from ..forms_timeline import KeptDraftForm, ReflectionForm
from ..models import KeptDraft
from ._weeks import day_or_404, week_url

# The session of a browser that sent a reflection after its session ended holds only
# this random name for its kept drafts.
DRAFT_HOLDER_KEY = "journal.draft_holder"


def keep_draft_and_log_in(request: HttpRequest, day: datetime.date) -> HttpResponse:
    """The session ended while someone was writing: keep their words for them, then ask them to log in.

    Only a post with the writer's signed token for this week is kept. Anything else is not.
    """
    form = ReflectionForm(request.POST)
    writer = form.cleaned_data["writer"] if form.is_valid() else None
    # The account may have gone since the page was drawn (deleted in another tab).
    if writer is not None and day in weeks.Week(writer.week_start) and User.objects.filter(pk=writer.user_id).exists():
        holder = request.session.get(DRAFT_HOLDER_KEY)
        if not holder:
            holder = request.session[DRAFT_HOLDER_KEY] = secrets.token_urlsafe(24)
            # Said once per browser, however many times an autosave arrives.
            messages.info(request, "You were logged out, so we kept your reflection safe. Log in and we'll save it.")
        KeptDraft.keep(
            owner_id=writer.user_id,
            week_start=writer.week_start,
            holder=holder,
            based_on=writer.based_on,
            answers=form.answers(),
        )
    login_url = f"{reverse('account_login')}?{urlencode({'next': week_url(day)})}"
    if request.htmx:
        return HttpResponseClientRedirect(login_url)
    return redirect(login_url)


def restore_kept_draft(request: HttpRequest, week: weeks.Week) -> KeptDraft | None:
    """Save this week's kept draft into its reflection if that loses nothing; otherwise return it, to offer."""
    holder = request.session.get(DRAFT_HOLDER_KEY)
    if not holder:
        return None
    held = list(KeptDraft.held_by(holder))
    # Words someone else kept in this browser before this person logged in: never theirs to see.
    others = [draft.pk for draft in held if draft.owner_id != request.user.pk]
    if others:
        KeptDraft.objects.filter(pk__in=others).delete()
    mine = [draft for draft in held if draft.owner_id == request.user.pk]
    if not mine:
        del request.session[DRAFT_HOLDER_KEY]
        return None
    draft = next((draft for draft in mine if draft.week_start == week.start), None)
    if draft is None:
        return None  # kept for their own weeks' pages
    if not draft.restore():
        return draft
    messages.success(request, "Welcome back. We saved the reflection you were writing.")
    if len(mine) == 1:
        del request.session[DRAFT_HOLDER_KEY]
    return None


def kept_draft_offer(draft: KeptDraft, week: weeks.Week) -> dict:
    """What the week page shows of a kept draft beside the saved reflection: each answer with its prompt."""
    fields = ReflectionForm.base_fields
    answers = draft.clean_answers
    return {
        "rows": [(fields[name].label, answers[name]) for name in fields if name in answers and name != "proud"],
        "proud": answers["proud"],
        "form": KeptDraftForm(),
        "action": reverse("week_draft", args=[week.start.isoformat()]),
    }


@login_required
@require_POST
def week_draft(request: HttpRequest, day: str) -> HttpResponse:
    """/week/YYYY-MM-DD/draft/: use a kept draft instead of the saved reflection, or let it go."""
    week = weeks.Week.containing(day_or_404(day), request.user.week_starts_on)
    holder = request.session.get(DRAFT_HOLDER_KEY) or ""
    draft = KeptDraft.held_by(holder).filter(owner=request.user, week_start=week.start).first()
    form = KeptDraftForm(request.POST)
    if draft is None or not form.is_valid():
        messages.info(request, "That draft has already been saved or let go.")
    elif form.cleaned_data["choice"] == KeptDraftForm.USE:
        draft.use()
        messages.success(request, "Done. Your reflection now holds the words you wrote while logged out.")
    else:
        draft.delete()
        messages.success(request, "Let go. Your saved reflection stays as it is.")
    if holder and not KeptDraft.held_by(holder).filter(owner=request.user).exists():
        del request.session[DRAFT_HOLDER_KEY]
    return redirect(week_url(week.start) + "#reflection")
