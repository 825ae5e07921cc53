import time
from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.core import mail, signing
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone

from newsletter import emails, services
from newsletter.models import ConsentText, Delivery, Subscriber, Suppression
from newsletter.services import SignupResult, TokenState

from .factories import (
    IMMEDIATE_TASKS,
    make_consent,
    make_issue,
    make_subscriber,
    old_token,
)


def signup(**overrides) -> SignupResult:
    fields = {
        "email": "anna@example.org",
        "first_name": "Anna",
        "consent": ConsentText.objects.current(),
        "source": "/blog/",
        "ip": "203.0.113.9",
    } | overrides
    return services.subscribe(**fields)


@IMMEDIATE_TASKS
class SubscribeTests(TestCase):
    def test_new_address_is_pending_and_gets_one_confirmation_mail(self):
        assert signup() is SignupResult.ACCEPTED
        subscriber = Subscriber.objects.get()
        assert subscriber.status == Subscriber.Status.PENDING
        assert subscriber.consent_text.version == 1
        assert subscriber.source == "/blog/"
        assert subscriber.confirmation_sent_at is not None
        assert [m.to for m in mail.outbox] == [["anna@example.org"]]

    def test_same_answer_and_no_second_mail_within_an_hour(self):
        assert signup() is SignupResult.ACCEPTED
        assert signup(email="ANNA@Example.org") is SignupResult.ACCEPTED
        assert Subscriber.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_a_new_mail_after_an_hour(self):
        signup()
        Subscriber.objects.update(
            confirmation_sent_at=timezone.now() - timedelta(hours=1, minutes=1)
        )
        signup()
        assert len(mail.outbox) == 2

    def test_confirmed_subscriber_is_left_untouched_and_gets_no_mail(self):
        subscriber = make_subscriber(email="anna@example.org", first_name="Anna")
        assert signup(first_name="Mallory") is SignupResult.ACCEPTED
        subscriber.refresh_from_db()
        assert subscriber.status == Subscriber.Status.CONFIRMED
        assert subscriber.first_name == "Anna"
        assert mail.outbox == []

    def test_unsubscribed_address_can_opt_in_again(self):
        make_subscriber(email="anna@example.org", status=Subscriber.Status.UNSUBSCRIBED)
        signup()
        subscriber = Subscriber.objects.get()
        assert subscriber.status == Subscriber.Status.PENDING
        assert len(mail.outbox) == 1

    def test_per_ip_limit_stores_nothing_more(self):
        with self.settings(NEWSLETTER_SIGNUPS_PER_IP=3):
            results = [signup(email=f"person{n}@example.org") for n in range(4)]
        assert results[-1] is SignupResult.RATE_LIMITED
        assert Subscriber.objects.count() == 3

    def test_the_ip_is_stored_nowhere_in_clear_text(self):
        signup(ip="203.0.113.9")
        assert not any("203.0.113.9" in str(key) for key in cache._cache)
        values = Subscriber.objects.values_list()[0]
        assert not any("203.0.113.9" in str(value) for value in values)

    def test_failed_confirmation_mail_frees_the_slot(self):
        with mock.patch(
            "django.core.mail.EmailMessage.send", side_effect=OSError("kaputt")
        ):
            signup()
        assert Subscriber.objects.get().confirmation_sent_at is None


class ConfirmTests(TestCase):
    def setUp(self):
        self.subscriber = make_subscriber(status=Subscriber.Status.PENDING)

    def test_valid_token_confirms(self):
        check = services.confirm(token=emails.confirmation_token(self.subscriber))
        assert check.state is TokenState.VALID
        self.subscriber.refresh_from_db()
        assert self.subscriber.status == Subscriber.Status.CONFIRMED
        assert self.subscriber.confirmed_at is not None

    def test_confirming_twice_keeps_the_first_date(self):
        token = emails.confirmation_token(self.subscriber)
        services.confirm(token=token)
        first = Subscriber.objects.get().confirmed_at
        assert services.confirm(token=token).state is TokenState.VALID
        assert Subscriber.objects.get().confirmed_at == first

    def test_token_older_than_seven_days_is_expired(self):
        token = old_token(self.subscriber, days=8)
        assert services.confirm(token=token).state is TokenState.EXPIRED
        assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    def test_token_six_days_old_still_works(self):
        token = old_token(self.subscriber, days=6)
        assert services.confirm(token=token).state is TokenState.VALID

    def test_tampered_token_is_invalid(self):
        token = emails.confirmation_token(self.subscriber)
        for bad in [token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "a" * 10_000]:
            assert services.confirm(token=bad).state is TokenState.INVALID

    def test_unsubscribe_token_does_not_confirm(self):
        token = emails.unsubscribe_token(self.subscriber)
        assert services.confirm(token=token).state is TokenState.INVALID

    def test_unsubscribed_person_cannot_be_confirmed_by_an_old_link(self):
        token = emails.confirmation_token(self.subscriber)
        Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
        assert services.confirm(token=token).state is TokenState.INVALID

    def test_expired_link_offers_a_new_mail_once_an_hour(self):
        with IMMEDIATE_TASKS:
            assert services.resend_confirmation(subscriber=self.subscriber)
            assert not services.resend_confirmation(subscriber=self.subscriber)
        assert len(mail.outbox) == 1


