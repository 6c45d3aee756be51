from django.apps import AppConfig


class AlliesConfig(AppConfig):
    name = "allies"

    def ready(self) -> None:
        from . import receivers  # noqa: F401 -- connects them
