from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Issue


class NewsletterPageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["newsletter:subscribe", "newsletter:archive"]

    def location(self, name):
        return reverse(name)


class IssueSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Issue.objects.archived().order_by("-sent_at")

    def lastmod(self, issue):
        return issue.sent_at
