"""My safety plan (/safety-plan/): written in the person's own words, saved as they type, printable.

Like the weekly reflection, the form saves itself as the person types (HTMX) and
with its button (a plain POST, then a redirect), and a post that arrives after
the session ended is kept for its writer until they log in again in that
browser (see SafetyPlan.keep).
"""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from accounts.models import User
from crisis.resources import country_help

from ..forms_safety_plan import KeptPlanForm, MoreRowsForm, SafetyPlanForm, line_on_offer
from ..models import SAFETY_PLAN_STEPS, SafetyPlan

# The session of a browser that sent the plan after its session ended holds only this random name.
PLAN_HOLDER_KEY = "journal.plan_holder"


def plan_form(user, plan: SafetyPlan, data=None, *, more: str = "", focus: str = "") -> SafetyPlanForm:
    help_here = country_help(user.country)
    offer = line_on_offer(help_here.main_line if help_here else None, plan.answers)
    form = SafetyPlanForm(data, plan=plan, user=user, offer=offer, more=more)
    if focus in form.fields:
        form.fields[focus].widget.attrs["autofocus"] = True
    return form


def calls(user, plan: SafetyPlan) -> dict:
    """The numbers to call in one tap: the people and services in the plan, then the emergency number."""
    answers = plan.answers
    return {
        "contacts": [entry for name in ("ask_for_help", "professionals") for entry in answers[name] if entry["phone"]],
        "help_here": country_help(user.country),
    }


def _page(request: HttpRequest, plan: SafetyPlan, form: SafetyPlanForm, *, kept: dict | None = None, status=200):
    ctx = {
        "plan": plan,
        "form": form,
        "blocks": form.blocks(),
        "saved_at": plan.updated_at if plan.pk else None,
        "kept": _kept_offer(kept) if kept is not None else None,
        **calls(request.user, plan),
    }
    return render(request, "journal/safety_plan.html", ctx, status=status)


def _kept_offer(kept: dict) -> dict:
    return {
        "steps": [(step, kept[step.name]) for step in SAFETY_PLAN_STEPS if kept[step.name]],
        "form": KeptPlanForm(),
    }


def _restore_kept(request: HttpRequest, plan: SafetyPlan) -> dict | None:
    """Save the words kept in this browser into the plan when that loses nothing; otherwise return them, to offer."""
    holder = request.session.get(PLAN_HOLDER_KEY)
    if not holder or not plan.pk:
        return None
    kept = plan.kept_for(holder)
    if kept is None:
        # Someone else's words, or old ones: never shown here.
        del request.session[PLAN_HOLDER_KEY]
        return None
    if not plan.can_take_kept_safely(kept):
        return kept
    plan.use_kept(kept)
    del request.session[PLAN_HOLDER_KEY]
    messages.success(request, "Welcome back. We saved the safety plan you were writing.")
    return None


def _keep_and_log_in(request: HttpRequest) -> HttpResponse:
    """The session ended while someone was writing their plan: keep their words for them, then ask them to log in."""
    form = SafetyPlanForm(request.POST, plan=SafetyPlan())
    form.is_valid()
    writer = form.cleaned_data.get("writer")
    if writer is not None and User.objects.filter(pk=writer.user_id).exists():
        holder = request.session.get(PLAN_HOLDER_KEY)
        if not holder:
            holder = request.session[PLAN_HOLDER_KEY] = secrets.token_urlsafe(24)
            messages.info(request, "You were logged out, so we kept your safety plan safe. Log in and we'll save it.")
        SafetyPlan.keep(owner_id=writer.user_id, holder=holder, based_on=writer.based_on, answers=form.words_as_typed())
    login_url = f"{reverse('account_login')}?{urlencode({'next': reverse('safety_plan')})}"
    if request.htmx:
        return HttpResponseClientRedirect(login_url)
    return redirect(login_url)


def _save(request: HttpRequest) -> HttpResponse:
    plan = SafetyPlan.for_owner(request.user)
    form = plan_form(request.user, plan, request.POST)
    if not form.is_valid():
        if request.htmx:
            words = " ".join(dict.fromkeys(e for errors in form.errors.values() for e in errors))
            ctx = {"status_error": f"Not saved yet: {words}"}
            return render(request, "journal/safety_plan.html#plan-status", ctx, status=422)
        form.focus_first_error()
        return _page(request, plan, form, status=200)
    more, added = form.cleaned_data["more"], form.cleaned_data["add_line"] and form.offer is not None
    plan = form.save()
    if not request.htmx:
        if added:
            messages.success(request, f"Added {form.offer['name']} to your plan. Your safety plan is saved.")
        else:
            messages.success(request, "Your safety plan is saved.")
        query = f"?{urlencode({'more': more})}" if more else ""
        anchor = f"#step-{more}" if more else ("#step-professionals" if added else "")
        return redirect(reverse("safety_plan") + query + anchor)
    # The answer updates the status, the one-tap numbers and the printable copy. It never draws again the rows
    # the person may be typing in while it travels: "Add another" adds one empty row below theirs, and the
    # crisis line fills the first blank row (or a new one); either way the cursor goes to that row.
    ctx = {"saved_at": plan.updated_at, "plan": plan, **calls(request.user, plan)}
    if more or added:
        ctx.update(_new_row(request, plan, form, step="professionals" if added else more, added=added))
    return render(request, "journal/safety_plan.html#plan-saved", ctx)


def _new_row(request: HttpRequest, plan: SafetyPlan, sent: SafetyPlanForm, *, step: str, added: bool) -> dict:
    """The row a button asked for, drawn at its place among the rows on the page, with the step's buttons."""
    data = request.POST.copy()
    data.pop("add_line", None)
    index = sent.row_for_line() if added else sent.rows[step]
    if added:
        data[f"{step}-{index}-name"], data[f"{step}-{index}-phone"] = sent.offer["name"], sent.offer["phone"]
    grown = plan_form(request.user, plan, data, more="" if added else step, focus=f"{step}-{index}-name")
    block = grown.block(step)
    rows = block["rows"]
    return {
        "block": block,
        # At the most rows a step holds, "Add another" has no row to add: only its buttons change.
        "new_row": rows[index] if index < len(rows) else None,
        "replaces_row": index < sent.rows[step],
    }


@never_cache
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "HEAD", "POST"])
def safety_plan(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not request.user.is_authenticated:
            return _keep_and_log_in(request)
        return _save(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    plan = SafetyPlan.for_owner(request.user)
    kept = _restore_kept(request, plan)
    form = plan_form(request.user, plan, more=MoreRowsForm(request.GET).step())
    return _page(request, plan, form, kept=kept)


@login_required
@require_POST
def safety_plan_kept(request: HttpRequest) -> HttpResponse:
    """/safety-plan/kept/: use the words kept while logged out instead of the saved plan, or let them go."""
    plan = SafetyPlan.objects.filter(owner=request.user).first()
    holder = request.session.pop(PLAN_HOLDER_KEY, "")
    kept = plan.kept_for(holder) if plan is not None else None
    form = KeptPlanForm(request.POST)
    if kept is None or not form.is_valid():
        messages.info(request, "Those words have already been saved or let go.")
    elif form.cleaned_data["choice"] == KeptPlanForm.USE:
        plan.use_kept(kept)
        messages.success(request, "Done. Your plan now holds the words you wrote while logged out.")
    else:
        plan.let_kept_go()
        messages.success(request, "Let go. Your saved plan stays as it is.")
    return redirect("safety_plan")
