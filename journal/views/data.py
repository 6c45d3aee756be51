"""/account/data/: download the journal as JSON or CSV, or bring a file in (journal/portability/).

An import is a job for the task worker (journal/portability/jobs.py): the
upload is checked quickly and saved, then /account/data/imports/<code>/ shows
its progress (the page's "import" region, polled by htmx every second, or a
Refresh link) and at the end the same words as the page itself.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from ..models import ImportJob
from ..portability import export
from ..portability.forms import ImportForm
from ..portability.jobs import start_import
from ..words import IMPORT_BUSY


def _data_page(request: HttpRequest, form: ImportForm, job: ImportJob | None) -> HttpResponse:
    """The page (or its import region, to htmx) with `job`'s progress or outcome beside the form."""
    if job is not None and job.is_finished:
        if job.status != ImportJob.Status.DONE and not form.is_bound:
            form.show_refusal(job.refusal)
        job.mark_shown()
    ctx = {"form": form, "job": job, "polling": job is not None and job.is_active and not form.errors}
    template = "journal/data.html#import" if request.htmx else "journal/data.html"
    return render(request, template, ctx, status=422 if form.errors and request.htmx and form.is_bound else 200)


@login_required
@sensitive_post_parameters()
@vary_on_headers("HX-Request")
def account_data(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None, user=request.user)
    if posted and form.is_valid():
        job = start_import(
            owner=request.user,
            kind=form.cleaned_data["kind"],
            data=form.cleaned_data["data"],
            restore_settings=form.cleaned_data["restore_settings"],
        )
        if job is not None:
            return redirect("account_import", code=job.code)
        form.add_error("file", IMPORT_BUSY)  # another upload got there first
    mine = ImportJob.objects.filter(owner=request.user).order_by("-created_at", "-pk")
    job = mine.first()
    if job is not None and not job.is_active and (form.is_bound or job.shown_at is not None):
        job = None  # an outcome is shown once, like any message; a form with its own errors says enough
    return _data_page(request, form, job)


@login_required
@require_safe
@vary_on_headers("HX-Request")
def account_import(request: HttpRequest, code) -> HttpResponse:
    """One import's progress, then how it went; another person's import is a 404."""
    job = get_object_or_404(ImportJob, code=code, owner=request.user)
    return _data_page(request, ImportForm(user=request.user), job)


def _download(request: HttpRequest, chunks, *, content_type: str, extension: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    filename = export.export_filename(request.user, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def export_json(request: HttpRequest) -> StreamingHttpResponse:
    chunks = export.export_json(request.user)
    return _download(request, chunks, content_type="application/json; charset=utf-8", extension="json")


@login_required
@require_safe
def export_safety_plan_csv(request: HttpRequest) -> StreamingHttpResponse:
    chunks = export.export_safety_plan_csv(request.user)
    response = _download(request, chunks, content_type="text/csv; charset=utf-8", extension="csv")
    filename = f"small-wins-safety-plan-{request.user.local_today():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    chunks = export.export_csv(request.user)
    return _download(request, chunks, content_type="text/csv; charset=utf-8", extension="csv")
