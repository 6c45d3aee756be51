from django.contrib import admin

from .models import Goal, Reflection, Win


@admin.register(Win)
class WinAdmin(admin.ModelAdmin):
    # Journal text stays out of the admin list: support staff see shapes, not words.
    list_display = ["code", "owner", "category", "occurred_on", "created_at"]
    list_filter = ["category"]
    raw_id_fields = ["owner"]


@admin.register(Reflection)
class ReflectionAdmin(admin.ModelAdmin):
    list_display = ["owner", "week_start", "updated_at"]
    raw_id_fields = ["owner"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    # Like wins: the shape of a goal, not its words.
    list_display = ["code", "owner", "category", "days", "paused_at", "created_at"]
    list_filter = ["category"]
    raw_id_fields = ["owner"]
