from django.contrib import admin
from django.db import models

from .models import Goal, Reflection, Win

# Support staff see shapes, not words: no win text, reflection answers or goal
# names on the list pages or the change pages (the models' __str__ holds no
# words either, for breadcrumbs, delete pages and the admin's history).


@admin.register(Win)
class WinAdmin(admin.ModelAdmin):
    list_display = ["code", "owner", "category", "occurred_on", "created_at"]
    list_filter = ["category"]
    raw_id_fields = ["owner"]
    exclude = ["text"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["owner", "week_start", "updated_at"]
    raw_id_fields = ["owner"]
    # Every answer is a TextField, including any question added later.
    exclude = [field.name for field in Reflection._meta.fields if isinstance(field, models.TextField)]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["code", "owner", "category", "days", "paused_at", "created_at"]
    list_filter = ["category"]
    raw_id_fields = ["owner"]
    exclude = ["text"]
