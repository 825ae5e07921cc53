from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from blog.models import OldSlug, Post
from pusteblume_site import access
from pusteblume_site.middleware import redirect_with_slash_if
from pusteblume_site.previews import find_for_reader, never_cache_preview

from .models import Page

LATEST_POSTS_ON_HOME = 6


def home(request: HttpRequest) -> HttpResponse:
    page = Page.objects.with_role(Page.Role.HOME).defer(*Page.search_columns).first()
    latest_posts = Post.objects.published().for_list()[:LATEST_POSTS_ON_HOME]
    return render(
        request, "pages/home.html", {"page": page, "latest_posts": latest_posts}
    )


def has_page(slug: str) -> bool:
    """Whether /<slug>/ is a page or the old address of one."""
    return (
        Page.objects.published().filter(slug=slug).exists()
        or OldSlug.objects.for_model(Page).filter(slug=slug).exists()
    )


@redirect_with_slash_if(has_page)
def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """
    A published page. Editors also see unpublished ones, marked as such and
    never cached; everyone else gets a 404 for those.
    """
    page, is_preview = find_for_reader(
        request,
        published=Page.objects.published().defer(*Page.search_columns),
        for_editors=Page.objects.all,
        slug=slug,
    )
    if page is None:
        return redirect_from_old_slug(slug)
    if page.role == Page.Role.HOME:
        return redirect("pages:home", permanent=True)
    if page.get_absolute_url() != request.path:
        # The blog's page only lends its texts to /blog/.
        raise Http404
    full_access = access.may_read(request, page)
    context = {
        "page": page,
        "full_access": full_access,
        "preview_switch": page.members_only and access.offers_preview_switch(request),
        "body": page.rendered_body if full_access else page.teaser_html,
    }
    response = render(request, "pages/page_detail.html", context)
    return never_cache_preview(response, is_preview=is_preview)


def redirect_from_old_slug(slug: str) -> HttpResponse:
    """A renamed page's old address leads to its new one."""
    old = OldSlug.objects.for_model(Page).filter(slug=slug).first()
    page = old and Page.objects.published().filter(pk=old.object_id).first()
    if not page:
        raise Http404
    return redirect(page, permanent=True)
