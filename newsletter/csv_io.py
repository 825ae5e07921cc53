"""
CSV export of subscribers and CSV import of confirmed subscribers.

An import is all or nothing: every row is checked first, and one bad row
means nothing is stored. Rows that are fine but need no import (already on
the list, unsubscribed, erased) are skipped and reported.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .forms import normalise_email, normalise_first_name
from .models import Subscriber
from .services import find_subscriber, is_suppressed

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
HEADER_ALIASES = {
    "email": {"email", "e-mail", "e-mail-adresse", "email address", "mail"},
    "first_name": {"first_name", "vorname", "first name", "firstname", "fname"},
    "consent_date": {
        "consent_date",
        "einwilligung",
        "einwilligungsdatum",
        "confirmed_at",
        "optin_time",
        "confirm_time",
        "bestätigt",
    },
}
EXPORT_FIELDS = [
    ("email", "E-Mail"),
    ("first_name", "Vorname"),
    ("status", "Status"),
    ("subscribed_at", "Angemeldet am"),
    ("confirmed_at", "Bestätigt am"),
    ("unsubscribed_at", "Abgemeldet am"),
    ("consent_version", "Einwilligungstext (Version)"),
    ("consent_note", "Herkunft der Einwilligung"),
    ("source", "Formular auf Seite"),
]


def _cell(value) -> str:
    """A cell that spreadsheet programs show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def export_subscribers(queryset) -> str:
    """Semicolon-separated, as German spreadsheet programs expect."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([label for _, label in EXPORT_FIELDS])
    for subscriber in queryset.select_related("consent_text").order_by("email"):
        values = {
            "email": subscriber.email,
            "first_name": subscriber.first_name,
            "status": subscriber.get_status_display(),
            "subscribed_at": subscriber.subscribed_at,
            "confirmed_at": subscriber.confirmed_at,
            "unsubscribed_at": subscriber.unsubscribed_at,
            "consent_version": (
                subscriber.consent_text.version if subscriber.consent_text else ""
            ),
            "consent_note": subscriber.consent_note,
            "source": subscriber.source,
        }
        writer.writerow([_cell(values[name]) for name, _ in EXPORT_FIELDS])
    return buffer.getvalue()


@dataclass
class ImportRow:
    line: int
    email: str
    first_name: str
    consented_at: datetime


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _parse_date(value: str) -> datetime:
    value = value.strip()
    for parse in (
        datetime.fromisoformat,
        lambda v: datetime.strptime(v, "%d.%m.%Y %H:%M"),
        lambda v: datetime.strptime(v, "%d.%m.%Y"),
    ):
        try:
            parsed = parse(value)
        except ValueError:
            continue
        if isinstance(parsed, date) and not isinstance(parsed, datetime):
            parsed = datetime.combine(parsed, time())
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed
    raise ValueError(value)


def _columns(header: list[str]) -> dict[str, int]:
    found = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        for column, aliases in HEADER_ALIASES.items():
            if key in aliases and column not in found:
                found[column] = index
    return found


def parse_import(data: bytes) -> ImportPlan:
    """Check every row of an uploaded file; store nothing."""
    plan = ImportPlan()
    if len(data) > MAX_IMPORT_BYTES:
        plan.errors.append("Die Datei ist größer als 5 MB. Bitte teil sie auf.")
        return plan
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        plan.errors.append(
            "Die Datei ist nicht UTF-8-kodiert. Bitte beim Export „UTF-8“ wählen."
        )
        return plan
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        plan.errors.append("Die Datei ist leer.")
        return plan
    columns = _columns(header)
    missing = {"email", "consent_date"} - columns.keys()
    if missing:
        plan.errors.append(
            "Die Kopfzeile braucht die Spalten „email“ und „consent_date“ "
            f"(gefunden: {', '.join(header) or 'nichts'})."
        )
        return plan
    seen = set()
    now = timezone.now()
    try:
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if line - 1 > MAX_IMPORT_ROWS:
                plan.errors.append(f"Mehr als {MAX_IMPORT_ROWS} Zeilen.")
                break
            _check_row(plan, line, record, columns, seen, now)
    except csv.Error as exc:
        plan.errors.append(f"Die Datei ist kein gültiges CSV: {exc}")
    return plan


def _check_row(plan, line, record, columns, seen, now) -> None:
    def cell(column: str) -> str:
        index = columns.get(column)
        return record[index] if index is not None and index < len(record) else ""

    try:
        email = normalise_email(cell("email"))
        first_name = normalise_first_name(cell("first_name"))
    except ValidationError as exc:
        plan.errors.append(f"Zeile {line}: {' '.join(exc.messages)}")
        return
    if not email:
        plan.errors.append(f"Zeile {line}: Die E-Mail-Adresse fehlt.")
        return
    try:
        consented_at = _parse_date(cell("consent_date"))
    except ValueError:
        plan.errors.append(
            f"Zeile {line}: „{cell('consent_date')[:40]}“ ist kein Datum "
            "(z. B. 2023-05-17 oder 17.05.2023)."
        )
        return
    if consented_at > now:
        plan.errors.append(
            f"Zeile {line}: Das Einwilligungsdatum liegt in der Zukunft."
        )
        return
    if email.lower() in seen:
        plan.skipped.append(f"Zeile {line}: {email} steht doppelt in der Datei.")
        return
    seen.add(email.lower())
    existing = find_subscriber(email=email)
    if existing is not None:
        plan.skipped.append(
            f"Zeile {line}: {email} ist schon in der Liste "
            f"({existing.get_status_display()})."
        )
    elif is_suppressed(email=email):
        plan.skipped.append(
            f"Zeile {line}: {email} wurde auf eigenen Wunsch gelöscht und wird "
            "nicht wieder aufgenommen."
        )
    else:
        plan.rows.append(ImportRow(line, email, first_name, consented_at))


def import_subscribers(*, plan: ImportPlan, consent_note: str) -> int:
    """Store the rows of an error-free plan as confirmed subscribers."""
    if plan.errors:
        raise ValueError("A plan with errors cannot be imported.")
    created = 0
    with transaction.atomic():
        for row in plan.rows:
            try:
                # A savepoint per row: someone who signs up in the same second
                # is skipped instead of failing the whole import.
                with transaction.atomic():
                    Subscriber.objects.create(
                        email=row.email,
                        first_name=row.first_name,
                        status=Subscriber.Status.CONFIRMED,
                        consent_note=consent_note,
                        source="",
                        subscribed_at=row.consented_at,
                        confirmed_at=row.consented_at,
                    )
                created += 1
            except IntegrityError:
                plan.skipped.append(f"Zeile {row.line}: {row.email} kam gerade hinzu.")
    return created
