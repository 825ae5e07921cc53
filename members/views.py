from http import HTTPStatus

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from pusteblume_site import access
from pusteblume_site.clients import client_ip
from pusteblume_site.csrf import same_origin_post
from pusteblume_site.page_cache import reads_params
from pusteblume_site.tokens import TokenState

from . import digistore, services
from .forms import DeleteAccountForm, EmailChangeForm, SignInForm
from .models import Download, IpnCall, Member

REFUSED = "members/refused.html"


def current_member(request: HttpRequest) -> Member | None:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = request.user
    if not user.is_authenticated or user.is_staff:
        return None
    return Member.objects.filter(user=user).select_related("user").first()


def safe_next(request: HttpRequest, value: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and allowed and value.startswith("/") else ""


def private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True)
    return response


# Signing in


# Where to go after signing in (?weiter=) is the asking reader's own.
@reads_params("weiter", cache=False)
@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_post(refused_template=REFUSED)
def sign_in(request: HttpRequest) -> HttpResponse:
    """
    Ask for the address and mail a link. Sets no cookie, and answers the
    same for every address, known or not.
    """
    form = SignInForm(
        request.POST or None,
        initial={"weiter": safe_next(request, request.GET.get("weiter", ""))},
    )
    status = HTTPStatus.OK
    if request.method == "POST":
        if not services.ip_allowed(client_ip(request)):
            status = HTTPStatus.TOO_MANY_REQUESTS
        elif form.is_valid():
            services.request_sign_in(
                email=form.cleaned_data["email"],
                next_url=safe_next(request, form.cleaned_data["weiter"]),
            )
            return redirect("members:sign_in_sent")
        else:
            status = HTTPStatus.BAD_REQUEST
    return render(
        request,
        "members/sign_in.html",
        {"form": form, "rate_limited": status == HTTPStatus.TOO_MANY_REQUESTS},
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def sign_in_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "members/sign_in_sent.html")


