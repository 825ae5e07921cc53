import gzip
import io
import re

from django.contrib.staticfiles import finders
from django.test import TestCase

import blog.demo
import newsletter.demo
import pages.demo

ONE_ROUND_TRIP = 14 * 1024


class HomePageWeightTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        quiet = io.StringIO()
        pages.demo.seed(stdout=quiet)
        newsletter.demo.seed(stdout=quiet)
        blog.demo.seed(stdout=quiet)

    def test_html_and_css_fit_in_one_round_trip_compressed(self):
        html = self.client.get("/").content
        with open(finders.find("css/site.css"), "rb") as css:
            stylesheet = css.read()
        total = len(gzip.compress(html)) + len(gzip.compress(stylesheet))
        assert total <= ONE_ROUND_TRIP, total

    def test_home_page_loads_one_stylesheet_no_script_and_no_web_font(self):
        html = self.client.get("/").content.decode()
        assert len(re.findall(r'<link rel="stylesheet"', html)) == 1
        # Structured data is a data block, which browsers never run.
        assert re.findall(r'<script(?! type="application/ld\+json")', html) == []
        with open(finders.find("css/site.css")) as css:
            assert "@font-face" not in css.read()

    def test_images_on_the_home_page_have_dimensions_and_only_the_first_is_eager(
        self,
    ):
        html = self.client.get("/").content.decode()
        images = re.findall(r"<img [^>]*>", html)
        cards = [tag for tag in images if "site-header__logo" not in tag]
        assert cards
        assert all('width="' in tag and 'height="' in tag for tag in images)
        assert 'loading="lazy"' not in cards[0]
        assert all('loading="lazy"' in tag for tag in cards[1:])
