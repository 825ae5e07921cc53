import re
from http import HTTPStatus

from django.core import mail
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra import django as hypothesis_django

from newsletter import emails, services
from newsletter.models import ConsentText, Delivery, Issue, Subscriber
from newsletter.views import client_ip
from tests.factories import make_newsletter_box

from .factories import (
    IMMEDIATE_TASKS,
    SAME_ORIGIN,
    make_consent,
    make_issue,
    make_subscriber,
    old_token,
    signup_data,
)

SUBSCRIBE = reverse("newsletter:subscribe")
DONE = reverse("newsletter:subscribe_done")


def post_signup(client, **overrides):
    return client.post(SUBSCRIBE, signup_data(**overrides), headers=SAME_ORIGIN)


@IMMEDIATE_TASKS
class SubscribeViewTests(TestCase):
    def test_page_shows_the_box_texts_and_the_consent_text(self):
        make_newsletter_box(button_label="Das will ich haben!")
        response = self.client.get(SUBSCRIBE)
        self.assertContains(response, "<h1", count=1)
        self.assertContains(response, "Das will ich haben!")
        self.assertContains(response, "Ja, ich möchte den Newsletter")
        self.assertContains(response, 'name="consent" value="1"')
        self.assertContains(response, 'name="source" value="/newsletter/"')
        self.assertNotContains(response, "csrfmiddlewaretoken")

    def test_honeypot_is_hidden_from_humans_but_labelled(self):
        response = self.client.get(SUBSCRIBE)
        self.assertContains(response, 'class="newsletter-form__honeypot"')
        self.assertContains(
            response,
            '<input type="text" name="website" id="newsletter-seite-website" '
            'tabindex="-1" autocomplete="off" value="">',
            html=True,
        )
        self.assertContains(response, "Bitte dieses Feld leer lassen")

    def test_valid_signup_redirects_to_the_done_page_and_sends_the_mail(self):
        response = post_signup(self.client)
        self.assertRedirects(response, DONE)
        subscriber = Subscriber.objects.get()
        assert subscriber.email == "anna@example.org"
        assert subscriber.source == "/blog/ein-beitrag/"
        assert len(mail.outbox) == 1
        assert not response.cookies

    def test_done_page_says_what_happens_next(self):
        response = self.client.get(DONE)
        self.assertContains(response, "Schau in dein Postfach")
        self.assertContains(response, '<meta name="robots" content="noindex">')

    def test_new_pending_and_confirmed_addresses_get_the_same_answer(self):
        make_subscriber(email="bestaetigt@example.org")
        make_subscriber(email="offen@example.org", status=Subscriber.Status.PENDING)
        for email in ["neu@example.org", "offen@example.org", "bestaetigt@example.org"]:
            with self.subTest(email=email):
                self.assertRedirects(post_signup(self.client, email=email), DONE)

    def test_honeypot_drops_the_signup_silently(self):
        response = post_signup(self.client, website="https://spam.example")
        self.assertRedirects(response, DONE)
        assert not Subscriber.objects.exists()
        assert mail.outbox == []

    def test_bad_source_is_replaced_by_the_signup_page(self):
        post_signup(self.client, source="https://evil.example/")
        assert Subscriber.objects.get().source == "/newsletter/"

    def test_rate_limited_visitor_gets_a_clear_message(self):
        with self.settings(NEWSLETTER_SIGNUPS_PER_IP=1):
            post_signup(self.client, email="eins@example.org")
            response = post_signup(self.client, email="zwei@example.org")
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        self.assertContains(
            response, "sehr viele Anmeldungen", status_code=HTTPStatus.TOO_MANY_REQUESTS
        )
        assert list(Subscriber.objects.values_list("email", flat=True)) == [
            "eins@example.org"
        ]


