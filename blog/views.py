import hashlib
import re
from http import HTTPStatus

from django.core.cache import caches
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import ListView, MonthArchiveView, YearArchiveView

from pages.models import Page
from pusteblume_site import access
from pusteblume_site.page_cache import content_version, reads_params
from pusteblume_site.previews import find_for_reader, never_cache_preview

from .comments.forms import CommentForm
from .comments.threads import CommentThreads
from .models import Category, OldSlug, Post, PostViewCount, Tag

# Crawlers, link previewers, uptime checks and scripts. Real browsers say
# "Mozilla/5.0 (…)" and none of these words.
BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|archiv|fetch|preview|scan|monitor|check|headless"
    r"|lighthouse|pingdom|curl|wget|python|java/|go-http|okhttp|axios|node"
    r"|httpclient|libwww|facebookexternalhit|embedly|whatsapp|telegram|discord"
    r"|skype|mastodon|feed",
    re.IGNORECASE,
)
EXTRAS_SECONDS = 24 * 60 * 60
# A transparent 1×1 GIF.
PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


@reads_params("page")
class BlogListView(ListView):
    """Live posts, newest first, ten a page (?page=N; a bad page is a 404)."""

    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = 10

    def get_queryset(self):
        return Post.objects.published().for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(feeds=self.feed_links(), **kwargs)

    def feed_links(self) -> list[dict]:
        """The feeds a list page names for feed readers, its own first."""
        return feed_links(_("Blog"), "blog:feed", "blog:atom_feed")


def feed_links(title: str, rss: str, atom: str, **kwargs) -> list[dict]:
    return [
        {"title": f"{title} (RSS)", "type": "rss", "url": reverse(rss, kwargs=kwargs)},
        {
            "title": f"{title} (Atom)",
            "type": "atom",
            "url": reverse(atom, kwargs=kwargs),
        },
    ]


class PostListView(BlogListView):
    def get_context_data(self, **kwargs):
        page = Page.objects.with_role(Page.Role.BLOG).first()
        return super().get_context_data(
            heading=page.title if page else _("Blog"),
            blog_page=page,
            blog_index=True,
            list_description=page.meta_description if page else "",
            **kwargs,
        )


class CategoryPostListView(BlogListView):
    def get(self, request, *args, **kwargs):
        self.category = Category.objects.filter(slug=kwargs["slug"]).first()
        if self.category is None:
            return redirect_from_old_slug(request, Category, kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.category.name,
            category=self.category,
            list_description=self.category.description,
            **kwargs,
        )

    def feed_links(self) -> list[dict]:
        own = feed_links(
            self.category.name,
            "blog:category_feed",
            "blog:category_atom_feed",
            slug=self.category.slug,
        )
        return own + super().feed_links()


