"""German-aware slugs: "Grüße an Straße" becomes "gruesse-an-strasse"."""

import unicodedata

from django.db import models
from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
        "ẞ": "SS",
    }
)


def german_slugify(value: str) -> str:
    """
    Make an ASCII slug, spelling umlauts and ß out as German readers expect.

    Django's slugify() and the admin's JavaScript drop the dots of "ä" ("a"),
    which changes the word; "ae" keeps it readable. Other accents lose their
    marks ("é" -> "e"), and anything else outside ASCII is dropped.
    """
    value = unicodedata.normalize("NFC", str(value)).translate(GERMAN_TRANSLITERATION)
    return slugify(value)


def unique_slug(
    instance: models.Model,
    value: str,
    *,
    fallback: str,
    reserved: models.QuerySet | None = None,
) -> str:
    """
    Return german_slugify(value), with "-2", "-3" … appended if another row
    of the same model already uses it, or if it is among the `slug`s of
    `reserved` (old addresses that must keep leading where they lead).
    """
    max_length = instance._meta.get_field("slug").max_length
    base = (german_slugify(value) or fallback)[:max_length].strip("-")
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    if reserved is not None:
        taken.update(
            reserved.filter(slug__startswith=base).values_list("slug", flat=True)
        )
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].strip("-") + suffix
    return slug
