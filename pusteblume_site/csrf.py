"""
Cross-site protection for the public forms, without a cookie.

Reader pages are cached whole and shared by everyone, so they cannot carry a
per-visitor CSRF token, and setting a `csrftoken` cookie would make every
page private. The public forms (such as the newsletter signup) therefore use
`same_origin_post` instead of Django's token check: the browser itself says
where a POST comes from. Every browser in use sends an `Origin` header with
a form POST, and pages cannot forge it; browsers that leave it out send
`Sec-Fetch-Site`, which is just as unforgeable.

Why that is enough: the worst a forged POST could do is submit a signup in
a visitor's name, and a signup only triggers a confirmation mail (double
opt-in): nobody lands on the list without clicking the link in their own
inbox. No session, login or stored setting can be changed through these
views.

Django's CsrfViewMiddleware stays on for everything else. The admin, the
login and every view used by logged-in editors keep the token check.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import is_same_domain
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
SAME_ORIGIN_FETCH_SITES = {"same-origin", "none"}


def _trusted_origin(origin: str) -> bool:
    """Whether CSRF_TRUSTED_ORIGINS lists the origin (with Django's wildcards)."""
    trusted = settings.CSRF_TRUSTED_ORIGINS
    if origin in trusted:
        return True
    try:
        parsed = urlsplit(origin)
    except ValueError:
        return False
    return any(
        is_same_domain(parsed.netloc, urlsplit(pattern).netloc.lstrip("*"))
        for pattern in trusted
        if "*" in pattern and urlsplit(pattern).scheme == parsed.scheme
    )


def is_same_origin(request: HttpRequest) -> bool:
    """
    Whether the browser reports that this request comes from our own pages.

    `Origin` decides when present ("null", sent from sandboxed frames and
    some redirects, never matches). Without it, `Sec-Fetch-Site` must say
    "same-origin" or "none" (typed into the address bar). A request with
    neither header, such as one from a script, is refused.
    """
    origin = request.headers.get("Origin")
    if origin is not None:
        own = f"{request.scheme}://{request.get_host()}"
        return origin == own or _trusted_origin(origin)
    return request.headers.get("Sec-Fetch-Site") in SAME_ORIGIN_FETCH_SITES


REFUSED_TEMPLATE = "cross_site_refused.html"


def same_origin_post(
    view: Callable | None = None, *, refused_template: str = REFUSED_TEMPLATE
) -> Callable:
    """
    Exempt a public view from the token check and check the origin instead.
    A refused POST gets `refused_template` (an app may bring its own, which
    says what was not saved) with status 403.
    """

    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in SAFE_METHODS and not is_same_origin(request):
                return render(request, refused_template, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
