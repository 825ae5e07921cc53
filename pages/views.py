from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static

from blog.models import Post

from .models import HOME_SLUG, Page

LATEST_POSTS_ON_HOME = 6


def home(request: HttpRequest) -> HttpResponse:
    page = Page.objects.published().filter(slug=HOME_SLUG).first()
    latest_posts = Post.objects.published().for_list()[:LATEST_POSTS_ON_HOME]
    return render(
        request, "pages/home.html", {"page": page, "latest_posts": latest_posts}
    )


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    if slug == HOME_SLUG:
        return redirect("pages:home", permanent=True)
    pages = Page.objects.all() if request.user.is_staff else Page.objects.published()
    page = get_object_or_404(pages, slug=slug)
    if page.get_absolute_url() != request.path:
        # The "blog" page only lends its texts to /blog/.
        raise Http404
    return render(request, "pages/page_detail.html", {"page": page})


def favicon(request: HttpRequest) -> HttpResponse:
    # Browsers ask for /favicon.ico on pages that name no icon (the admin).
    return redirect(static("img/favicon.svg"), permanent=True)
