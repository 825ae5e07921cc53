"""
Every URL pattern of the site, walked with junk arguments and every method,
by a visitor and by a logged-in editor: never a 500.
"""

from django.test import TestCase, override_settings

from tests.blog.factories import make_post
from tests.factories import make_page, make_staff

from .urls import addresses, patterns

METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "PROPFIND"]


# With the IPN unconfigured its endpoint answers 503 on purpose.
@override_settings(DIGISTORE24_IPN_PASSPHRASE="geheim")
class UrlWalkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_post(title="Ein Beitrag", slug="ein-beitrag")
        make_page(title="Beratung", slug="beratung")
        cls.editor = make_staff(username="lena")

    def walk(self, methods, *, as_editor: bool) -> int:
        self.client.raise_request_exception = False
        requests = 0
        failures = []
        if as_editor:
            self.client.force_login(self.editor)
        for chain, _ in patterns():
            for address in sorted(addresses(chain)):
                if as_editor and "logout" in address:
                    continue
                for method in methods:
                    response = self.client.generic(
                        method, address, b"a=%00&b=\xff", headers={"Origin": "x"}
                    )
                    requests += 1
                    if response.status_code >= 500:
                        failures.append((method, address, response.status_code))
        assert failures == []
        return requests

    def test_no_pattern_answers_a_visitor_with_a_500(self):
        assert self.walk(METHODS, as_editor=False) > 1000

    def test_no_pattern_answers_an_editor_with_a_500(self):
        assert self.walk(["GET", "POST"], as_editor=True) > 500
