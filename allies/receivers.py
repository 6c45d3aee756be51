from django.dispatch import receiver

from accounts.signals import account_deleting, start_page
from journal.portability import export

from .export import export_sections
from .services import invitations_to_departing_address, supporter_start_page


@receiver(account_deleting, dispatch_uid="allies.invitations_to_departing_address")
def forget_a_departing_address(sender, *, user, **kwargs) -> None:
    invitations_to_departing_address(user=user)


@receiver(export.export_sections, dispatch_uid="allies.export_sections")
def add_to_the_export(sender, *, user, **kwargs):
    return export_sections(user)


@receiver(start_page, dispatch_uid="allies.supporter_start_page")
def start_a_supporter_in_the_space(sender, *, user, **kwargs) -> str | None:
    return supporter_start_page(user=user)
