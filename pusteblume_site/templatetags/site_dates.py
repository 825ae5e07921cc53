"""
Dates as readers see them ("8. Dezember 2026") and as <time> carries them.

The same as Django's `date` filter with "j. F Y" and "Y-m-d\\TH:i:sO", in
the current time zone, without its general format parser: a list shows a
date on every card.
"""

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS

register = template.Library()


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def long_date(value: date | datetime | None) -> str:
    """8. Dezember 2026"""
    if not value:
        return ""
    value = _local(value)
    return f"{value.day}. {MONTHS[value.month]} {value.year}"


@register.filter
def machine_datetime(value: datetime | None) -> str:
    """2026-12-08T09:30:00+0100, for <time datetime> and meta tags."""
    if not value:
        return ""
    return _local(value).strftime("%Y-%m-%dT%H:%M:%S%z")
