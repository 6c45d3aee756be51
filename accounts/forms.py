import binascii

from allauth.account.adapter import get_adapter
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from allauth.account.utils import complete_signup, filter_users_by_email, get_next_redirect_url, perform_login
from allauth.core import ratelimit
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from config.vapid import unb64url
from crisis.resources import COUNTRY_CHOICES, country_from_timezone

from .addresses import current_address
from .models import User, in_quiet_hours, timezone_choices, without_control_characters
from .push import is_push_service


class TimezoneSelect(forms.Select):
    """A <select> whose ~600 time-zone options are built in Python.

    Django renders every option through its own template include, which made
    the sign-up and account pages take tens of milliseconds just for this list.
    The markup is the same, and format_html escapes every value.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = (
            format_html('<option value="{}" selected>{}</option>', option["value"], option["label"])
            if option["selected"]
            else format_html('<option value="{}">{}</option>', option["value"], option["label"])
            for _group, group_options, _index in widget["optgroups"]
            for option in group_options
        )
        return format_html(
            '<select name="{}"{}>\n{}\n</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            format_html_join("\n", "{}", ((option,) for option in options)),
        )


class DisplayNameField(forms.CharField):
    """A name as one plain line: control characters are taken out before anything checks it."""

    def to_python(self, value):
        return without_control_characters(super().to_python(value))


class SignupForm(AllauthSignupForm):
    display_name = DisplayNameField(
        label="What should we call you?",
        required=False,
        max_length=80,
        help_text="Optional. Only you and the allies you invite see it.",
    )
    timezone = forms.ChoiceField(
        label="Your time zone",
        choices=timezone_choices,
        initial="UTC",
        widget=TimezoneSelect,
        help_text="So that a win logged late at night lands on the right day.",
    )

    field_order = ["display_name", "email", "password1", "timezone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # static/js/timezone.js picks the browser's zone; the select is the
            # fallback, and a choice already made is never overwritten.
            self.fields["timezone"].widget.attrs["data-detect-timezone"] = ""

    def validate_unique_email(self, value):
        # allauth would answer "A user is already registered with this email
        # address", telling anyone who holds which address. Instead an address
        # that any account holds (even unconfirmed, even as a pending change)
        # creates nothing: its owner gets an email, and the visitor sees the
        # same "check your email" page as a new sign-up.
        email = get_adapter().validate_unique_email(value)
        self.account_already_exists = bool(filter_users_by_email(email))
        return email

    def try_save(self, request):
        # Both answers go through allauth's verification step, as if it were
        # mandatory at sign-up only: the new person's link opens their journal
        # (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION); later log-ins need no link.
        redirect_url = get_next_redirect_url(request) or get_adapter().get_signup_redirect_url(request)
        if self.account_already_exists:
            email = self.cleaned_data["email"]
            # A new account's password is hashed (slowly, by design); so is this one, so the time taken tells nothing.
            make_password(self.cleaned_data.get("password1"))
            response = perform_login(
                request,
                None,
                email_verification=EmailVerificationMethod.MANDATORY,
                redirect_url=redirect_url,
                signup=True,
                email=email,
            )
            return None, response
        user = self.save(request)
        return user, complete_signup(request, user, EmailVerificationMethod.MANDATORY, redirect_url)

    def save(self, request):
        user = super().save(request)
        user.display_name = self.cleaned_data.get("display_name", "")
        user.timezone = self.cleaned_data["timezone"]
        # A first guess for "Need help now?"; the person can change it in their settings.
        user.country = country_from_timezone(user.timezone)
        user.save(update_fields=["display_name", "timezone", "country"])
        return user


class AddEmailForm(AllauthAddEmailForm):
    """The new address a person wants, which replaces theirs once its link is followed.

    An address another account holds (confirmed or not, or waiting as someone's
    change) is refused here, kindly: two accounts sharing one address is how a
    password reset or a log-in could reach the wrong journal.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "New email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)
        self.fields["email"].error_messages["required"] = "Please type the address you'd like to use."
        self.fields["email"].error_messages["invalid"] = "Please type an email address, like name@example.com."

    def clean_email(self):
        value = get_adapter().clean_email(self.cleaned_data["email"].lower())
        holders = filter_users_by_email(value)
        if any(holder.pk == self.user.pk for holder in holders):
            raise forms.ValidationError("That's already your address, so there's nothing to change.")
        if holders:
            raise forms.ValidationError(
                "That address belongs to another account, so it can't be added here. Please choose another one."
            )
        return super().clean_email()

    def save(self, request):
        # allauth's change-of-address would take an unconfirmed current address
        # for an earlier change and drop it, leaving the account with none. Here
        # the current address stays until the new one is confirmed; only an
        # earlier, unfinished change makes way.
        with transaction.atomic():
            current = current_address(user=self.user)
            EmailAddress.objects.filter(user=self.user).exclude(pk=current.pk).delete()
            address = EmailAddress.objects.create(user=self.user, email=self.cleaned_data["email"])
        send_verification_email_to_address(request, address)
        return address


