"""The kind words of the offline features: the offline page, waiting wins and the log-out warning."""

OFFLINE_TITLE = "Waiting for a connection"
OFFLINE_LEAD = (
    "You're offline. Your crisis numbers still work, and wins you log now are kept on this device until you're back."
)
CRISIS_LINK = "Find a crisis line"
TRY_AGAIN = "Try again"
LOG_HEADING = "Log a small win"
WIN_LABEL = "Today I…"
LOG_BUTTON = "Log win"

# Said by static/js/offline.js, which reads them from the page.
WAITING = "Waiting to be saved"
WAITING_UNSEEN = "A win you logged on this device"
KEPT = "Kept on this device. It will be saved when you're back online."
SAVED_ONE = "Your win from this device is saved."
SAVED_MANY = "Your {count} wins from this device are saved."
LOG_IN_AGAIN = "Log in again to save the wins waiting on this device. They stay here until you do."
EMPTY_TEXT = "Write a few words about your win. Even “got up” counts."
NEEDS_A_LOOK = "One win from this device needs a look before it can be saved: its words are back in the form."

LOGOUT_WARNING_ONE = (
    "One win you logged offline is still waiting on this device. If you log out now it will be deleted. "
    "Stay logged in and go back online to save it."
)
LOGOUT_WARNING_MANY = (
    "{count} wins you logged offline are still waiting on this device. If you log out now they will be deleted. "
    "Stay logged in and go back online to save them."
)
STAY = "Stay logged in"

# Answers of /offline/wins/ that the person may read.
PHOTO_LEFT_OUT = "Your win is saved. Its photo couldn't be used, so it was left out."
