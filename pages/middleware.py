from django.http import HttpRequest
from django.middleware.common import CommonMiddleware
from django.urls import Resolver404, resolve

from .models import Page


class SlashMiddleware(CommonMiddleware):
    """
    Django's CommonMiddleware, but "/beratung" only redirects to
    "/beratung/" when that page exists: the pages' catch-all URL would
    otherwise turn every unknown address into a redirect to a 404.
    """

    def should_redirect_with_slash(self, request: HttpRequest) -> bool:
        if not super().should_redirect_with_slash(request):
            return False
        try:
            match = resolve(f"{request.path_info}/")
        except Resolver404:
            return False
        if match.view_name == "pages:page_detail":
            return Page.objects.published().filter(slug=match.kwargs["slug"]).exists()
        return True