@IMMEDIATE_TASKS
class BadInputTests(TestCase):
    """Each bad submission gets a clear German message and stores nothing."""

    def assert_refused(self, message: str, **data):
        response = post_signup(self.client, **data)
        self.assertContains(response, message)
        self.assertContains(response, "Bitte prüf deine Angaben")
        assert not Subscriber.objects.exists()
        assert mail.outbox == []

    def test_invalid_address(self):
        self.assert_refused("Bitte gib eine gültige E-Mail-Adresse ein", email="anna")

    def test_missing_address(self):
        self.assert_refused("Bitte gib deine E-Mail-Adresse ein.", email="")

    def test_header_injection_in_the_address(self):
        self.assert_refused(
            "Zeilenumbrüche", email="anna@example.org\r\nBcc: viele@example.org"
        )

    def test_header_injection_in_the_name(self):
        self.assert_refused("Zeilenumbrüche", first_name="Anna\r\nBcc: x@example.org")

    def test_ten_thousand_character_address(self):
        self.assert_refused("zu lang", email="a" * 10_000 + "@example.org")

    def test_ten_thousand_character_name(self):
        self.assert_refused("Der Vorname ist zu lang", first_name="A" * 10_000)

    def test_html_in_the_name(self):
        self.assert_refused(
            "ohne Links und ohne Zeichen wie &lt; oder &gt;",
            first_name="<script>alert(1)</script>",
        )

    def test_null_bytes(self):
        self.assert_refused("Steuerzeichen", email="anna\x00@example.org")

    def test_stale_consent_version(self):
        self.assert_refused("nicht mehr aktuell", consent="77")

    def test_submitted_values_are_escaped_when_shown_again(self):
        response = post_signup(self.client, email='"><script>x</script>')
        self.assertNotContains(response, "<script>x</script>")


class ConsentWordingOnCachedPagesTests(TestCase):
    def test_the_first_wording_made_while_a_page_renders_keeps_that_page_cached(
        self,
    ):
        ConsentText.objects.all().delete()  # as after a flush
        self.client.get(SUBSCRIBE)
        response = self.client.get(SUBSCRIBE)
        assert response["X-Page-Cache"] == "hit"
        assert ConsentText.objects.count() == 1

    def test_a_new_wording_shows_under_the_box_of_an_already_cached_page(self):
        make_consent("Ja, schreib mir.")
        self.client.get(SUBSCRIBE)  # now cached with the first wording
        make_consent("Ja, schreib mir, ich lese gern.")
        response = self.client.get(SUBSCRIBE)
        self.assertContains(response, "Ja, schreib mir, ich lese gern.")
        consent = re.search(r'name="consent" value="(\d+)"', response.text)
        assert consent is not None
        assert consent[1] == str(services.current_consent().version)


@IMMEDIATE_TASKS
class DuplicateAddressTests(TestCase):
    def test_addresses_differing_only_in_case_are_one_subscriber(self):
        post_signup(self.client, email="Anna@Example.org")
        post_signup(self.client, email="anna@EXAMPLE.ORG")
        post_signup(self.client, email="ANNA@example.org")
        assert Subscriber.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_addresses_differing_only_in_unicode_form_are_one_subscriber(self):
        post_signup(self.client, email="anna@müller.de")
        post_signup(self.client, email="anna@mu\u0308ller.de")
        post_signup(self.client, email="anna@xn--mller-kva.de")
        assert list(Subscriber.objects.values_list("email", flat=True)) == [
            "anna@müller.de"
        ]


