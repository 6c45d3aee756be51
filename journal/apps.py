from django.apps import AppConfig
from django.db.models.signals import post_delete


class JournalConfig(AppConfig):
    name = "journal"

    def ready(self):
        from . import photos
        from .models import Win

        # Wherever a win's row really goes (the purge, account deletion, an
        # admin), its photo files go with it once the deletion is committed.
        post_delete.connect(photos.delete_photo_files, sender=Win, dispatch_uid="journal.win_photo_files")