@reads_params("weiter", cache=False)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_post(refused_template=REFUSED)
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """
    The link from the mail. GET only shows a button: mail scanners open
    links, and opening one must not sign anybody in (nor use up the link).
    The POST from the button signs in and sets the session cookie.
    """
    # sesame's backend reads the token; with the request, so the login
    # throttle (axes) sees it too. Nothing is used up before the POST.
    user = authenticate(request, sesame=token)
    if user is None or user.is_staff or not hasattr(user, "member"):
        return render(
            request, "members/link_invalid.html", status=HTTPStatus.BAD_REQUEST
        )
    next_url = safe_next(request, request.GET.get("weiter", ""))
    if request.method != "POST":
        return render(request, "members/sign_in_confirm.html", {"member": user.member})
    login(
        request,
        services.quiet(user),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    request.session.set_expiry(settings.MEMBERS_SESSION_DAYS * 24 * 60 * 60)
    return redirect(next_url or "members:dashboard")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("members:sign_in")


@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    if member is not None:
        services.end_all_sessions(member.user)
    logout(request)
    return redirect("members:sign_in")


# The members' own pages


def member_page(view):
    """Signed-in members only; everybody else is asked to sign in."""

    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        member = current_member(request)
        if member is None:
            sign_in_url = reverse("members:sign_in")
            return redirect(f"{sign_in_url}?weiter={reverse('members:dashboard')}")
        return private(view(request, member, *args, **kwargs))

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@require_http_methods(["GET", "HEAD"])
@member_page
def dashboard(request: HttpRequest, member: Member) -> HttpResponse:
    """The member's products with what they open, and the account."""
    entitlements = list(member.active_entitlements())
    opened = access.opened_by([e.product_id for e in entitlements])
    downloads = Download.objects.filter(
        products__in=[e.product_id for e in entitlements]
    ).distinct()
    return render(
        request,
        "members/dashboard.html",
        {
            "member": member,
            "entitlements": entitlements,
            "opened": opened,
            "downloads": downloads,
            "email_form": EmailChangeForm(),
            "delete_form": DeleteAccountForm(),
            "notice": request.GET.get("hinweis", "")[:20],
        },
    )


@require_POST
@member_page
def email_change(request: HttpRequest, member: Member) -> HttpResponse:
    form = EmailChangeForm(request.POST)
    if form.is_valid():
        services.request_email_change(
            member=member, new_email=form.cleaned_data["email"]
        )
        return redirect(f"{reverse('members:dashboard')}?hinweis=adresse")
    return render(
        request,
        "members/dashboard.html",
        {
            "member": member,
            "entitlements": list(member.active_entitlements()),
            "email_form": form,
            "delete_form": DeleteAccountForm(),
        },
        status=HTTPStatus.BAD_REQUEST,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_post(refused_template=REFUSED)
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link to the new address: GET shows a button, POST changes it."""
    state, member, new_email = services.read_email_change(token)
    if state is not TokenState.VALID:
        return render(
            request,
            "members/email_invalid.html",
            {"expired": state is TokenState.EXPIRED},
            status=HTTPStatus.BAD_REQUEST,
        )
    if request.method != "POST":
        return render(request, "members/email_confirm.html", {"new_email": new_email})
    if not services.change_email(member=member, new_email=new_email):
        return render(
            request,
            "members/email_invalid.html",
            {"taken": True},
            status=HTTPStatus.CONFLICT,
        )
    return render(request, "members/email_done.html", {"new_email": new_email})


@require_http_methods(["GET", "HEAD"])
@member_page
def data_export(request: HttpRequest, member: Member) -> HttpResponse:
    response = HttpResponse(
        services.export(member), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="meine-daten.json"'
    return response


@require_POST
@member_page
def delete_account(request: HttpRequest, member: Member) -> HttpResponse:
    form = DeleteAccountForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "members/dashboard.html",
            {
                "member": member,
                "entitlements": list(member.active_entitlements()),
                "email_form": EmailChangeForm(),
                "delete_form": form,
            },
            status=HTTPStatus.BAD_REQUEST,
        )
    services.delete_account(member)
    logout(request)
    return render(request, "members/account_deleted.html")


# Downloads


@require_http_methods(["GET", "HEAD"])
def download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """
    A protected file, for signed-in members with one of its products only.
    The address holds nothing that opens it: a copied link works for
    nobody else.
    """
    item = get_object_or_404(Download, pk=pk)
    if name != item.download_name:
        raise Http404
    member = current_member(request)
    product_ids = list(item.products.values_list("pk", flat=True))
    entitled = member is not None and services.has_access(
        user=member.user, product_ids=product_ids
    )
    if not entitled and not (request.user.is_authenticated and request.user.is_staff):
        response = render(
            request,
            "members/download_refused.html",
            {"signed_in": member is not None, "download": item},
            status=HTTPStatus.FORBIDDEN,
        )
        add_never_cache_headers(response)
        return response
    return private(serve_file(item))


def serve_file(item: Download) -> HttpResponse:
    disposition = f'attachment; filename="{item.download_name}"'
    server = settings.MEMBERS_DOWNLOAD_SERVER
    if server == "nginx":
        response = HttpResponse()
        response["X-Accel-Redirect"] = (
            settings.MEMBERS_DOWNLOAD_INTERNAL_URL.rstrip("/") + "/" + item.file.name
        )
    elif server == "sendfile":
        response = HttpResponse()
        response["X-Sendfile"] = item.file.path
    else:
        try:
            handle = item.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=item.download_name)
    response["Content-Type"] = "application/octet-stream"
    response["Content-Disposition"] = disposition
    return response


# Digistore24


@csrf_exempt
@require_POST
def digistore24_ipn(request: HttpRequest) -> HttpResponse:
    """
    Digistore24's notification of a transaction. Answers "OK" and the
    sign-in address; 403 for a wrong signature, 503 when no passphrase is
    set (nothing is granted then).
    """
    passphrase = settings.DIGISTORE24_IPN_PASSPHRASE
    if not passphrase:
        return HttpResponse(
            "Die Schnittstelle ist nicht eingerichtet.",
            status=HTTPStatus.SERVICE_UNAVAILABLE,
            content_type="text/plain; charset=utf-8",
        )
    params = request.POST.dict()
    if not digistore.is_signed(passphrase, params):
        IpnCall.objects.create(
            event=params.get("event", "")[:40],
            transaction_id=params.get("transaction_id", "")[:60],
            outcome=IpnCall.Outcome.FORGED,
        )
        return HttpResponse(
            "Signatur ungültig.",
            status=HTTPStatus.FORBIDDEN,
            content_type="text/plain; charset=utf-8",
        )
    call = digistore.handle(params)
    lines = ["OK"]
    if call.event == "on_payment" and call.email:
        lines += [
            f"username: {call.email}",
            "password: kein Passwort nötig, du meldest dich per E-Mail-Link an",
            f"loginurl: {services.absolute_url(reverse('members:sign_in'))}",
            "headline: Dein Zugang zum Mitgliederbereich ist freigeschaltet.",
        ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