class TagPostListView(BlogListView):
    def get(self, request, *args, **kwargs):
        self.tag = Tag.objects.filter(slug=kwargs["slug"]).first()
        if self.tag is None:
            return redirect_from_old_slug(request, Tag, kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(tagged_items__tag=self.tag)

    def get_context_data(self, **kwargs):
        heading = _("Beiträge mit dem Schlagwort „%(tag)s“") % {"tag": self.tag.name}
        return super().get_context_data(heading=heading, tag=self.tag, **kwargs)

    def feed_links(self) -> list[dict]:
        own = feed_links(
            _("Schlagwort „%(tag)s“") % {"tag": self.tag.name},
            "blog:tag_feed",
            "blog:tag_atom_feed",
            slug=self.tag.slug,
        )
        return own + super().feed_links()


class PostArchiveMixin:
    """
    Django's date archives over live posts, listed ten a page like the
    blog; an empty year or month is a 404.
    """

    date_field = "published_at"
    ordering = ["-published_at", "-pk"]
    month_format = "%m"
    make_object_list = True
    # Emptiness is judged from the paginator's count, which the page needs
    # anyway: allow_empty = False would cost a query of its own, and one
    # more for each of the neighbouring periods.
    allow_empty = True

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        # The archive lists posts, not the months or days that have some.
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["paginator"].count:
            raise Http404
        return context


class YearPostListView(PostArchiveMixin, YearArchiveView, BlogListView):
    def get_context_data(self, **kwargs):
        heading = _("Beiträge aus %(year)s") % {"year": self.get_year()}
        return super().get_context_data(heading=heading, **kwargs)


class MonthPostListView(PostArchiveMixin, MonthArchiveView, BlogListView):
    def get_context_data(self, **kwargs):
        month = date_format(kwargs["month"], "F Y")
        heading = _("Beiträge aus %(month)s") % {"month": month}
        return super().get_context_data(heading=heading, **kwargs)


@reads_params("q", "page", cache=False)
@require_GET
def post_search(request: HttpRequest) -> HttpResponse:
    """The blog's old search address: the site search now, with the query."""
    url = reverse("search")
    if query := request.GET.urlencode():
        url = f"{url}?{query}"
    return redirect(url, permanent=True)


# A reply form (?antworten=<id>) and the notice after commenting
# (?kommentar=…) are rendered for the reader who asked, never cached.
@reads_params("antworten", "kommentar", cache=False)
@require_http_methods(["GET", "HEAD"])
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """
    A live post. Staff also see drafts and scheduled posts here, marked as
    such and never cached; everyone else gets a 404 for those. An old slug
    redirects to the post's current address; a deleted post is 410 Gone.
    """
    return post_page(request, slug)


def post_page(
    request: HttpRequest,
    slug: str,
    *,
    comment_form: CommentForm | None = None,
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    """
    The post page, with its comments and the comment form: empty, a reply
    form (?antworten=<id>), or the reader's form sent back with its errors.
    """
    if len(slug) > Post._meta.get_field("slug").max_length:
        raise Http404
    # The neighbours and related posts change only with the content, so they
    # are kept under the content version, which every save and every
    # scheduled publication renews.
    slug_hash = hashlib.blake2b(slug.encode(), digest_size=12).hexdigest()
    extras_key = f"blog:post-extras:{content_version()}:{slug_hash}"
    extras = caches["template_fragments"].get(extras_key)
    published = Post.objects.for_detail()
    if extras is None:
        published = published.with_neighbours()
    post, is_preview = find_for_reader(
        request,
        published=published.published(),
        for_editors=lambda: Post.objects.for_detail().with_neighbours(),
        slug=slug,
    )
    if is_preview:
        extras = None
    if post is None:
        return redirect_from_old_slug(request, Post, slug)
    if extras is None:
        # The tags serve the related posts and, read once, the tag list.
        prefetch_related_objects([post], "tags")
        extras = {
            "previous_post": post.previous_post,
            "next_post": post.next_post,
            "related_posts": post.related_posts(),
        }
        if not is_preview:
            caches["template_fragments"].set(extras_key, extras, EXTRAS_SECONDS)
    full_access = access.may_read(request, post)
    body_parts = post.body_html_parts if full_access else [post.teaser_html]
    threads = CommentThreads.for_post(post)
    comments_open = post.comments_open and not is_preview and full_access
    if comment_form is None and comments_open:
        comment_form = CommentForm(
            post=post,
            visible=SimpleLazyObject(lambda: threads.by_id),
            initial={"parent": threads.reply_target(request.GET.get("antworten"))},
        )
    context = {
        "post": post,
        "is_preview": is_preview,
        "body_parts": body_parts,
        "full_access": full_access,
        "preview_switch": post.members_only and access.offers_preview_switch(request),
        # Read only when the post's content is rendered (the gallery include).
        "gallery_images": post.gallery_images.all() if full_access else [],
        "gallery_after_body": len(body_parts) == 1,
        "threads": threads,
        "comments_open": comments_open,
        "comment_form": comment_form,
        "comment_notice": request.GET.get("kommentar", "")[:20],
        **extras,
    }
    response = render(request, "blog/post_detail.html", context, status=status)
    return never_cache_preview(response, is_preview=is_preview)


def redirect_from_old_slug(
    request: HttpRequest, model: type[models.Model], slug: str
) -> HttpResponse:
    """
    Answer for a slug that no current object has: 301 to the object that
    used to have it, 410 Gone for a deleted post, or 404.
    """
    old = OldSlug.objects.for_model(model).filter(slug=slug).first()
    if old is None:
        raise Http404
    if old.object_id is None:
        return render(request, "blog/post_gone.html", status=HTTPStatus.GONE)
    targets = Post.objects.published() if model is Post else model.objects.all()
    target = targets.filter(pk=old.object_id).first()
    if target is None:
        raise Http404
    return redirect(target, permanent=True)


@require_GET
def post_view(request: HttpRequest, pk: int) -> HttpResponse:
    """
    Count a reading of a post, from a 1×1 image at the end of the post page.

    Counting here rather than in post_detail keeps it right when the page
    itself comes from a cache, and most crawlers and link previewers never
    load images. The price is one small request per reading; the answer is
    never cached, so each reading counts. Nothing about the reader is kept.
    """
    if is_countable(request):
        PostViewCount.record(post_id=pk)
    response = HttpResponse(PIXEL_GIF, content_type="image/gif")
    add_never_cache_headers(response)
    return response


def is_countable(request: HttpRequest) -> bool:
    """Whether a request is a person reading: not a bot, a prefetch or staff."""
    user_agent = request.headers.get("User-Agent", "")
    if not user_agent or BOT_USER_AGENT.search(user_agent):
        return False
    purpose = request.headers.get("Sec-Purpose") or request.headers.get("Purpose")
    if purpose and "prefetch" in purpose:
        return False
    return not request.user.is_staff
