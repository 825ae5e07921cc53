"""
A second factor for the admin: a code from an authenticator app (TOTP),
with one-time recovery codes for a lost phone, both through django-otp.

Each editor switches it on for her own account ("Zweiter Faktor" in the
admin's top bar). From then on the admin asks for a code after the
password. With ADMIN_REQUIRE_2FA every superuser must set one up before
the admin opens. A superuser switches it off for an account by deleting
the account's devices under "OTP".
"""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, Resolver404, path, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator-App"
RECOVERY_DEVICE_NAME = "Wiederherstellungscodes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
        help_text="Die sechs Ziffern aus deiner App, oder einer deiner "
        "Wiederherstellungscodes.",
    )


def _exempt(path: str) -> bool:
    """The pages an account without its second factor may still open."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.namespace == "second_factor" or match.view_name in (
        "admin:login",
        "admin:logout",
    )


class SecondFactorMiddleware:
    """
    Send a staff account that has not given its second factor in this
    session to the code page (or, a superuser without one while it is
    required, to the page that sets it up).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(f"/{settings.ADMIN_URL}"):
            return self.get_response(request)
        user = request.user
        if (
            not user.is_authenticated
            or not user.is_staff
            or user.is_verified()
            or _exempt(request.path)
        ):
            return self.get_response(request)
        if user_has_device(user):
            target = "second_factor:verify"
        elif settings.ADMIN_REQUIRE_2FA and user.is_superuser:
            target = "second_factor:setup"
        else:
            return self.get_response(request)
        try:
            page = reverse(target)
        except NoReverseMatch:  # a URLconf without these pages (some tests)
            return self.get_response(request)
        return redirect(f"{page}?{urlencode({'next': request.get_full_path()})}")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _context(request: HttpRequest, **context) -> dict:
    from django.contrib import admin

    return admin.site.each_context(request) | {"next": _next_url(request)} | context


@staff_member_required
def verify(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request,
                    f"Du hast einen Wiederherstellungscode verbraucht; es bleiben "
                    f"{left}. Richte bei Gelegenheit neue ein.",
                )
            return redirect(_next_url(request))
        form.add_error(
            "code",
            "Dieser Code stimmt nicht (oder ist abgelaufen). Nimm den aktuellen "
            "aus deiner App oder einen Wiederherstellungscode.",
        )
    return TemplateResponse(
        request,
        "admin/second_factor/verify.html",
        _context(request, form=form, title="Zweiter Faktor"),
    )


def _qr_code(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@staff_member_required
def setup(request: HttpRequest) -> HttpResponse:
    """
    Set up the app for one's own account: scan the code, type one code to
    prove it works, get the recovery codes once.
    """
    user = request.user
    if user_has_device(user) and not user.is_verified():
        return redirect(reverse("second_factor:verify"))
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": APP_DEVICE_NAME}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            codes = _switch_on(user, device)
            otp_login(request, device)
            return TemplateResponse(
                request,
                "admin/second_factor/recovery_codes.html",
                _context(request, codes=codes, title="Zweiter Faktor ist an"),
            )
        form.add_error(
            "code",
            "Dieser Code passt nicht. Prüf die Uhrzeit deines Telefons und nimm "
            "den Code, der gerade angezeigt wird.",
        )
    secret = base64.b32encode(device.bin_key).decode()
    return TemplateResponse(
        request,
        "admin/second_factor/setup.html",
        _context(
            request,
            form=form,
            title="Zweiten Faktor einrichten",
            qr_code=_qr_code(device.config_url),
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            replaces=user_has_device(user),
            required=settings.ADMIN_REQUIRE_2FA and user.is_superuser,
        ),
    )


@transaction.atomic
def _switch_on(user, device: TOTPDevice) -> list[str]:
    """Confirm the new app, retire older ones, make fresh recovery codes."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    return codes


urls = (
    [
        path("", verify, name="verify"),
        path("einrichten/", setup, name="setup"),
    ],
    "second_factor",
)
