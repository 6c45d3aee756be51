"""Looking back (/look-back/): this month beside six months and a year ago, and evidence against the critic."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..evidence import critic_ally_notes, critic_evidence, read_critic
from ..forms_timeline import CriticForm
from ..models import Category
from ..summaries import look_back_months


@login_required
def look_back(request: HttpRequest) -> HttpResponse:
    owner = request.user
    months = look_back_months(owner, owner.local_today())
    rows = [
        (label, [look.categories.get(value, 0) for look in months])
        for value, label in Category.choices
        if any(look.categories.get(value) for look in months)
    ]

    critic_form = CriticForm(request.GET if "critic" in request.GET else None)
    critic = evidence = None
    evidence_total = 0
    ally_notes = []
    if critic_form.is_bound and critic_form.is_valid():
        critic = read_critic(critic_form.cleaned_data["critic"])
        evidence, evidence_total = critic_evidence(owner, critic)
        ally_notes = critic_ally_notes(owner, critic)

    ctx = {
        "months": months,
        "category_rows": rows,
        "critic_form": critic_form,
        "critic": critic,
        "evidence": evidence,
        "evidence_total": evidence_total,
        "evidence_ally_notes": ally_notes,
    }
    return render(request, "journal/look_back.html", ctx)
