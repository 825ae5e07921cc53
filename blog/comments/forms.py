"""The reader's comment form, with its checks against scripts and spam."""

import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import (
    EmailValidator,
    ProhibitNullCharactersValidator,
    URLValidator,
)
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from ..models import Comment, Post
from ..models.comments import (
    MAX_EMAIL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_WEBSITE_LENGTH,
)
from .text import links_in

STAMP_SALT = "blog.comment-form"
# A form older than this was opened yesterday, or copied by a script.
STAMP_MAX_AGE = 24 * 60 * 60
# Marks that turn text around or hide it (RLO and friends); nobody types them.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# What the browser sends for bytes that were not UTF-8.
REPLACEMENT_CHARACTER = "\ufffd"
TEXT_WHITESPACE = {"\n", "\r", "\t"}

_validate_email = EmailValidator(allowlist=[])
_validate_url = URLValidator(schemes=["http", "https"])


def make_stamp(post: Post) -> str:
    """When the form was shown, signed: the post and a time in milliseconds."""
    return signing.Signer(salt=STAMP_SALT).sign(f"{post.pk}:{int(time.time() * 1000)}")


def stamp_age(stamp: str, post: Post) -> float | None:
    """Seconds since the form was shown, or None for a stamp we did not sign."""
    try:
        value = signing.Signer(salt=STAMP_SALT).unsign(stamp)
        post_id, millis = value.split(":")
    except (signing.BadSignature, ValueError):
        return None
    if post_id != str(post.pk) or not millis.isdigit():
        return None
    return time.time() - int(millis) / 1000


def _refuse_hidden_characters(value: str, *, field: str, allow=frozenset()) -> None:
    if any(char in BIDI_CONTROLS for char in value) or any(
        unicodedata.category(char) == "Cc" and char not in allow for char in value
    ):
        raise ValidationError(
            _(
                "%(field)s enthält unsichtbare Steuerzeichen. Bitte tipp es noch "
                "einmal ein, statt es hineinzukopieren."
            ),
            code="control_characters",
            params={"field": field},
        )
    if REPLACEMENT_CHARACTER in value:
        raise ValidationError(
            _(
                "%(field)s enthält Zeichen, die beim Senden kaputtgegangen sind "
                "(�). Bitte prüf die Stelle und schick es noch einmal ab."
            ),
            code="broken_characters",
            params={"field": field},
        )


def _too_long(label: str, limit: int, length: int) -> ValidationError:
    return ValidationError(
        _("%(field)s ist zu lang: höchstens %(limit)s Zeichen, jetzt %(length)s."),
        code="too_long",
        params={
            "field": label,
            "limit": number_format(limit, force_grouping=True),
            "length": number_format(length, force_grouping=True),
        },
    )


