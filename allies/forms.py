import datetime

from django import forms
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User
from journal.weeks import parse_day

from .models import NOTE_MAX_LENGTH, AllyLink, AllyNote, Delivery, Invitation, Scope

INVITATIONS_PER_DAY = 20


class InviteForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["delivery", "email", "message", "scope"]
        labels = {
            "delivery": "How they get it",
            "email": "Email",
            "message": "A personal message (optional)",
            "scope": "What they can see",
        }
        help_texts = {
            "email": "Needed when we email them the link. You can also copy that link and send it yourself.",
            "message": "It goes in the email, above the link, and on the invitation page.",
            "scope": "You can change this at any time.",
        }
        widgets = {
            "delivery": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 3}),
            "scope": forms.RadioSelect,
        }
        error_messages = {
            "delivery": {"invalid_choice": "Choose how they get the link."},
            "email": {
                "required": "Add the email address of the person you'd like to invite.",
                "invalid": "That doesn't look like an email address. Check it and try again.",
            },
            "message": {"max_length": "Please keep the message under 1,000 characters."},
        }

    def __init__(self, *args, owner: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        # A form sent without the choice (an older page, a script) means the email, as it always did.
        self.fields["delivery"].required = False

    def clean(self):
        # A ceiling on invitation emails, so the form can't be used to send mail to strangers in bulk.
        since = timezone.now() - datetime.timedelta(days=1)
        if Invitation.objects.filter(owner=self.owner, created_at__gte=since).count() >= INVITATIONS_PER_DAY:
            raise forms.ValidationError(
                "You've sent a lot of invitations today. Please try again tomorrow; the ones you sent still work."
            )
        return super().clean()

    def clean_delivery(self) -> str:
        return self.cleaned_data.get("delivery") or Delivery.EMAIL

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if self.cleaned_data.get("delivery") == Delivery.LINK:
            return ""  # a copied link is for whoever the owner gives it to, not for an address
        if not email:
            raise forms.ValidationError(self.fields["email"].error_messages["required"])
        if email.lower() == self.owner.email.lower():
            raise forms.ValidationError(
                "That's your own address. Invite someone you trust: a friend, partner, sponsor or family member."
            )
        existing = AllyLink.objects.filter(owner=self.owner, ally__email__iexact=email).select_related("ally").first()
        if existing:
            raise forms.ValidationError(f"{existing.ally.name} is already one of your allies. No need to invite them.")
        return email


class AskForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["ally_ask"]
        labels = {"ally_ask": "What you'd like to ask your allies"}
        help_texts = {
            "ally_ask": "Your allies see this at the top of your shared space. Leave it empty to ask nothing."
        }
        widgets = {"ally_ask": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"ally_ask": {"max_length": "Please keep your ask under 1,000 characters."}}


class ScopeForm(forms.ModelForm):
    class Meta:
        model = AllyLink
        fields = ["scope", "sees_safety_plan"]
        error_messages = {"scope": {"invalid_choice": "Choose one of the two options."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Several of these sit on one page: ids and labels name the ally.
        self.auto_id = f"id_scope_{self.instance.code}_%s"
        self.fields["scope"].label = f"What {self.instance.ally.name} can see"
        self.fields["scope"].choices = Scope.choices
        self.fields[
            "sees_safety_plan"
        ].help_text = f"{self.instance.ally.name} can read your safety plan in your shared space, without changing it."


class NoteForm(forms.ModelForm):
    class Meta:
        model = AllyNote
        fields = ["text"]
        labels = {"text": "What I've noticed"}
        # Static words only: the templates name the person, escaped like any other value.
        help_texts = {"text": "Small, specific things mean a lot."}
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_MAX_LENGTH})}
        error_messages = {
            "text": {
                "required": "Write a few words about what you've noticed, then leave your note.",
                "max_length": "Please keep your note under 1,000 characters (it has %(show_value)d).",
            }
        }


class WeekForm(forms.Form):
    """The ?week=YYYY-MM-DD of the ally's page. Anything unreadable means "this week"."""

    week = forms.CharField(required=False, max_length=10)

    def clean_week(self) -> datetime.date | None:
        value = self.cleaned_data.get("week") or ""
        return parse_day(value) if value else None


class InvitationResponseForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept"), ("decline", "Decline"), ("verify", "Send me a verification email")]
    )


class NextForm(forms.Form):
    """Where to go after a small action: only ever a path on this site."""

    next = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_next(self) -> str:
        target = self.cleaned_data.get("next") or ""
        safe = target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        )
        return target if safe else ""
