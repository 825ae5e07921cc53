from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from blog.feeds import PostAtomFeed, PostFeed
from blog.sitemaps import CategorySitemap, PostSitemap, TagSitemap
from newsletter.sitemaps import IssueSitemap, NewsletterPageSitemap
from pages.sitemaps import PageSitemap
from pusteblume_site import editor, second_factor, uploads, views
from pusteblume_site.page_cache import reads_params

handler404 = "pusteblume_site.views.page_not_found"

admin.site.site_header = "Redaktion"
admin.site.site_title = "Redaktion"
admin.site.index_title = "Inhalte verwalten"

sitemaps = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "newsletter": NewsletterPageSitemap,
    "newsletter_issues": IssueSitemap,
}

admin_url = settings.ADMIN_URL
handler400 = views.bad_request
handler500 = views.server_error

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(f"{admin_url}zweiter-faktor/", include(second_factor.urls)),
    # markdownx's own URLconf lets anyone preview and upload; these two answer
    # logged-in staff only.
    path(
        f"{admin_url}markdownx/markdownify/",
        staff_member_required(uploads.markdown_preview),
        name="markdownx_markdownify",
    ),
    path(
        f"{admin_url}markdownx/upload/",
        staff_member_required(uploads.markdown_image_upload),
        name="markdownx_upload",
    ),
    path(
        f"{admin_url}editor/bilder/",
        staff_member_required(editor.library_view),
        name="editor_library",
    ),
    path(admin_url, admin.site.urls),
    path("blog/", include("blog.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("suche/", views.search, name="search"),
    path("mitglieder/", include("members.urls")),
    path(
        "sitemap.xml",
        # Django's sitemap reads its page number from ?p=.
        reads_params("p")(sitemap),
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("favicon.ico", views.favicon),
    # WordPress served its feed here; feed readers still ask for it.
    path("feed/", PostFeed(), name="legacy_feed"),
    path("feed/atom/", PostAtomFeed(), name="legacy_atom_feed"),
    path("", include("pages.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns.insert(
        0,
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            views.serve_media,
        ),
    )
