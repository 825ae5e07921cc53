from collections.abc import Callable

from django.http import HttpRequest
from django.middleware.common import CommonMiddleware
from django.urls import Resolver404, resolve


def redirect_with_slash_if(exists: Callable[..., bool]) -> Callable:
    """
    Mark a catch-all view: "/x" redirects to "/x/" only when exists(**kwargs)
    says there is something at "/x/".
    """

    def decorate(view: Callable) -> Callable:
        view.slash_target_exists = exists
        return view

    return decorate


class SlashMiddleware(CommonMiddleware):
    """
    Django's CommonMiddleware, but a catch-all URL (such as the pages'
    "<slug>/") redirects "/beratung" to "/beratung/" only when that page
    exists; otherwise every unknown address would become a redirect to a 404.
    """

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        if not super().should_redirect_with_slash(request):
            return False
        try:
            match = resolve(f"{request.path_info}/")
        except Resolver404:
            return False
        exists = getattr(match.func, "slash_target_exists", None)
        return exists is None or exists(**match.kwargs)
