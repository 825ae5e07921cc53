"""Plain helpers that make test data, each with keyword overrides."""

from itertools import count

from django.contrib.auth import get_user_model

from newsletter.models import NewsletterBox
from pages.models import Page
from pusteblume_site.models import SiteSettings

_numbers = count(1)


def make_page(**overrides) -> Page:
    number = next(_numbers)
    fields = {
        "title": f"Seite {number}",
        "slug": f"seite-{number}",
        "body": "Ein kurzer Absatz.",
        "is_published": True,
    } | overrides
    return Page.objects.create(**fields)


def make_site_settings(**overrides) -> SiteSettings:
    settings = SiteSettings.load()
    for name, value in overrides.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def make_newsletter_box(**overrides) -> NewsletterBox:
    box = NewsletterBox.load()
    for name, value in overrides.items():
        setattr(box, name, value)
    box.save()
    return box


def make_staff(**overrides):
    number = next(_numbers)
    fields = {
        "username": f"redakteurin{number}",
        "email": f"redaktion{number}@example.org",
        "password": "ein-sicheres-testpasswort",
        "is_staff": True,
        "is_superuser": True,
    } | overrides
    return get_user_model().objects.create_user(**fields)
