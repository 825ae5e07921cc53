from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Issue


class NewsletterPageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ["newsletter:subscribe", "newsletter:archive"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name == "newsletter:archive":
            return Issue.objects.archived().aggregate(newest=Max("sent_at"))["newest"]
        return None


class IssueSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Issue.objects.archived().order_by("-sent_at")

    def lastmod(self, issue):
        return issue.sent_at
