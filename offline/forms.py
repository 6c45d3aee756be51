import json

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict

from journal import photos
from journal.models import WIN_TEXT_MAX

from . import keys, words

# A win's words, its details and the photo's name and type, sealed: a few kilobytes at most.
SEALED_MAX = 64 * 1024


class OfflineWinForm(forms.Form):
    """The one field the offline page offers; static/js/offline.js keeps what is logged there on the device."""

    text = forms.CharField(label=words.WIN_LABEL, max_length=WIN_TEXT_MAX)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "offline-%s")
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update({"autocomplete": "off", "enterkeyhint": "done"})


class Base64Field(forms.CharField):
    def __init__(self, *, size: int | None = None, **kwargs):
        self.size = size
        super().__init__(**kwargs)

    def to_python(self, value) -> bytes:
        text = super().to_python(value)
        if not text:
            return b""
        try:
            data = keys.b64decode(text)
        except ValueError:
            raise forms.ValidationError("Not base64.", code="invalid") from None
        if self.size is not None and len(data) != self.size:
            raise forms.ValidationError("Wrong length.", code="invalid")
        return data


class SealedWinForm(forms.Form):
    """A win that waited on a device, as static/js/waiting-wins.js sends it: sealed for its owner."""

    owner = forms.CharField(max_length=64)
    key = forms.UUIDField()
    ephemeral = Base64Field(size=65)
    iv = Base64Field(size=12)
    sealed = Base64Field(max_length=SEALED_MAX)
    photo_iv = Base64Field(size=12, required=False)
    photo = forms.FileField(required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # Sealing adds a 16-byte tag; anything bigger could never be a photo the Today form takes.
        if photo and photo.size > photos.MAX_BYTES + 16:
            raise forms.ValidationError("Too big.", code="too_big")
        return photo

    def opened(self, user) -> tuple[QueryDict, MultiValueDict]:
        """The win's fields and photo, ready for the Today form; Unreadable unless it is this person's."""
        data = self.cleaned_data
        owner, key = data["owner"], str(data["key"])
        message = keys.open_sealed(
            user,
            ephemeral=data["ephemeral"],
            iv=data["iv"],
            sealed=data["sealed"],
            bound_to=keys.context(owner, key, "fields"),
        )
        try:
            inside = json.loads(message)
            fields = {str(name): str(value) for name, value in inside["fields"].items()}
            photo = inside.get("photo") or {}
            name, kind = str(photo.get("name") or "photo")[:200], str(photo.get("type") or "")[:100]
        except (ValueError, KeyError, TypeError, AttributeError):
            raise keys.Unreadable from None
        fields["idempotency_key"] = key
        files = MultiValueDict()
        if photo and data["photo"] and data["photo_iv"]:
            picture = keys.open_sealed(
                user,
                ephemeral=data["ephemeral"],
                iv=data["photo_iv"],
                sealed=data["photo"].read(),
                bound_to=keys.context(owner, key, "photo"),
            )
            files["photo"] = SimpleUploadedFile(name, picture, kind)
        query = QueryDict(mutable=True)
        for name, value in fields.items():
            query[name] = value
        return query, files
