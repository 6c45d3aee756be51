"""allauth's password, re-authentication and two-factor forms, in Small Wins' words.

allauth names its fields in Title Case ("Current Password") and repeats each
label as a placeholder. These subclasses only change the words a person reads;
what each form checks and does is allauth's own. They are wired in through
ACCOUNT_FORMS and MFA_FORMS (config/settings.py).
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms

CODE_HELP = "The six-digit code your authenticator app shows now."


class InOurWords:
    """Set each field's label and help text from the class's `labels` and `help_texts`; no placeholders."""

    labels: dict[str, str] = {}
    help_texts: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.help_texts:
                field.help_text = self.help_texts[name]


class ChangePasswordForm(InOurWords, account_forms.ChangePasswordForm):
    # The current password keeps allauth's help, the "Forgot your password?" link.
    labels = {"oldpassword": "Current password", "password1": "New password", "password2": "New password (again)"}


class SetPasswordForm(InOurWords, account_forms.SetPasswordForm):
    labels = {"password1": "Password", "password2": "Password (again)"}


class ResetPasswordKeyForm(InOurWords, account_forms.ResetPasswordKeyForm):
    labels = {"password1": "New password", "password2": "New password (again)"}


class ReauthenticateForm(InOurWords, account_forms.ReauthenticateForm):
    labels = {"password": "Your password"}


class AuthenticateForm(InOurWords, mfa_forms.AuthenticateForm):
    labels = {"code": "Code from your authenticator app"}
    help_texts = {"code": "Or one of your recovery codes, if your phone isn't with you."}


class MFAReauthenticateForm(InOurWords, mfa_forms.ReauthenticateForm):
    labels = AuthenticateForm.labels
    help_texts = AuthenticateForm.help_texts


class ActivateTOTPForm(InOurWords, totp_forms.ActivateTOTPForm):
    help_texts = {"code": CODE_HELP}
