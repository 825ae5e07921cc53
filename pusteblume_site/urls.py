from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from blog.feeds import PostFeed
from blog.sitemaps import CategorySitemap, PostSitemap
from newsletter.sitemaps import IssueSitemap, NewsletterPageSitemap
from pages.sitemaps import PageSitemap
from pusteblume_site import uploads, views
from pusteblume_site.page_cache import reads_params

admin.site.site_header = "Redaktion"
admin.site.site_title = "Redaktion"
admin.site.index_title = "Inhalte verwalten"

sitemaps = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "newsletter": NewsletterPageSitemap,
    "newsletter_issues": IssueSitemap,
}

urlpatterns = [
    # markdownx's own URLconf lets anyone preview and upload; these two answer
    # logged-in staff only.
    path(
        "admin/markdownx/markdownify/",
        staff_member_required(uploads.markdown_preview),
        name="markdownx_markdownify",
    ),
    path(
        "admin/markdownx/upload/",
        staff_member_required(uploads.markdown_image_upload),
        name="markdownx_upload",
    ),
    path("admin/", admin.site.urls),
    path("blog/", include("blog.urls")),
    path("newsletter/", include("newsletter.urls")),
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
