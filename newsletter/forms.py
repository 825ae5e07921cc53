import unicodedata

import idna
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .models import ConsentText

MAX_EMAIL_LENGTH = 254
MAX_NAME_LENGTH = 100
MAX_SOURCE_LENGTH = 200
CONTROL_CHARACTERS = {"\r", "\n", "\x00"}

# Django's validator lets "user@localhost" and "user@[192.0.2.1]" through;
# neither is an address anyone reads a newsletter at.
_validate_email = EmailValidator(allowlist=[])


def normalise_email(value: str) -> str:
    """
    Return the canonical form of an address or raise ValidationError.

    Trims surrounding spaces, applies Unicode NFC, and writes the domain in
    lower case and in its Unicode form, so "Anna@XN--MLLER-KVA.de" and
    "Anna@Müller.de" are the same subscriber. The local part keeps its case
    (the database compares addresses case-insensitively). Line breaks and
    null bytes are refused outright rather than stripped: they only arrive
    from scripts trying to inject mail headers.
    """
    if any(char in value for char in CONTROL_CHARACTERS):
        raise ValidationError(
            _(
                "Die E-Mail-Adresse darf keine Zeilenumbrüche oder Steuerzeichen "
                "enthalten."
            ),
            code="control_characters",
        )
    if len(value) > MAX_EMAIL_LENGTH:
        raise ValidationError(
            _("Diese E-Mail-Adresse ist zu lang (höchstens %(max)d Zeichen)."),
            code="too_long",
            params={"max": MAX_EMAIL_LENGTH},
        )
    address = unicodedata.normalize("NFC", value.strip(" \t"))
    invalid = ValidationError(
        _("Bitte gib eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de."),
        code="invalid",
    )
    if "@" not in address or '"' in address or address.endswith("]"):
        raise invalid
    local, domain = address.rsplit("@", 1)
    try:
        # IDNA 2008 (UTS 46, non-transitional) keeps "ß" apart from "ss":
        # straße.de and strasse.de are different domains.
        domain = idna.decode(idna.encode(domain, uts46=True, transitional=False))
    except (idna.IDNAError, UnicodeError):
        raise invalid from None
    address = f"{local}@{domain}"
    try:
        _validate_email(address)
    except ValidationError:
        raise invalid from None
    if len(address) > MAX_EMAIL_LENGTH:
        raise ValidationError(
            _("Diese E-Mail-Adresse ist zu lang (höchstens %(max)d Zeichen)."),
            code="too_long",
            params={"max": MAX_EMAIL_LENGTH},
        )
    return address


def normalise_first_name(value: str) -> str:
    """
    Return a first name safe to print in "Hallo …," or raise ValidationError.

    Angle brackets and links are refused: spammers put URLs into the name
    field so that our confirmation mail carries their message.
    """
    if any(char in value for char in CONTROL_CHARACTERS):
        raise ValidationError(
            _("Der Vorname darf keine Zeilenumbrüche oder Steuerzeichen enthalten."),
            code="control_characters",
        )
    if len(value) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("Der Vorname ist zu lang (höchstens %(max)d Zeichen)."),
            code="too_long",
            params={"max": MAX_NAME_LENGTH},
        )
    name = " ".join(unicodedata.normalize("NFC", value).split())
    lowered = name.lower()
    if any(char in name for char in "<>{}[]\\") or any(
        marker in lowered for marker in ("://", "www.")
    ):
        raise ValidationError(
            _(
                "Bitte gib nur deinen Vornamen ein, ohne Links und ohne Zeichen "
                "wie < oder >."
            ),
            code="markup",
        )
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise ValidationError(
            _("Der Vorname darf keine Steuerzeichen enthalten."),
            code="control_characters",
        )
    return name


