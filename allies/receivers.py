from django.dispatch import receiver

from accounts.signals import account_deleting

from .services import invitations_to_departing_address


@receiver(account_deleting, dispatch_uid="allies.invitations_to_departing_address")
def forget_a_departing_address(sender, *, user, **kwargs) -> None:
    invitations_to_departing_address(user=user)
