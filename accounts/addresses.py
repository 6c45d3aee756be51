"""A person's one email address, kept by allauth's EmailAddress beside User.email."""

from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


def current_address(*, user: User) -> EmailAddress | None:
    """The row for the address the account has now (User.email), made if missing and marked primary.

    People made outside sign-up (the admin, createsuperuser) start with no row;
    allauth would add one that is not primary.
    """
    email = (user.email or "").lower()
    if not email:
        return None
    with transaction.atomic():
        address = EmailAddress.objects.select_for_update().filter(user=user, email__iexact=email).first()
        if address is None:
            address = EmailAddress(user=user, email=email)
        if address.primary:
            return address
        address.primary = not EmailAddress.objects.filter(user=user, primary=True).exists()
        if address.primary or address._state.adding:
            address.save()
    return address


def confirm_current_address(*, user: User) -> None:
    """Mark the account's current address confirmed, once a link sent to it has been followed.

    A password reset link goes only to the account's current address
    (accounts.forms.ResetPasswordForm), so a person who signed up and never
    followed the sign-up link is confirmed by resetting their password instead.
    """
    with transaction.atomic():
        address = current_address(user=user)
        if address is not None and address.set_verified(commit=False):
            address.save(update_fields=["verified"])


def on_password_reset(sender, request, user, **kwargs) -> None:
    confirm_current_address(user=user)