def safe_source(value: str) -> str:
    """The path the form was on, or the signup page for anything else."""
    fallback = reverse("newsletter:subscribe")
    if (
        not value
        or len(value) > MAX_SOURCE_LENGTH
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(unicodedata.category(char).startswith("C") for char in value)
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        return fallback
    return value


class EmailAddressField(forms.CharField):
    # Normalising in to_python runs before CharField's own validators, so a
    # null byte gets the same clear message as a line break.
    def to_python(self, value):
        value = super().to_python(value)
        return normalise_email(value) if value else value


class FirstNameField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return normalise_first_name(value) if value else value


class HiddenField(forms.CharField):
    """
    A hidden value our own template fills in. It never fails on its own:
    the form's clean_<name>() decides what a bad value means.
    """

    def __init__(self):
        super().__init__(widget=forms.HiddenInput, required=False, strip=False)
        self.validators = []


class SubscribeForm(forms.Form):
    """
    The signup form of the box and of /newsletter/.

    A plain Form rather than a ModelForm: a ModelForm validates the unique
    address and would tell anyone whether an address is on the list. The
    service decides between creating and reusing a subscriber instead.
    """

    email = EmailAddressField(
        label=_("E-Mail-Adresse"),
        strip=False,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "maxlength": MAX_EMAIL_LENGTH}
        ),
        error_messages={"required": _("Bitte gib deine E-Mail-Adresse ein.")},
    )
    first_name = FirstNameField(
        label=_("Vorname (freiwillig)"),
        required=False,
        strip=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "given-name", "maxlength": MAX_NAME_LENGTH}
        ),
    )
    # The honeypot: hidden by CSS, skipped by keyboard users and announced to
    # screen readers as "leave empty". Bots fill in every field they see.
    website = forms.CharField(
        label=_("Dieses Feld bitte leer lassen"),
        required=False,
        strip=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    consent = HiddenField()
    source = HiddenField()

    def clean_consent(self) -> ConsentText:
        # The version comes with the form, so a page cached before a new
        # wording was published still records the text it showed.
        version = self.cleaned_data["consent"]
        consent = (
            ConsentText.objects.filter(version=int(version)).first()
            if version.isascii() and version.isdigit() and len(version) < 10
            else None
        )
        if consent is None:
            raise ValidationError(
                _(
                    "Das Formular war nicht mehr aktuell. Bitte lies den "
                    "Einwilligungstext und schick das Formular noch einmal ab."
                ),
                code="stale_consent",
            )
        return consent

    def clean_source(self) -> str:
        return safe_source(self.cleaned_data["source"])

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label="CSV-Datei",
        help_text="UTF-8, Spalten: email, first_name (freiwillig), consent_date "
        "(Datum der ursprünglichen Einwilligung, z. B. 2023-05-17 oder 17.05.2023). "
        "Komma oder Semikolon als Trenner.",
    )
    consent_note = forms.CharField(
        label="Herkunft der Einwilligungen",
        max_length=300,
        help_text="Z. B. „Double-Opt-in über Mailchimp, Export vom 1. März 2024“. "
        "Wird bei jeder importierten Adresse als Nachweis gespeichert.",
    )
    confirm = forms.BooleanField(
        label="Alle Personen in der Datei haben per Double-Opt-in eingewilligt, "
        "und ich kann das belegen.",
    )


class PersonalDataForm(forms.Form):
    email = forms.CharField(
        label="E-Mail-Adresse",
        max_length=MAX_EMAIL_LENGTH,
        help_text="Gesucht wird ohne Rücksicht auf Groß- und Kleinschreibung: im "
        "Newsletter, in Kommentaren und bei Benachrichtigungen über Antworten.",
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()


def ascii_address(address: str) -> str:
    """
    The address with its domain in ASCII (IDNA 2008), for the To header.

    Django would encode a Unicode domain with IDNA 2003 and send mail for
    straße.de to strasse.de.
    """
    local, domain = address.rsplit("@", 1)
    ascii_domain = idna.encode(domain, uts46=True, transitional=False)
    return f"{local}@{ascii_domain.decode('ascii')}"