class UnsubscribeTests(TestCase):
    def test_token_never_expires_and_unsubscribes(self):
        subscriber = make_subscriber()
        with mock.patch(
            "django.core.signing.time.time", return_value=time.time() - 3 * 365 * 86400
        ):
            token = emails.unsubscribe_token(subscriber)
        assert services.unsubscribe(token=token) == subscriber
        subscriber.refresh_from_db()
        assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
        assert subscriber.unsubscribed_at is not None

    def test_open_deliveries_are_skipped(self):
        subscriber = make_subscriber()
        delivery = Delivery.objects.create(issue=make_issue(), subscriber=subscriber)
        services.unsubscribe(token=emails.unsubscribe_token(subscriber))
        delivery.refresh_from_db()
        assert delivery.status == Delivery.Status.SKIPPED

    def test_bad_token_changes_nothing(self):
        make_subscriber()
        assert services.unsubscribe(token="nonsense:abc") is None
        assert (
            services.unsubscribe(token=signing.Signer(salt="other").sign("x")) is None
        )
        assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


class ConsentTextTests(TestCase):
    def test_publishing_makes_a_new_version_and_keeps_the_old(self):
        subscriber = make_subscriber()
        assert services.current_consent().version == 1
        new = make_consent("Neuer Wortlaut.")
        assert new.version == 2
        assert services.current_consent() == new
        subscriber.refresh_from_db()
        assert subscriber.consent_text.version == 1

    def test_current_is_created_on_an_empty_table(self):
        ConsentText.objects.all().delete()
        assert ConsentText.objects.current().version == 1


class ErasureTests(TestCase):
    def test_erase_deletes_subscriber_and_deliveries_and_keeps_only_a_hash(self):
        subscriber = make_subscriber(email="Anna@example.org")
        Delivery.objects.create(issue=make_issue(), subscriber=subscriber)
        services.erase(subscriber=subscriber)
        assert not Subscriber.objects.exists()
        assert not Delivery.objects.exists()
        suppression = Suppression.objects.get()
        assert "anna" not in suppression.email_hash
        assert services.is_suppressed(email="anna@EXAMPLE.org")

    def test_signing_up_again_and_confirming_lifts_the_block(self):
        services.erase(subscriber=make_subscriber(email="anna@example.org"))
        with IMMEDIATE_TASKS:
            signup()
        token = emails.confirmation_token(Subscriber.objects.get())
        services.confirm(token=token)
        assert not services.is_suppressed(email="anna@example.org")

    def test_block_survives_a_secret_key_rotation(self):
        services.erase(subscriber=make_subscriber(email="anna@example.org"))
        with self.settings(
            SECRET_KEY="a-new-secret-key" * 4,
            SECRET_KEY_FALLBACKS=[settings.SECRET_KEY],
        ):
            assert services.is_suppressed(email="anna@example.org")


class ProofOfConsentTests(TestCase):
    def test_contains_the_exact_text_shown_and_no_ip(self):
        subscriber = make_subscriber(source="/blog/ein-beitrag/")
        make_consent("Ein späterer Wortlaut.")
        proof = services.proof_of_consent(subscriber=subscriber)
        assert proof["consent_text"]["version"] == 1
        assert proof["consent_text"]["text"] == ConsentText.objects.get(version=1).text
        assert proof["form_page"].endswith("/blog/ein-beitrag/")
        assert proof["confirmed_at"] == subscriber.confirmed_at.isoformat()
        assert proof["ip_address"] == "nicht gespeichert"


class PruneTests(TestCase):
    def test_deletes_only_old_unconfirmed_signups(self):
        old = timezone.now() - timedelta(days=40)
        make_subscriber(status=Subscriber.Status.PENDING, subscribed_at=old)
        fresh = make_subscriber(status=Subscriber.Status.PENDING)
        confirmed = make_subscriber(subscribed_at=old)
        assert (
            services.prune_unconfirmed(older_than=timedelta(days=30), dry_run=True) == 1
        )
        assert Subscriber.objects.count() == 3
        assert services.prune_unconfirmed(older_than=timedelta(days=30)) == 1
        assert set(Subscriber.objects.all()) == {fresh, confirmed}
