"""The outbox and the task queue in the admin: what waits, what went, what the worker gave up on, and why.

Neither page shows an email's words or a task's arguments beyond ids.
"""

from django.contrib import admin, messages
from django.utils import timezone
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .models import Email
from .tasks import send_email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "attempts", "last_error", "created_at", "next_attempt_at", "sent_at")
    list_filter = ("status",)
    ordering = ["-created_at"]
    fields = ("id", "status", "attempts", "last_error", "created_at", "next_attempt_at", "sent_at", "recipients")
    readonly_fields = fields
    actions = ["try_again"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="recipients")
    def recipients(self, obj: Email) -> int:
        stored = obj.message
        return len(stored.get("to", [])) + len(stored.get("cc", [])) + len(stored.get("bcc", []))

    def has_try_again_permission(self, request) -> bool:
        return request.user.has_perm("background.change_email")

    @admin.action(description="Try the selected emails again now", permissions=["try_again"])
    def try_again(self, request, queryset) -> None:
        """For emails the worker gave up on (after the mail server is fixed): a fresh round of attempts."""
        chosen = list(queryset.filter(status__in=[Email.Status.GAVE_UP, Email.Status.WAITING]).exclude(message={}))
        Email.objects.filter(pk__in=[email.pk for email in chosen]).update(
            status=Email.Status.WAITING, attempts=0, next_attempt_at=timezone.now()
        )
        for email in chosen:
            send_email.enqueue(email.pk)
        self.message_user(request, f"{len(chosen)} queued again.", messages.SUCCESS)


class TaskResultAdmin(DBTaskResultAdmin):
    """django-tasks-db's page, with the failure's kind in the list (WillRetry, GaveUp: background/retry.py)."""

    list_display = (*DBTaskResultAdmin.list_display, "exception_class_path")
    list_filter = ("status", "exception_class_path", "queue_name")


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
