from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People"

    def ready(self) -> None:
        from allauth.account.signals import password_changed, password_reset, password_set

        from . import addresses
        from .sessions import on_password_changed

        for signal in (password_changed, password_set, password_reset):
            signal.connect(on_password_changed, dispatch_uid=f"accounts-end-sessions-{id(signal)}")
        password_reset.connect(addresses.on_password_reset, dispatch_uid="accounts-confirm-address-on-reset")
