from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView

from pusteblume_site.clients import client_ip
from pusteblume_site.csrf import same_origin_post

from . import services
from .forms import SubscribeForm
from .models import Issue


@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_post
def subscribe(request: HttpRequest) -> HttpResponse:
    """
    The signup page, and the endpoint of every signup box on the site.

    Sets no cookie: errors are shown on this page, success is a redirect to
    a page that is the same for everyone.
    """
    form = SubscribeForm(request.POST or None)
    status = HTTPStatus.OK
    if request.method == "POST":
        if form.is_bot:
            return redirect("newsletter:subscribe_done")
        if form.is_valid():
            result = services.subscribe(
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                consent=form.cleaned_data["consent"],
                source=form.cleaned_data["source"],
                ip=client_ip(request),
            )
            if result is services.SignupResult.ACCEPTED:
                return redirect("newsletter:subscribe_done")
            status = HTTPStatus.TOO_MANY_REQUESTS
    return render(
        request,
        "newsletter/subscribe_form.html",
        {"newsletter_form": form, "rate_limited": status != HTTPStatus.OK},
        status=status,
    )


@require_http_methods(["GET", "HEAD"])
def subscribe_done(request: HttpRequest) -> HttpResponse:
    return render(request, "newsletter/subscribe_done.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_post
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """
    The link from the confirmation mail.

    GET only shows a button: mail scanners open links, and opening a link
    must not subscribe anyone. The POST from the button confirms.
    """
    if request.method == "POST" and "resend" in request.POST:
        check = services.check_confirmation_token(token=token)
        if check.state is services.TokenState.EXPIRED:
            # Same page whether or not the hourly limit let a mail go out.
            services.resend_confirmation(subscriber=check.subscriber)
            return render(request, "newsletter/confirm_resent.html")
    elif request.method == "POST":
        check = services.confirm(token=token)
        if check.state is services.TokenState.VALID:
            return render(request, "newsletter/confirm_done.html")
    else:
        check = services.check_confirmation_token(token=token)
    if check.state is services.TokenState.VALID:
        return render(
            request,
            "newsletter/confirm.html",
            {"already_confirmed": check.subscriber.confirmed_at is not None},
        )
    if check.state is services.TokenState.EXPIRED:
        return render(
            request, "newsletter/confirm_expired.html", status=HTTPStatus.GONE
        )
    return render(
        request, "newsletter/confirm_invalid.html", status=HTTPStatus.NOT_FOUND
    )


# No origin check here: mail programs send the RFC 8058 one-click POST from
# their own servers, without Origin. The signed token in the address is the
# authorisation, and the worst a forged request can do is what the token's
# owner asked for by clicking it.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        subscriber = services.unsubscribe(token=token)
        template = "newsletter/unsubscribe_done.html"
    else:
        subscriber = services.subscriber_for_unsubscribe(token=token)
        template = "newsletter/unsubscribe.html"
    if subscriber is None:
        return render(
            request, "newsletter/unsubscribe_invalid.html", status=HTTPStatus.NOT_FOUND
        )
    return render(request, template, {"subscriber": subscriber})


class IssueListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return Issue.objects.archived().order_by("-sent_at")


class IssueDetailView(DetailView):
    def get_queryset(self):
        return Issue.objects.archived()
