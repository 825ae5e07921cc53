"""
Everything that changes members and their access, and every mail they get.
Views, the admin, the CSV import and the Digistore24 notifications all come
through here.
"""

import json
import secrets
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from sesame.utils import get_token

from pusteblume_site.models import SiteSettings
from pusteblume_site.tokens import TokenState, read_timed_token

from .models import Entitlement, EntitlementChange, IpnCall, Member, Product

EMAIL_CHANGE_SALT = "members.email-change"
EMAIL_CHANGE_MAX_AGE = 60 * 60 * 24
RATE_WINDOW = 60 * 60


def normalise(email: str) -> str:
    return email.strip().lower()


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def quiet(user):
    """
    Users show on reader pages as authors, so saving one renews the page
    cache; a member's sign-in or new account changes no reader page.
    """
    user.changes_reader_pages = False
    return user


# Members and entitlements


def find_member(email: str) -> Member | None:
    return (
        Member.objects.select_related("user")
        .filter(user__email__iexact=normalise(email), user__is_staff=False)
        .first()
    )


def get_or_create_member(*, email: str, name: str = "") -> tuple[Member, bool]:
    """The member with this address, made on first purchase or import."""
    email = normalise(email)
    member = find_member(email)
    if member is not None:
        if name and not member.name:
            member.name = name
            member.save(update_fields=["name"])
        return member, False
    user = quiet(get_user_model()(username=f"mitglied-{secrets.token_hex(8)}"))
    user.email = email
    user.set_unusable_password()
    user.save()
    return Member.objects.create(user=user, name=name), True


def grant(
    *,
    member: Member,
    product: Product,
    source: str,
    reason: str,
    since: datetime | None = None,
    order_id: str = "",
    paid_until: datetime | None = None,
) -> Entitlement:
    """Give the member the product from `since` (now) for ever."""
    with transaction.atomic():
        entitlement, created = Entitlement.objects.select_for_update().get_or_create(
            member=member,
            product=product,
            defaults={"source": source, "since": since or timezone.now()},
        )
        restored = not created and not entitlement.is_active
        entitlement.until = None
        entitlement.revoked_at = None
        if since and created:
            entitlement.since = since
        if order_id:
            entitlement.order_id = order_id
            entitlement.source = source
        if paid_until:
            entitlement.paid_until = paid_until
        entitlement.save()
        if created or restored:
            action = (
                EntitlementChange.Action.RESTORE
                if restored
                else EntitlementChange.Action.GRANT
            )
            entitlement.changes.create(action=action, reason=reason)
    return entitlement


def revoke(*, entitlement: Entitlement, reason: str) -> None:
    """End access at once (refund, chargeback, by hand)."""
    entitlement.revoked_at = timezone.now()
    entitlement.save(update_fields=["revoked_at"])
    entitlement.changes.create(action=EntitlementChange.Action.REVOKE, reason=reason)


def end_at(*, entitlement: Entitlement, until: datetime, reason: str) -> None:
    """Let access run out at `until` (a subscription no longer paid)."""
    entitlement.until = until
    entitlement.save(update_fields=["until"])
    entitlement.changes.create(action=EntitlementChange.Action.END, reason=reason)


def has_access(*, user, product_ids: list[int]) -> bool:
    return (
        Entitlement.objects.active()
        .filter(member__user=user, product_id__in=product_ids)
        .exists()
    )


# Sign-in links


def _count(key: str) -> int:
    cache.add(key, 0, timeout=RATE_WINDOW)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=RATE_WINDOW)
        return 1


def ip_allowed(ip: str | None) -> bool:
    """Sign-in requests per client and hour; the address is only hashed."""
    if not ip:
        return True
    key = "members:signin:ip:" + salted_hmac("members.signin.ip", ip).hexdigest()
    return _count(key) <= settings.MEMBERS_SIGNINS_PER_IP


def request_sign_in(*, email: str, next_url: str = "") -> None:
    """
    Mail a sign-in link if the address belongs to a member and no link went
    to it in the last MEMBERS_LINK_INTERVAL minutes. Says nothing either
    way: the page must not tell who is a member.
    """
    member = find_member(email)
    if member is None:
        return
    digest = salted_hmac("members.signin.mail", member.email).hexdigest()
    key = f"members:signin:mail:{digest}"
    if not cache.add(key, 1, timeout=settings.MEMBERS_LINK_INTERVAL * 60):
        return
    from .tasks import send_sign_in_link_task

    send_sign_in_link_task.enqueue(member.pk, next_url)


