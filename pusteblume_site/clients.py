"""Who is asking: the client's IP address behind the site's proxies."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """
    The visitor's address, for the per-address rate limits only (newsletter
    signups, comments).

    Behind a reverse proxy REMOTE_ADDR is the proxy, and every visitor would
    share one limit. The proxy's X-Forwarded-For is used instead when the
    direct peer is a proxy on this machine (loopback or a Unix socket), or
    when NEWSLETTER_TRUSTED_PROXIES says how many proxies stand in front.
    Only entries added by trusted proxies count: the client can put anything
    at the left end of the header.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    forwarded = [
        part.strip()
        for part in request.headers.get("X-Forwarded-For", "").split(",")
        if part.strip()
    ]
    proxies = settings.NEWSLETTER_TRUSTED_PROXIES
    if not proxies and forwarded and _is_local(remote):
        proxies = 1
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote or None


def _is_local(address: str) -> bool:
    if not address:
        return True  # a Unix socket: the peer is on this machine
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False
