from http import HTTPStatus

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from pusteblume_site import access
from pusteblume_site.clients import client_ip
from pusteblume_site.csrf import same_origin_post

from ..models import Post
from ..views import post_page
from . import emails, services
from .forms import CommentForm
from .threads import CommentThreads

FORM_ANCHOR = "kommentieren"


@require_POST
@same_origin_post(refused_template="blog/comment_refused.html")
def comment_create(request: HttpRequest, slug: str) -> HttpResponse:
    """
    A comment or reply from the form under a post.

    Sets no cookie, like every reader page: an error sends the post back
    with the reader's text in the form; success redirects to the post with
    a notice (?kommentar=wartet or =online), the same for everyone.
    """
    post = Post.objects.published().filter(slug=slug).first()
    if post is None:
        raise Http404
    if not access.may_read(request, post):
        # Members' area: only who may read a protected post comments on it.
        return post_page(request, slug, status=HTTPStatus.FORBIDDEN)
    threads = CommentThreads.for_post(post)
    form = CommentForm(request.POST, post=post, visible=threads.by_id)
    if not post.comments_open:
        # The page says so and offers the reader's text back for copying.
        return post_page(request, slug, comment_form=form, status=HTTPStatus.FORBIDDEN)
    if not form.is_valid():
        return post_page(request, slug, comment_form=form)
    outcome = services.submit(
        post=post,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        website=form.cleaned_data["website"],
        text=form.cleaned_data["text"],
        parent=form.cleaned_data["parent"],
        notify=form.cleaned_data["notify"],
        ip=client_ip(request),
        is_bot=form.is_bot,
    )
    if outcome is services.Outcome.RATE_LIMITED:
        form.add_error(
            None,
            "Von deinem Anschluss kamen in der letzten Stunde schon sehr viele "
            "Kommentare. Bitte versuch es später noch einmal – dein Text steht "
            "noch unten im Formular.",
        )
        return post_page(
            request, slug, comment_form=form, status=HTTPStatus.TOO_MANY_REQUESTS
        )
    notice = "online" if outcome is services.Outcome.APPROVED else "wartet"
    return redirect(f"{post.get_absolute_url()}?kommentar={notice}#{FORM_ANCHOR}")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@same_origin_post
def notifications_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """
    The link from the confirmation mail. GET only shows a button (mail
    scanners open links); the button's POST confirms.
    """
    if request.method == "POST":
        state, address = services.confirm_notifications(token=token)
        if state is services.TokenState.VALID:
            return render(request, "blog/notifications_confirmed.html")
    else:
        state, address = services.check_confirmation(token=token)
    if state is services.TokenState.VALID:
        return render(
            request,
            "blog/notifications_confirm.html",
            {"already_confirmed": address.confirmed_at is not None},
        )
    return render(
        request,
        "blog/notifications_invalid.html",
        {"expired": state is services.TokenState.EXPIRED},
        status=HTTPStatus.GONE
        if state is services.TokenState.EXPIRED
        else HTTPStatus.NOT_FOUND,
    )


# No origin check: mail programs send the RFC 8058 one-click POST from their
# own servers. The signed token is the authorisation, and the worst a forged
# request can do is what its owner asked for by clicking.
@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def notifications_stop(request: HttpRequest, token: str) -> HttpResponse:
    address, post = services.check_stop(token=token)
    if address is None:
        return render(
            request, "blog/notifications_invalid.html", status=HTTPStatus.NOT_FOUND
        )
    if request.method == "POST":
        services.stop_notifications(address=address, post=post)
        template = "blog/notifications_stopped.html"
    else:
        template = "blog/notifications_stop.html"
    return render(
        request,
        template,
        {
            "post": post,
            "email": address.email,
            "all_url": reverse(
                "blog:comment_notifications_stop",
                args=[emails.stop_token(address, None)],
            ),
        },
    )
