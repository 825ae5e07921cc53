"""Test data for the members' area, plain helpers with keyword overrides."""

import hashlib
from itertools import count

from django.core.files.base import ContentFile

from members import services
from members.models import Download, Member, Product

_numbers = count(1)

PASSPHRASE = "geheime-ipn-passphrase"


def make_product(**overrides) -> Product:
    number = next(_numbers)
    fields = {
        "name": f"Kurs {number}",
        "slug": f"kurs-{number}",
        "description": "Ein Kurs zum Ausprobieren.",
        "sales_url": f"/kurs-{number}/",
        "digistore_ids": str(10000 + number),
    } | overrides
    return Product.objects.create(**fields)


def make_member(*, email=None, name="Anna", products=()) -> Member:
    email = email or f"mitglied{next(_numbers)}@example.org"
    member, _ = services.get_or_create_member(email=email, name=name)
    for product in products:
        services.grant(member=member, product=product, source="manual", reason="Test")
    return member


def make_download(*products, name="Arbeitsheft.pdf", content=b"%PDF-1.4 Test"):
    download = Download(title="Arbeitsheft", original_name=name)
    download.file.save("arbeitsheft.pdf", ContentFile(content), save=False)
    download.save()
    download.products.set(products)
    return download


def digistore_sign(passphrase: str, params: dict[str, str]) -> str:
    """
    Digistore24's digistore_signature() from its IPN documentation, line by
    line: drop sha_sign, sort the keys, skip empty values, append
    "KEY=VALUE" and the passphrase for each, SHA-512, upper case.
    """
    params = {k: v for k, v in params.items() if k not in ("sha_sign", "SHASIGN")}
    sha_string = ""
    for key in sorted(params):
        value = params[key]
        if value is None or value == "":
            continue
        sha_string += f"{key}={value}{passphrase}"
    return hashlib.sha512(sha_string.encode("utf-8")).hexdigest().upper()


def notification(event="on_payment", *, passphrase=PASSPHRASE, **overrides):
    """A notification as Digistore24 sends it, signed unless told otherwise."""
    params = {
        "api_mode": "live",
        "event": event,
        "order_id": "RJXCW823",
        "transaction_id": "23650507",
        "product_id": "12345",
        "product_name": "Schreibwerkstatt",
        "email": "kaeuferin@example.org",
        "address_first_name": "Julia",
        "address_last_name": "Berger",
        "address_street": "Hauptstraße 1",
        "address_city": "Köln",
        "billing_type": "single_payment",
        "amount_brutto": "97.00",
        "currency": "EUR",
        "custom": "",
        "voucher_code": "",
    } | overrides
    params["sha_sign"] = digistore_sign(passphrase, params)
    return params
