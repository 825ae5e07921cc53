"""
Digistore24's instant payment notifications (IPN).

Digistore24 POSTs every transaction with a SHA-512 signature (`sha_sign`)
made with the IPN passphrase. The recipe is Digistore24's own PHP function
(digistore_signature): leave out `sha_sign` and `SHASIGN`, sort the keys,
skip empty values, and hash the concatenation of "KEY=VALUE" followed by
the passphrase for every parameter; the hex digest is upper case.
"""

import hashlib
import hmac
import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from . import services
from .models import IpnCall, Product

logger = logging.getLogger(__name__)

SIGNATURE_KEYS = ("sha_sign", "SHASIGN")


def signature(passphrase: str, params: dict[str, str]) -> str:
    text = "".join(
        f"{key}={params[key]}{passphrase}"
        for key in sorted(params)
        if key not in SIGNATURE_KEYS and params[key] not in ("", None)
    )
    return hashlib.sha512(text.encode()).hexdigest().upper()


def is_signed(passphrase: str, params: dict[str, str]) -> bool:
    given = params.get("sha_sign") or params.get("SHASIGN") or ""
    return hmac.compare_digest(given.upper(), signature(passphrase, params))


def _moment(value: str) -> datetime | None:
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        moment = day and datetime(day.year, day.month, day.day)
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def handle(params: dict[str, str]) -> IpnCall:
    """
    Act on a signed notification and log it. A transaction already handled
    for the same event changes nothing; an unknown product grants nothing.
    """
    event = params.get("event", "")
    name = " ".join(
        part
        for part in (params.get("address_first_name"), params.get("address_last_name"))
        if part
    )
    call = IpnCall(
        event=event[:40],
        transaction_id=params.get("transaction_id", "")[:60],
        order_id=params.get("order_id", "")[:60],
        product_id=params.get("product_id", "")[:40],
        email=services.normalise(params.get("email", ""))[:254],
        name=name[:150],
    )
    with transaction.atomic():
        handled = IpnCall.objects.filter(
            transaction_id=call.transaction_id, event=call.event
        ).exclude(outcome__in=[IpnCall.Outcome.FORGED, IpnCall.Outcome.UNKNOWN_PRODUCT])
        if call.transaction_id and handled.exists():
            call.outcome = IpnCall.Outcome.DUPLICATE
        else:
            call.outcome, call.note = _act(call, params)
        call.save()
    return call


def _act(call: IpnCall, params: dict[str, str]) -> tuple[str, str]:
    if call.event not in (
        "on_payment",
        "on_refund",
        "on_chargeback",
        "on_payment_missed",
    ):
        return IpnCall.Outcome.IGNORED, ""
    product = Product.objects.sold_as(call.product_id)
    if product is None:
        logger.warning("Digistore24: unknown product id %r", call.product_id)
        return (
            IpnCall.Outcome.UNKNOWN_PRODUCT,
            "Kein Produkt hat diese Digistore24-ID.",
        )
    if call.event == "on_payment":
        return _payment(call, params, product)
    member = services.find_member(call.email)
    entitlement = member and member.entitlements.filter(product=product).first()
    if entitlement is None:
        return IpnCall.Outcome.IGNORED, "Kein Zugang zu diesem Produkt gefunden."
    reason = f"Digistore24 {call.event}, Bestellung {call.order_id}"
    if call.event == "on_payment_missed":
        until = entitlement.paid_until or timezone.now()
        services.end_at(entitlement=entitlement, until=until, reason=reason)
        return IpnCall.Outcome.ENDED, f"Zugang endet am {until:%d.%m.%Y}."
    services.revoke(entitlement=entitlement, reason=reason)
    return IpnCall.Outcome.REVOKED, ""


def _payment(call: IpnCall, params: dict[str, str], product) -> tuple[str, str]:
    if not call.email:
        return IpnCall.Outcome.IGNORED, "Die Benachrichtigung nennt keine Adresse."
    member, created = services.get_or_create_member(email=call.email, name=call.name)
    existing = member.entitlements.filter(product=product).first()
    was_active = existing is not None and existing.is_active
    services.grant(
        member=member,
        product=product,
        source="digistore24",
        reason=f"Digistore24-Zahlung, Bestellung {call.order_id}",
        order_id=call.order_id,
        paid_until=_moment(params.get("next_payment_at", "")),
    )
    if not was_active:
        from .tasks import send_welcome_task

        send_welcome_task.enqueue(member.pk)
    if existing is not None and not was_active:
        return IpnCall.Outcome.RESTORED, ""
    return IpnCall.Outcome.GRANTED, "Neues Mitglied." if created else ""
