from django.apps import AppConfig


class CrisisConfig(AppConfig):
    # A leaf app: crisis help by country. It imports nothing from accounts,
    # journal or allies, so every one of them can use it.
    name = "crisis"
    verbose_name = "Crisis help"