@override_settings(SITE_URL="http://testserver")
class ConfirmViewTests(TestCase):
    def setUp(self):
        self.subscriber = make_subscriber(status=Subscriber.Status.PENDING)
        self.url = reverse(
            "newsletter:confirm",
            kwargs={"token": emails.confirmation_token(self.subscriber)},
        )

    def test_get_shows_a_button_and_confirms_nobody(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Anmeldung bestätigen")
        self.assertContains(response, 'method="post"')
        assert "no-store" in response["Cache-Control"]
        self.subscriber.refresh_from_db()
        assert self.subscriber.status == Subscriber.Status.PENDING

    def test_post_confirms(self):
        response = self.client.post(self.url, headers=SAME_ORIGIN)
        self.assertContains(response, "Danke, du bist dabei!")
        self.subscriber.refresh_from_db()
        assert self.subscriber.status == Subscriber.Status.CONFIRMED

    def test_confirming_twice_is_harmless(self):
        self.client.post(self.url, headers=SAME_ORIGIN)
        response = self.client.post(self.url, headers=SAME_ORIGIN)
        self.assertContains(response, "Danke, du bist dabei!")
        self.assertContains(self.client.get(self.url), "Du bist schon dabei")

    def test_tampered_link_shows_a_clear_page_with_a_new_signup(self):
        response = self.client.get(self.url.replace("bestaetigen/", "bestaetigen/x"))
        self.assertContains(
            response, "funktioniert nicht", status_code=HTTPStatus.NOT_FOUND
        )
        self.assertContains(response, 'name="email"', status_code=HTTPStatus.NOT_FOUND)

    def test_expired_link_offers_a_new_mail(self):
        url = reverse(
            "newsletter:confirm",
            kwargs={"token": old_token(self.subscriber, days=8)},
        )
        response = self.client.get(url)
        self.assertContains(response, "abgelaufen", status_code=HTTPStatus.GONE)
        self.assertContains(response, 'name="resend"', status_code=HTTPStatus.GONE)
        with IMMEDIATE_TASKS:
            response = self.client.post(url, {"resend": "1"}, headers=SAME_ORIGIN)
        self.assertContains(response, "Ein neuer Link ist unterwegs")
        [message] = mail.outbox
        token = re.search(r"/newsletter/bestaetigen/([^/]+)/", message.body)[1]
        check = services.check_confirmation_token(token=token)
        assert check.state is services.TokenState.VALID

    def test_cross_site_confirmation_is_refused(self):
        response = self.client.post(
            self.url, headers={"Origin": "https://evil.example"}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        self.subscriber.refresh_from_db()
        assert self.subscriber.status == Subscriber.Status.PENDING


class UnsubscribeViewTests(TestCase):
    def setUp(self):
        self.subscriber = make_subscriber(email="anna@example.org")
        self.url = reverse(
            "newsletter:unsubscribe",
            kwargs={"token": emails.unsubscribe_token(self.subscriber)},
        )

    def test_get_shows_a_button_and_unsubscribes_nobody(self):
        response = self.client.get(self.url)
        self.assertContains(response, "anna@example.org")
        self.assertContains(response, ">Abmelden</button>")
        self.subscriber.refresh_from_db()
        assert self.subscriber.status == Subscriber.Status.CONFIRMED

    def test_post_from_the_page_unsubscribes(self):
        response = self.client.post(self.url, headers=SAME_ORIGIN)
        self.assertContains(response, "Du bist abgemeldet")
        self.subscriber.refresh_from_db()
        assert self.subscriber.status == Subscriber.Status.UNSUBSCRIBED

    def test_one_click_post_from_a_mail_provider_needs_no_origin(self):
        response = self.client.post(
            self.url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == HTTPStatus.OK
        self.subscriber.refresh_from_db()
        assert self.subscriber.status == Subscriber.Status.UNSUBSCRIBED

    def test_bad_token_shows_a_clear_page(self):
        response = self.client.post(self.url[:-3] + "/")
        self.assertContains(
            response, "Abmeldelink funktioniert nicht", status_code=HTTPStatus.NOT_FOUND
        )
        self.subscriber.refresh_from_db()
        assert self.subscriber.status == Subscriber.Status.CONFIRMED


class ArchiveViewTests(TestCase):
    def test_lists_only_sent_public_issues(self):
        sent = make_issue(subject="Verschickt und öffentlich")
        hidden = make_issue(subject="Verschickt, nicht öffentlich", is_public=False)
        draft = make_issue(subject="Noch ein Entwurf")
        Issue.objects.filter(pk__in=[sent.pk, hidden.pk]).update(
            status=Issue.Status.SENT, sent_at="2024-03-01T09:00:00+01:00"
        )
        response = self.client.get(reverse("newsletter:archive"))
        self.assertContains(response, "Verschickt und öffentlich")
        self.assertContains(response, "1. März 2024")
        self.assertNotContains(response, hidden.subject)
        self.assertNotContains(response, draft.subject)
        detail = self.client.get(sent.get_absolute_url())
        self.assertContains(detail, "<strong>Sichtbarkeit</strong>")
        self.assertContains(detail, "<h1", count=1)
        for other in (hidden, draft):
            response = self.client.get(other.get_absolute_url())
            assert response.status_code == HTTPStatus.NOT_FOUND


@IMMEDIATE_TASKS
@override_settings(NEWSLETTER_BATCH_PAUSE=0)
class ArchivePageCacheTests(TestCase):
    def test_archive_shows_an_issue_as_soon_as_sending_finishes(self):
        make_subscriber()
        issue = make_issue(subject="Frisch verschickt")
        url = reverse("newsletter:archive")
        self.assertNotContains(self.client.get(url), "Frisch verschickt")
        assert self.client.get(url)["X-Page-Cache"] == "hit"
        services.send_issue(issue=issue)
        self.assertContains(self.client.get(url), "Frisch verschickt")

    def test_retrying_failures_keeps_the_issue_in_the_archive(self):
        subscriber = make_subscriber()
        issue = make_issue(subject="Bleibt im Archiv")
        services.send_issue(issue=issue)
        Delivery.objects.filter(subscriber=subscriber).update(status="failed")
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ):
            services.retry_failed(issue=issue)
        response = self.client.get(issue.get_absolute_url())
        self.assertContains(response, "Bleibt im Archiv")


@override_settings(SITE_URL="http://testserver")
class NoCookieTests(TestCase):
    """Reader pages stay cacheable: none of them sets a cookie."""

    def test_no_reader_page_sets_a_cookie(self):
        subscriber = make_subscriber(status=Subscriber.Status.PENDING)
        issue = make_issue()
        Issue.objects.filter(pk=issue.pk).update(
            status=Issue.Status.SENT, sent_at="2024-03-01T09:00:00+01:00"
        )
        urls = [
            SUBSCRIBE,
            DONE,
            reverse("newsletter:archive"),
            issue.get_absolute_url(),
            reverse(
                "newsletter:confirm",
                kwargs={"token": emails.confirmation_token(subscriber)},
            ),
            reverse(
                "newsletter:unsubscribe",
                kwargs={"token": emails.unsubscribe_token(subscriber)},
            ),
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                assert response.status_code == HTTPStatus.OK
                assert not response.cookies
                assert "Cookie" not in response.get("Vary", "")

    def test_invalid_and_valid_posts_set_no_cookie(self):
        with IMMEDIATE_TASKS:
            for data in [signup_data(email="kaputt"), signup_data()]:
                response = self.client.post(SUBSCRIBE, data, headers=SAME_ORIGIN)
                assert not response.cookies


class ConsentVersionTests(TestCase):
    def test_a_cached_form_records_the_text_it_showed(self):
        old_version = make_consent("Alter Wortlaut.").version
        make_consent("Neuer Wortlaut.")
        with IMMEDIATE_TASKS:
            post_signup(self.client, consent=str(old_version))
        assert Subscriber.objects.get().consent_text.text == "Alter Wortlaut."


class ClientIpTests(SimpleTestCase):
    def request(self, remote: str, forwarded: str | None = None):
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        return RequestFactory().post("/", REMOTE_ADDR=remote, headers=headers)

    def test_direct_visitor_is_remote_addr_and_forged_header_is_ignored(self):
        request = self.request("198.51.100.7", forwarded="203.0.113.1")
        assert client_ip(request) == "198.51.100.7"

    def test_local_proxy_is_seen_through(self):
        request = self.request("127.0.0.1", forwarded="6.6.6.6, 203.0.113.1")
        assert client_ip(request) == "203.0.113.1"
        assert client_ip(self.request("", forwarded="203.0.113.1")) == "203.0.113.1"

    def test_configured_number_of_proxies(self):
        request = self.request("10.0.0.2", forwarded="6.6.6.6, 203.0.113.1, 10.0.0.9")
        with self.settings(NEWSLETTER_TRUSTED_PROXIES=2):
            assert client_ip(request) == "203.0.113.1"
        assert client_ip(request) == "10.0.0.2"


_printable = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)


@IMMEDIATE_TASKS
class SubscribeFuzzTests(hypothesis_django.TestCase):
    @hypothesis_settings(max_examples=150, deadline=None)
    @given(
        email=_printable | st.emails(),
        first_name=_printable,
        consent=_printable | st.just("1"),
        source=_printable,
        website=st.just("") | _printable,
    )
    def test_any_input_gets_an_answer_never_a_server_error(self, **data):
        response = post_signup(self.client, **data)
        assert response.status_code in {
            HTTPStatus.OK,
            HTTPStatus.FOUND,
            HTTPStatus.TOO_MANY_REQUESTS,
        }


class NewsletterSitemapTests(TestCase):
    def test_sitemap_lists_the_signup_page_and_the_archive(self):
        response = self.client.get("/sitemap.xml")
        self.assertContains(response, "/newsletter/</loc>")
        self.assertContains(response, "/newsletter/archiv/</loc>")
