"""Signals that let later apps act on an account without accounts importing them (apps depend one way)."""

from django.dispatch import Signal

# Sent by account_delete inside its transaction, before any of the person's rows
# go, so their email addresses can still be read. Receivers remove what their
# app keeps about the person that no foreign key ties to the account (such as
# an address typed into someone else's invitation). Argument: user.
account_deleting = Signal()

# Asked where a person starts after logging in with no `next` to follow. A receiver
# answers a path, or None to leave it to the others; the first path answered wins,
# and with none the person starts on Today. Argument: user.
start_page = Signal()
