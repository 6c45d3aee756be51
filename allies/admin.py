from django.contrib import admin

from .models import AccessLog, AllyLink, AllyNote, Invitation


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    # No token (only its hash exists) and no personal message in the list.
    list_display = ["code", "owner", "created_at", "expires_at", "accepted_at", "cancelled_at", "declined_at"]
    raw_id_fields = ["owner", "accepted_by"]
    readonly_fields = ["token_hash"]
    exclude = ["message"]


@admin.register(AllyLink)
class AllyLinkAdmin(admin.ModelAdmin):
    list_display = ["code", "owner", "ally", "scope", "created_at", "last_viewed_at"]
    list_filter = ["scope"]
    raw_id_fields = ["owner", "ally"]


@admin.register(AllyNote)
class AllyNoteAdmin(admin.ModelAdmin):
    # Notes are the owner's private evidence: support staff see shapes, not words.
    list_display = ["code", "owner", "author", "week_start", "hidden", "created_at"]
    raw_id_fields = ["owner", "author"]
    exclude = ["text"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["owner", "ally", "viewed_at"]
    raw_id_fields = ["owner", "ally"]
