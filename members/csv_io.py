"""
CSV import of buyers who bought before the site knew them: columns email,
name, product (its short name or name), since (date).

All or nothing, as the newsletter's import: every row is checked first, and
one bad row means nothing is stored.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Entitlement, Product

MAX_IMPORT_BYTES = 2 * 1024 * 1024
HEADER_ALIASES = {
    "email": {"email", "e-mail", "e-mail-adresse", "mail"},
    "name": {"name", "vorname", "vollständiger name"},
    "product": {"product", "produkt"},
    "since": {"since", "seit", "gekauft am", "kaufdatum", "datum"},
}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M")


@dataclass(frozen=True)
class BuyerRow:
    email: str
    name: str
    product: Product
    since: datetime


@dataclass
class ImportPlan:
    rows: list[BuyerRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _since(value: str) -> datetime:
    if not value:
        return timezone.now()
    for pattern in DATE_FORMATS:
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return timezone.make_aware(parsed)
    raise ValueError(value)


def parse_import(data: bytes) -> ImportPlan:
    plan = ImportPlan()
    if len(data) > MAX_IMPORT_BYTES:
        plan.errors.append("Die Datei ist größer als 2 MB. Bitte teil sie auf.")
        return plan
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        plan.errors.append(
            "Die Datei ist nicht in UTF-8 gespeichert. Speichere sie als „CSV UTF-8“."
        )
        return plan
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip().lower() for cell in next(reader, [])]
    columns = {}
    for name, aliases in HEADER_ALIASES.items():
        for index, cell in enumerate(header):
            if cell in aliases:
                columns[name] = index
    missing = [name for name in ("email", "product") if name not in columns]
    if missing:
        plan.errors.append(
            "Die erste Zeile braucht die Spalten „email“ und „product“ "
            "(dazu „name“ und „since“, wenn vorhanden)."
        )
        return plan
    products = {}
    for product in Product.objects.all():
        products[product.slug.lower()] = product
        products[product.name.lower()] = product
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue

        def cell(column: str, record=record) -> str:
            index = columns.get(column)
            return (
                record[index].strip()
                if index is not None and index < len(record)
                else ""
            )

        email = services.normalise(cell("email"))
        try:
            validate_email(email)
        except ValidationError:
            plan.errors.append(f"Zeile {line}: „{email}“ ist keine E-Mail-Adresse.")
            continue
        product = products.get(cell("product").lower())
        if product is None:
            plan.errors.append(
                f"Zeile {line}: Ein Produkt „{cell('product')}“ gibt es nicht."
            )
            continue
        try:
            since = _since(cell("since"))
        except ValueError:
            plan.errors.append(
                f"Zeile {line}: „{cell('since')}“ ist kein Datum "
                "(so geht es: 2024-03-31 oder 31.03.2024)."
            )
            continue
        plan.rows.append(BuyerRow(email, cell("name")[:150], product, since))
    if not plan.rows and not plan.errors:
        plan.errors.append("Die Datei enthält keine Käufer*innen.")
    return plan


def import_buyers(plan: ImportPlan) -> int:
    """Grant every row's product; returns how many entitlements are new."""
    if plan.errors:
        raise ValueError("A plan with errors cannot be imported.")
    created = 0
    with transaction.atomic():
        for row in plan.rows:
            member, _ = services.get_or_create_member(email=row.email, name=row.name)
            if not Entitlement.objects.filter(
                member=member, product=row.product
            ).exists():
                created += 1
            services.grant(
                member=member,
                product=row.product,
                source=Entitlement.Source.CSV,
                reason="CSV-Import",
                since=row.since,
            )
    return created
