from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    """Work that leaves the request: the email outbox, retries, the worker and its clock."""

    name = "background"
    verbose_name = "Background work"