def sign_in_url(member: Member, next_url: str = "") -> str:
    path = reverse("members:sign_in_link", kwargs={"token": get_token(member.user)})
    if next_url:
        path += "?" + urlencode({"weiter": next_url})
    return absolute_url(path)


def _mail(*, to: str, subject: str, template: str, context: dict) -> None:
    site = SiteSettings.load()
    context = {
        "site_name": site.site_name,
        "owner_name": site.owner_name,
        "site_url": absolute_url("/"),
        "minutes": settings.MEMBERS_LINK_MINUTES,
        **context,
    }
    EmailMessage(
        subject=subject,
        body=get_template(template).render(context),
        to=[to],
    ).send()


def send_sign_in_link(*, member_id: int, next_url: str = "", welcome=False) -> None:
    member = Member.objects.select_related("user").filter(pk=member_id).first()
    if member is None:
        return
    subject = "Willkommen im Mitgliederbereich" if welcome else "Dein Link zum Anmelden"
    _mail(
        to=member.email,
        subject=subject,
        template="members/email/sign_in.txt",
        context={
            "member": member,
            "welcome": welcome,
            "sign_in_url": sign_in_url(member, next_url),
            "products": [e.product for e in member.active_entitlements()],
        },
    )


def end_all_sessions(user) -> None:
    """
    Sign the member out everywhere: a new (unusable) password changes the
    hash every session carries, and sign-in links still out stop working.
    """
    user.set_unusable_password()
    quiet(user).save(update_fields=["password"])


# Changing the address


def request_email_change(*, member: Member, new_email: str) -> None:
    new_email = normalise(new_email)
    token = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign(
        f"{member.pk}:{new_email}"
    )
    _mail(
        to=new_email,
        subject="Bitte bestätige deine neue Adresse",
        template="members/email/email_change.txt",
        context={
            "member": member,
            "confirm_url": absolute_url(
                reverse("members:email_confirm", kwargs={"token": token})
            ),
        },
    )


def read_email_change(token: str) -> tuple[TokenState, Member | None, str]:
    state, value = read_timed_token(
        token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE
    )
    if state is TokenState.INVALID:
        return state, None, ""
    pk, _, email = value.partition(":")
    member = Member.objects.select_related("user").filter(pk=pk).first()
    if member is None:
        return TokenState.INVALID, None, ""
    return state, member, email


def change_email(*, member: Member, new_email: str) -> bool:
    """False when another account already has the address."""
    taken = get_user_model().objects.filter(email__iexact=new_email)
    if taken.exclude(pk=member.user_id).exists():
        return False
    member.user.email = new_email
    quiet(member.user).save(update_fields=["email"])
    return True


# The member's own data (GDPR)


def export(member: Member) -> str:
    """Everything stored about the member, as JSON."""
    data = {
        "email": member.email,
        "name": member.name,
        "mitglied_seit": member.created_at,
        "zugaenge": [
            {
                "produkt": e.product.name,
                "seit": e.since,
                "bis": e.until,
                "entzogen_am": e.revoked_at,
                "quelle": e.get_source_display(),
                "bestellung": e.order_id,
                "verlauf": [
                    {"zeitpunkt": c.at, "aenderung": c.get_action_display()}
                    for c in e.changes.all()
                ],
            }
            for e in member.entitlements.select_related("product")
        ],
        "digistore24": [
            {
                "eingegangen": call.received_at,
                "ereignis": call.event,
                "bestellung": call.order_id,
                "name": call.name,
            }
            for call in IpnCall.objects.filter(email__iexact=member.email)
        ],
    }
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def delete_account(member: Member) -> None:
    """
    Erase the member; the entitlements stay, without a person, as
    bookkeeping of what was sold.
    """
    with transaction.atomic():
        email = member.email
        IpnCall.objects.filter(email__iexact=email).update(email="", name="")
        quiet(member.user).delete()


def personal_data(email: str) -> list[str]:
    lines = []
    member = find_member(email)
    if member:
        lines.append(f"Mitglied seit {member.created_at:%d.%m.%Y}: {member}")
        for entitlement in member.entitlements.select_related("product"):
            state = "aktiv" if entitlement.is_active else "beendet"
            lines.append(f"Zugang zu „{entitlement.product}“ ({state})")
    calls = IpnCall.objects.filter(email__iexact=normalise(email)).count()
    if calls:
        lines.append(f"{calls} Digistore24-Benachrichtigungen")
    return lines


def erase_personal_data(email: str) -> None:
    member = find_member(email)
    if member:
        delete_account(member)
    IpnCall.objects.filter(email__iexact=normalise(email)).update(email="", name="")


def active_member_filter() -> Q:
    return Q(entitlements__in=Entitlement.objects.active())
