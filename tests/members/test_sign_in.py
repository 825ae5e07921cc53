import re
from datetime import timedelta
from http import HTTPStatus

import time_machine
from django.conf import settings
from django.test import TestCase, override_settings
from django.urls import reverse

from members import services
from tests.newsletter.factories import IMMEDIATE_TASKS, SAME_ORIGIN
from tests.newsletter.smtp import SMTPServerMixin

from .factories import make_member, make_product

CROSS_SITE = {"Origin": "https://boese.example"}
SIGN_IN = "/mitglieder/anmelden/"


def link_path(mail) -> str:
    [url] = re.findall(r"https?://\S+/mitglieder/anmelden/link/\S+", mail.text)
    return url.split("8000", 1)[1]


@IMMEDIATE_TASKS
class SignInTests(SMTPServerMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product()
        cls.member = make_member(email="anna@example.org", products=[cls.product])

    def request_link(self, email="anna@example.org", **headers):
        return self.client.post(
            SIGN_IN, {"email": email}, headers=headers or SAME_ORIGIN
        )

    def mailed_link(self) -> str:
        self.request_link()
        [mail] = self.smtp.to("anna@example.org")
        return link_path(mail)

    def test_the_form_says_that_only_signing_in_sets_a_cookie(self):
        response = self.client.get(SIGN_IN)
        self.assertContains(response, "setzt die Website Cookies")
        assert not response.cookies

    def test_a_known_address_gets_a_link(self):
        response = self.request_link()
        self.assertRedirects(response, "/mitglieder/anmelden/gesendet/")
        [mail] = self.smtp.messages
        assert mail.rcpt_tos == ["anna@example.org"]
        assert "15 Minuten" in mail.text

    def test_known_and_unknown_addresses_get_the_same_answer(self):
        known = self.request_link()
        unknown = self.request_link("niemand@example.org")
        assert known.status_code == unknown.status_code == HTTPStatus.FOUND
        assert known["Location"] == unknown["Location"]
        assert len(self.smtp.messages) == 1
        assert not known.cookies and not unknown.cookies

    def test_an_editor_cannot_sign_in_by_mail(self):
        from tests.factories import make_staff

        make_staff(email="redaktion@example.org")
        self.request_link("redaktion@example.org")
        assert self.smtp.messages == []

    def test_a_bad_address_gets_a_german_message(self):
        response = self.request_link("kein-at-zeichen")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        self.assertContains(
            response, "nicht nach einer E-Mail-Adresse", status_code=400
        )

    def test_one_link_per_address_in_a_few_minutes(self):
        self.request_link()
        self.request_link()
        assert len(self.smtp.messages) == 1
        later = timedelta(minutes=settings.MEMBERS_LINK_INTERVAL + 1)
        with time_machine.travel(later):
            from django.core.cache import cache

            # The local-memory cache expires by wall clock, like Redis.
            cache.clear()
            self.request_link()
        assert len(self.smtp.messages) == 2

    @override_settings(MEMBERS_SIGNINS_PER_IP=2)
    def test_too_many_requests_from_one_address_are_refused(self):
        self.request_link("a@example.org")
        self.request_link("b@example.org")
        response = self.request_link("c@example.org")
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        self.assertContains(response, "in einer Stunde", status_code=429)

    def test_a_cross_site_post_is_refused(self):
        response = self.request_link(**CROSS_SITE)
        assert response.status_code == HTTPStatus.FORBIDDEN
        self.assertContains(response, "nicht von dieser Website", status_code=403)
        assert self.smtp.messages == []

    def test_opening_the_link_shows_a_button_and_does_not_sign_in(self):
        path = self.mailed_link()
        response = self.client.get(path)
        self.assertContains(response, "Jetzt anmelden")
        self.assertContains(response, "anna@example.org")
        assert not response.cookies
        assert settings.SESSION_COOKIE_NAME not in self.client.cookies
        # The link is not used up by looking at it (mail scanners do).
        assert self.client.get(path).status_code == HTTPStatus.OK

    def test_the_button_signs_in_and_sets_the_session_cookie(self):
        path = self.mailed_link()
        response = self.client.post(path, headers=SAME_ORIGIN)
        self.assertRedirects(response, "/mitglieder/")
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert int(cookie["max-age"]) == settings.MEMBERS_SESSION_DAYS * 86400
        self.assertContains(self.client.get("/mitglieder/"), "Deine Produkte")

    def test_the_link_leads_back_to_where_the_reader_came_from(self):
        self.client.post(
            SIGN_IN,
            {"email": "anna@example.org", "weiter": "/blog/x/"},
            headers=SAME_ORIGIN,
        )
        path = link_path(self.smtp.messages[0])
        response = self.client.post(path, headers=SAME_ORIGIN)
        assert response["Location"] == "/blog/x/"

    def test_a_link_to_another_site_is_not_followed(self):
        self.client.post(
            SIGN_IN,
            {"email": "anna@example.org", "weiter": "https://boese.example/"},
            headers=SAME_ORIGIN,
        )
        path = link_path(self.smtp.messages[0])
        assert self.client.post(path, headers=SAME_ORIGIN)["Location"] == "/mitglieder/"

    def test_a_link_used_twice_is_refused(self):
        path = self.mailed_link()
        self.client.post(path, headers=SAME_ORIGIN)
        self.client.logout()
        response = self.client.post(path, headers=SAME_ORIGIN)
        assert response.status_code == HTTPStatus.BAD_REQUEST
        self.assertContains(response, "gilt nicht mehr", status_code=400)
        assert settings.SESSION_COOKIE_NAME not in response.cookies

    def test_an_expired_link_is_refused(self):
        path = self.mailed_link()
        later = timedelta(minutes=settings.MEMBERS_LINK_MINUTES + 1)
        with time_machine.travel(later):
            response = self.client.post(path, headers=SAME_ORIGIN)
        self.assertContains(response, "gilt nicht mehr", status_code=400)
        assert settings.SESSION_COOKIE_NAME not in response.cookies

    def test_a_link_for_an_address_the_account_no_longer_has_is_refused(self):
        path = self.mailed_link()
        services.change_email(member=self.member, new_email="neu@example.org")
        response = self.client.post(path, headers=SAME_ORIGIN)
        self.assertContains(response, "gilt nicht mehr", status_code=400)

    def test_a_damaged_link_is_refused(self):
        response = self.client.get("/mitglieder/anmelden/link/kaputt/")
        self.assertContains(response, "Neuen Link anfordern", status_code=400)

    def test_a_cross_site_post_on_the_link_does_not_sign_in(self):
        path = self.mailed_link()
        response = self.client.post(path, headers=CROSS_SITE)
        assert response.status_code == HTTPStatus.FORBIDDEN
        self.assertContains(response, "nicht angemeldet", status_code=403)
        assert settings.SESSION_COOKIE_NAME not in response.cookies
        # The link still works from the site itself.
        response = self.client.post(path, headers=SAME_ORIGIN)
        assert settings.SESSION_COOKIE_NAME in response.cookies


class SignOutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(products=[make_product()])

    def test_sign_out_ends_the_session(self):
        self.client.force_login(self.member.user)
        response = self.client.post(reverse("members:sign_out"))
        self.assertRedirects(response, SIGN_IN)
        assert self.client.get("/mitglieder/").status_code == HTTPStatus.FOUND

    def test_signing_out_everywhere_ends_every_session(self):
        other_device = self.client_class()
        other_device.force_login(self.member.user)
        self.client.force_login(self.member.user)
        self.client.post(reverse("members:sign_out_everywhere"))
        assert other_device.get("/mitglieder/").status_code == HTTPStatus.FOUND
        assert self.client.get("/mitglieder/").status_code == HTTPStatus.FOUND

    def test_signing_out_everywhere_stops_links_still_in_the_inbox(self):
        from sesame.utils import get_token

        token = get_token(self.member.user)
        self.client.force_login(self.member.user)
        self.client.post(reverse("members:sign_out_everywhere"))
        response = self.client.post(
            reverse("members:sign_in_link", args=[token]), headers=SAME_ORIGIN
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST

    def test_the_members_area_asks_strangers_to_sign_in(self):
        response = self.client.get("/mitglieder/")
        assert response["Location"].startswith(SIGN_IN)
        assert not response.cookies


class NoCookieTests(TestCase):
    def test_members_pages_set_no_cookie_for_strangers(self):
        for url in [
            SIGN_IN,
            "/mitglieder/anmelden/gesendet/",
            "/mitglieder/",
            "/mitglieder/anmelden/link/kaputt/",
        ]:
            response = self.client.get(url)
            assert response.cookies == {}, url
        response = self.client.post(
            SIGN_IN, {"email": "wer@example.org"}, headers=SAME_ORIGIN
        )
        assert response.cookies == {}
