import re

from django.test import TestCase
from django.urls import reverse

from tests.blog.factories import make_post


class CanonicalLinkTests(TestCase):
    def test_later_list_pages_name_themselves_as_canonical(self):
        for number in range(12):
            make_post(title=f"Beitrag Nummer {number}")
        url = reverse("blog:post_list")
        self.assertContains(
            self.client.get(url, {"page": 2}),
            f'<link rel="canonical" href="http://127.0.0.1:8000{url}?page=2">',
        )
        self.assertContains(
            self.client.get(url),
            f'<link rel="canonical" href="http://127.0.0.1:8000{url}">',
        )


class MachineReadableDateTests(TestCase):
    def test_time_elements_carry_valid_html_datetimes(self):
        """Browsers and validators accept at most milliseconds, so none."""
        post = make_post(title="Mit Mikrosekunden")
        post.published_at = post.published_at.replace(microsecond=255106)
        post.save()
        html = self.client.get(post.get_absolute_url()).content.decode()
        stamps = re.findall(r'<time datetime="([^"]+)"', html)
        assert stamps
        for stamp in stamps:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp)