class CommentForm(forms.Form):
    """
    Name, address, website and text of a comment or a reply.

    `parent` and `stamp` are hidden fields our own page fills in; `homepage`
    is the honeypot (hidden by CSS, left empty by people). The form never
    fails on the honeypot: the view treats a filled one as spam, so a script
    learns nothing from the answer.
    """

    name = forms.CharField(
        label=_("Name"),
        strip=True,
        error_messages={"required": _("Bitte sag mir, wie du heißt.")},
    )
    email = forms.CharField(
        label=_("E-Mail-Adresse"),
        strip=True,
        error_messages={
            "required": _(
                "Bitte gib deine E-Mail-Adresse ein. Sie wird nicht veröffentlicht."
            )
        },
    )
    website = forms.CharField(label=_("Website"), required=False, strip=True)
    text = forms.CharField(
        label=_("Dein Kommentar"),
        strip=False,
        error_messages={"required": _("Du hast noch nichts geschrieben.")},
    )
    notify = forms.BooleanField(
        label=_("Benachrichtige mich über Antworten"), required=False
    )
    homepage = forms.CharField(required=False, strip=False)
    parent = forms.CharField(required=False)
    stamp = forms.CharField(required=False)

    def __init__(self, *args, post: Post, visible: dict[int, Comment], **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        self.visible = visible
        # Null bytes get the same clear message as other control characters
        # (in the clean_* methods) instead of Django's generic one.
        for name in ("name", "email", "website", "text"):
            field = self.fields[name]
            field.validators = [
                v
                for v in field.validators
                if not isinstance(v, ProhibitNullCharactersValidator)
            ]

    @property
    def fresh_stamp(self) -> str:
        return make_stamp(self.post)

    @property
    def reply_to(self) -> Comment | None:
        """The comment this form answers, as shown on the page."""
        value = str(self["parent"].value() or "")
        if not value.isdigit() or len(value) > 18:
            return None
        return self.visible.get(int(value))

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("homepage"))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        _refuse_hidden_characters(name, field=_("Der Name"))
        name = " ".join(unicodedata.normalize("NFC", name).split())
        if len(name) > MAX_NAME_LENGTH:
            raise _too_long(_("Der Name"), MAX_NAME_LENGTH, len(name))
        return name

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        _refuse_hidden_characters(email, field=_("Die E-Mail-Adresse"))
        if len(email) > MAX_EMAIL_LENGTH:
            raise _too_long(_("Die E-Mail-Adresse"), MAX_EMAIL_LENGTH, len(email))
        if "@" in email:
            local, domain = email.rsplit("@", 1)
            email = f"{local}@{domain.lower()}"
        try:
            _validate_email(email)
        except ValidationError:
            raise ValidationError(
                _("Bitte gib eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de."),
                code="invalid",
            ) from None
        return email

    def clean_website(self) -> str:
        website = self.cleaned_data["website"]
        if not website:
            return ""
        _refuse_hidden_characters(website, field=_("Die Website"))
        if len(website) > MAX_WEBSITE_LENGTH:
            raise _too_long(_("Die Website"), MAX_WEBSITE_LENGTH, len(website))
        invalid = ValidationError(
            _(
                "Bitte gib deine Website als Adresse ein, z. B. https://www.beispiel.de."
            ),
            code="invalid",
        )
        if "://" not in website:
            if ":" in website.split("/")[0]:
                raise invalid  # javascript:, data:, mailto: …
            website = f"https://{website}"
        try:
            _validate_url(website)
        except ValidationError:
            raise invalid from None
        return website

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        _refuse_hidden_characters(text, field=_("Dein Text"), allow=TEXT_WHITESPACE)
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
        if not text:
            raise ValidationError(self.fields["text"].error_messages["required"])
        if len(text) > MAX_TEXT_LENGTH:
            raise _too_long(_("Dein Kommentar"), MAX_TEXT_LENGTH, len(text))
        limit = settings.COMMENTS_MAX_LINKS
        if links_in(text) > limit:
            raise ValidationError(
                _(
                    "Bitte setz höchstens %(limit)d Links in einen Kommentar, "
                    "sonst hält ihn der Spamfilter für Werbung."
                ),
                code="too_many_links",
                params={"limit": limit},
            )
        return text

    def clean_parent(self) -> Comment | None:
        value = self.cleaned_data["parent"]
        if not value:
            return None
        # Python refuses int() of more than 4,300 digits; no id has 19.
        is_id = value.isdigit() and len(value) <= 18
        parent = self.visible.get(int(value)) if is_id else None
        if parent is None:
            raise ValidationError(
                _(
                    "Den Kommentar, auf den du antworten möchtest, gibt es hier "
                    "nicht mehr. Dein Text steht noch unten im Formular."
                ),
                code="no_parent",
            )
        # Threads are one level deep: a reply to a reply joins its thread.
        return self.visible[parent.thread_id]

    def clean(self):
        cleaned = super().clean()
        age = stamp_age(self.data.get("stamp", ""), self.post)
        if age is None or age > STAMP_MAX_AGE:
            raise ValidationError(
                _(
                    "Diese Seite war sehr lange offen. Bitte schick deinen "
                    "Kommentar einfach noch einmal ab, dein Text ist noch da."
                ),
                code="expired",
            )
        if age < settings.COMMENTS_MIN_SECONDS:
            raise ValidationError(
                _(
                    "Das ging aber schnell! Bitte warte einen Moment und schick "
                    "deinen Kommentar dann noch einmal ab."
                ),
                code="too_fast",
            )
        return cleaned