def current_holders(users, email: str) -> list:
    """Of the accounts allauth matched to an address, those whose address it is now.

    allauth also matches an address waiting to be confirmed as a change; a link
    or code sent there would open an account that address does not belong to (yet).
    """
    return [user for user in users if (user.email or "").lower() == email.lower()]


class ResetPasswordForm(AllauthResetPasswordForm):
    """A reset link only ever goes to the account whose address it is now."""

    def clean_email(self):
        email = super().clean_email()
        self.users = current_holders(self.users, email)
        return email


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """A log-in code only ever goes to the account whose address it is now (else, the "no account" email)."""

    def clean_email(self):
        email = super().clean_email()
        if email and self._user is not None:
            self._user = next(iter(current_holders([self._user], email)), None)
        return email


# Gentle reminders (journal/reminders.py): off by default, at the person's own local time.
REMINDER_FIELDS = [
    "daily_reminder",
    "daily_reminder_time",
    "daily_reminder_by",
    "quiet_from",
    "quiet_until",
    "weekly_digest",
    "weekly_digest_day",
    "weekly_digest_time",
]
# Left out of a post (an older form, a script), each of these keeps what it was.
KEPT_WHEN_MISSING = [
    "daily_reminder_time",
    "daily_reminder_by",
    "quiet_from",
    "quiet_until",
    "weekly_digest_day",
    "weekly_digest_time",
]
TIME_FORMAT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AccountSettingsForm(forms.ModelForm):
    # templates/accounts/_settings_form.html groups the reminder fields under their own heading.
    reminder_fields = REMINDER_FIELDS

    class Meta:
        model = User
        fields = ["display_name", "timezone", "country", "week_starts_on", "email_on_ally_note", *REMINDER_FIELDS]
        field_classes = {"display_name": DisplayNameField}
        labels = {"display_name": "What should we call you?"}
        widgets = {
            "timezone": TimezoneSelect,
            "daily_reminder_time": TIME_FORMAT,
            "daily_reminder_by": forms.RadioSelect,
            "quiet_from": TIME_FORMAT,
            "quiet_until": TIME_FORMAT,
            "weekly_digest_time": TIME_FORMAT,
        }
        help_texts = {
            "display_name": "Your allies see this name.",
            "timezone": "Days and weeks follow this time zone.",
            "country": "“Need help now?” opens the emergency number and crisis lines for this country.",
            "daily_reminder": "“What's one small thing you did today?” Once a day, never on a day you've logged a win.",
            "daily_reminder_time": "Your own time, in the time zone above.",
            "daily_reminder_by": "For notifications, turn them on for each phone or computer under “Reminders on your"
            " devices” below. Until one is on, it comes by email.",
            "quiet_from": "No reminder comes between these two times, so it never wakes you.",
            "weekly_digest": "“Your week in small wins”: your counts, a few of your wins and your allies' notes.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in KEPT_WHEN_MISSING:
            self.fields[name].required = False
        self.fields["daily_reminder_time"].error_messages["invalid"] = "Please enter a time like 20:00."
        self.fields["quiet_from"].error_messages["invalid"] = "Please enter a time like 22:00."
        self.fields["quiet_until"].error_messages["invalid"] = "Please enter a time like 08:00."
        self.fields["daily_reminder_by"].error_messages["invalid_choice"] = (
            "Please choose email, notifications or both."
        )
        self.fields["weekly_digest_time"].error_messages["invalid"] = "Please enter a time like 18:00."
        self.fields["weekly_digest_day"].error_messages["invalid_choice"] = "Please choose a day of the week."
        self.fields["country"].choices = [("", "Not listed: show every country"), *COUNTRY_CHOICES]
        self.fields["country"].error_messages["invalid_choice"] = (
            "Please choose a country from the list, or “Not listed” to see every country."
        )

    def _kept(self, name: str):
        value = self.cleaned_data.get(name)
        return getattr(self.instance, name) if value in (None, "") else value

    def clean_daily_reminder_time(self):
        return self._kept("daily_reminder_time")

    def clean_weekly_digest_day(self):
        return self._kept("weekly_digest_day")

    def clean_weekly_digest_time(self):
        return self._kept("weekly_digest_time")

    def clean_daily_reminder_by(self):
        return self._kept("daily_reminder_by")

    def clean_quiet_from(self):
        return self._kept("quiet_from")

    def clean_quiet_until(self):
        return self._kept("quiet_until")

    def clean(self):
        cleaned = super().clean()
        at, start, end = (cleaned.get(name) for name in ("daily_reminder_time", "quiet_from", "quiet_until"))
        if cleaned.get("daily_reminder") and None not in (at, start, end) and in_quiet_hours(at, start, end):
            self.add_error(
                "daily_reminder_time",
                "That time is inside your quiet hours, so the reminder would never come. "
                "Please choose another time, or change your quiet hours.",
            )
        return cleaned


class DeleteAccountForm(forms.Form):
    """The password (and the second factor, when it is on) before anything is deleted."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="Or one of your recovery codes.",
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user: User, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.authenticators = list(Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.WEBAUTHN))
        if not any(a.type == Authenticator.Type.TOTP for a in self.authenticators):
            del self.fields["code"]

    @property
    def needs_code(self) -> bool:
        return "code" in self.fields

    def clean_password(self):
        password = self.cleaned_data["password"]
        # The same limit allauth puts on re-authentication: a borrowed, logged-in
        # laptop is not enough to guess the password by trying.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError("That's a lot of tries in a short time. Please wait a minute and try again.")
        if not self.user.check_password(password):
            raise forms.ValidationError("That password isn't right. Please try again.")
        return password

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if "password" not in self.cleaned_data:
            # The password was wrong, missing or throttled. Checking the code
            # anyway would tell a guesser whether it was right, with no limit:
            # a code is only ever checked after a counted, right password.
            return code
        # Recovery codes lock their row while they check (select_for_update).
        with transaction.atomic():
            for authenticator in self.authenticators:
                if authenticator.wrap().validate_code(code):
                    return code
        raise forms.ValidationError("That code isn't right. Please try the newest code from your app.")


class EndSessionForm(forms.Form):
    """Which of the person's other sessions to end; anyone else's is simply not a choice."""

    session = forms.ModelChoiceField(queryset=UserSession.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, user: User, current_key: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = UserSession.objects.filter(user=user).exclude(session_key=current_key)


def _base64url_bytes(value: str, length: int) -> bool:
    try:
        return len(unb64url(value)) == length
    except (ValueError, binascii.Error):
        return False


class PushSubscriptionForm(forms.Form):
    """What a browser's PushManager.subscribe() gave static/js/push.js, posted as a form by that script."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=100)
    auth = forms.CharField(max_length=50)

    def clean_endpoint(self):
        endpoint = self.cleaned_data["endpoint"]
        if not is_push_service(endpoint):
            raise forms.ValidationError("This browser's notification service isn't one we can send to.")
        return endpoint

    def clean_p256dh(self):
        value = self.cleaned_data["p256dh"]
        # A point on the P-256 curve, uncompressed (65 bytes); anything else could never be encrypted for.
        try:
            if not _base64url_bytes(value, 65):
                raise ValueError
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(value))
        except ValueError:
            raise forms.ValidationError("This browser's key didn't come through whole.") from None
        return value

    def clean_auth(self):
        value = self.cleaned_data["auth"]
        if not _base64url_bytes(value, 16):
            raise forms.ValidationError("This browser's key didn't come through whole.")
        return value
