"""Small helpers the import's parts share."""

import hashlib
import html
import json
from datetime import UTC, datetime

from django.utils import timezone


def make_digest(*values) -> str:
    """A hash of what the export said about an item, to spot changes."""
    raw = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()


def parse_date(value: str, *, gmt: bool) -> datetime | None:
    """A WXR date ("2021-03-01 00:15:00"), in UTC or the site's time zone."""
    try:
        moment = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    if moment.year < 1971:
        return None
    if gmt:
        return moment.replace(tzinfo=UTC)
    return timezone.make_aware(moment)


def unescaped(value: str) -> str:
    """Text as WordPress stores it (&amp; in names and titles), decoded."""
    return html.unescape(value or "").strip()
