from http import HTTPStatus

from django.test import Client, RequestFactory, SimpleTestCase, TestCase
from django.urls import reverse

from newsletter.models import Issue, Subscriber
from pusteblume_site.csrf import is_same_origin
from tests.factories import make_staff

from .factories import IMMEDIATE_TASKS, signup_data

SUBSCRIBE = reverse("newsletter:subscribe")


class IsSameOriginTests(SimpleTestCase):
    def request(self, **headers):
        return RequestFactory().post("/newsletter/", headers=headers)

    def test_own_origin_is_accepted(self):
        assert is_same_origin(self.request(Origin="http://testserver"))

    def test_other_origins_are_refused(self):
        for origin in [
            "https://evil.example",
            "https://testserver",
            "http://testserver:8080",
            "http://testserver.evil.example",
            "null",
            "",
        ]:
            with self.subTest(origin=origin):
                assert not is_same_origin(self.request(Origin=origin))

    def test_sec_fetch_site_decides_without_origin(self):
        assert is_same_origin(self.request(**{"Sec-Fetch-Site": "same-origin"}))
        assert is_same_origin(self.request(**{"Sec-Fetch-Site": "none"}))
        assert not is_same_origin(self.request(**{"Sec-Fetch-Site": "same-site"}))
        assert not is_same_origin(self.request(**{"Sec-Fetch-Site": "cross-site"}))

    def test_origin_wins_over_sec_fetch_site(self):
        request = self.request(
            Origin="https://evil.example", **{"Sec-Fetch-Site": "same-origin"}
        )
        assert not is_same_origin(request)

    def test_neither_header_is_refused(self):
        assert not is_same_origin(self.request())

    def test_trusted_origins_are_honoured_with_wildcards(self):
        with self.settings(
            CSRF_TRUSTED_ORIGINS=["https://www.example.de", "https://*.example.org"]
        ):
            assert is_same_origin(self.request(Origin="https://www.example.de"))
            assert is_same_origin(self.request(Origin="https://shop.example.org"))
            assert not is_same_origin(self.request(Origin="http://shop.example.org"))
            assert not is_same_origin(
                self.request(Origin="https://example.org.evil.de")
            )

    def test_https_behind_the_proxy_is_compared_as_https(self):
        request = self.request(
            Origin="https://testserver",
            Host="testserver",
            **{"X-Forwarded-Proto": "https"},
        )
        assert is_same_origin(request)


@IMMEDIATE_TASKS
class SameOriginPostTests(TestCase):
    def test_cross_site_post_is_refused_with_a_german_page_and_stores_nothing(self):
        response = self.client.post(
            SUBSCRIBE, signup_data(), headers={"Origin": "https://evil.example"}
        )
        self.assertContains(
            response,
            "Das Formular konnte nicht gesendet werden",
            status_code=HTTPStatus.FORBIDDEN,
        )
        self.assertContains(response, "<h1", count=1, status_code=HTTPStatus.FORBIDDEN)
        assert not Subscriber.objects.exists()
        assert not response.cookies

    def test_post_without_any_origin_information_is_refused(self):
        response = self.client.post(SUBSCRIBE, signup_data())
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert not Subscriber.objects.exists()

    def test_same_origin_post_passes_even_with_csrf_checks_enforced(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            SUBSCRIBE, signup_data(), headers={"Sec-Fetch-Site": "same-origin"}
        )
        assert response.status_code == HTTPStatus.FOUND
        assert Subscriber.objects.exists()

    def test_get_is_never_checked(self):
        response = self.client.get(
            SUBSCRIBE, headers={"Origin": "https://evil.example"}
        )
        assert response.status_code == HTTPStatus.OK


class AdminKeepsCsrfProtectionTests(TestCase):
    def test_admin_post_without_token_is_refused_even_from_our_origin(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(make_staff())
        response = client.post(
            reverse("admin:newsletter_issue_add"),
            {"subject": "x", "slug": "x", "body": "x"},
            headers={"Origin": "http://testserver"},
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert not Issue.objects.exists()
