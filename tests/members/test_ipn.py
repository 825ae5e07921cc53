from datetime import timedelta
from http import HTTPStatus

import time_machine
from django.test import TestCase, override_settings
from django.utils import timezone

from members import digistore
from members.models import Entitlement, EntitlementChange, IpnCall, Member
from tests.newsletter.factories import IMMEDIATE_TASKS
from tests.newsletter.smtp import SMTPServerMixin

from .factories import PASSPHRASE, make_product, notification

IPN_URL = "/mitglieder/ipn/digistore24/"


class SignatureTests(TestCase):
    def test_matches_digistores_recipe_for_a_known_notification(self):
        params = {"b": "2", "a": "1", "c": "", "sha_sign": "egal"}
        expected = (
            __import__("hashlib").sha512(b"a=1geheimb=2geheim").hexdigest().upper()
        )
        assert digistore.signature("geheim", params) == expected

    def test_keys_sort_case_sensitively_as_in_php(self):
        params = {"b": "1", "B": "2", "a": "3"}
        expected = __import__("hashlib").sha512(b"B=2pa=3pb=1p").hexdigest().upper()
        assert digistore.signature("p", params) == expected

    def test_a_changed_value_breaks_the_signature(self):
        params = notification()
        params["product_id"] = "99999"
        assert not digistore.is_signed(PASSPHRASE, params)

    def test_shasign_in_capitals_is_accepted_too(self):
        params = notification()
        params["SHASIGN"] = params.pop("sha_sign")
        assert digistore.is_signed(PASSPHRASE, params)


@IMMEDIATE_TASKS
@override_settings(DIGISTORE24_IPN_PASSPHRASE=PASSPHRASE)
class IpnTests(SMTPServerMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product(name="Schreibwerkstatt", digistore_ids="12345")

    def send(self, params):
        return self.client.post(IPN_URL, params)

    def entitlement(self):
        return Entitlement.objects.get(
            member__user__email="kaeuferin@example.org", product=self.product
        )

    def test_a_payment_grants_access_and_mails_a_sign_in_link(self):
        response = self.send(notification())
        assert response.status_code == HTTPStatus.OK
        body = response.content.decode()
        assert body.splitlines()[0] == "OK"
        assert "loginurl: http://127.0.0.1:8000/mitglieder/anmelden/" in body
        assert "username: kaeuferin@example.org" in body
        member = Member.objects.get(user__email="kaeuferin@example.org")
        assert member.name == "Julia Berger"
        assert self.entitlement().is_active
        assert self.entitlement().order_id == "RJXCW823"
        [mail] = self.smtp.messages
        assert mail.rcpt_tos == ["kaeuferin@example.org"]
        assert "/mitglieder/anmelden/link/" in mail.text
        assert "Schreibwerkstatt" in mail.text

    def test_the_call_is_logged_with_email_and_name_but_no_address(self):
        self.send(notification())
        call = IpnCall.objects.get()
        assert call.outcome == IpnCall.Outcome.GRANTED
        assert (call.email, call.name) == ("kaeuferin@example.org", "Julia Berger")
        stored = " ".join(str(v) for v in IpnCall.objects.values().get().values())
        assert "Hauptstraße" not in stored
        assert "Köln" not in stored

    def test_the_same_notification_twice_changes_nothing(self):
        self.send(notification())
        self.smtp.handler.reset()
        response = self.send(notification())
        assert response.status_code == HTTPStatus.OK
        assert Entitlement.objects.count() == 1
        assert EntitlementChange.objects.count() == 1
        assert self.smtp.messages == []
        assert IpnCall.objects.first().outcome == IpnCall.Outcome.DUPLICATE

    def test_a_forged_notification_is_refused_and_grants_nothing(self):
        forged = notification(passphrase="falsch")
        response = self.send(forged)
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert not Member.objects.exists()
        assert IpnCall.objects.get().outcome == IpnCall.Outcome.FORGED

    def test_an_unsigned_notification_is_refused(self):
        params = notification()
        del params["sha_sign"]
        assert self.send(params).status_code == HTTPStatus.FORBIDDEN
        assert not Entitlement.objects.exists()

    def test_a_tampered_notification_is_refused(self):
        params = notification()
        params["email"] = "angreifer@example.org"
        assert self.send(params).status_code == HTTPStatus.FORBIDDEN
        assert not Member.objects.exists()

    @override_settings(DIGISTORE24_IPN_PASSPHRASE="")
    def test_without_a_passphrase_the_endpoint_answers_503_and_grants_nothing(self):
        response = self.send(notification(passphrase=""))
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert not Member.objects.exists()

    def test_get_is_not_allowed(self):
        response = self.client.get(IPN_URL)
        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED

    def test_an_unknown_product_is_logged_and_answered_ok(self):
        with self.assertLogs("members.digistore", "WARNING"):
            response = self.send(notification(product_id="77777"))
        assert response.status_code == HTTPStatus.OK
        assert response.content.decode().startswith("OK")
        assert not Entitlement.objects.exists()
        assert IpnCall.objects.get().outcome == IpnCall.Outcome.UNKNOWN_PRODUCT

    def test_a_refund_revokes_access_at_once(self):
        self.send(notification())
        response = self.send(notification("on_refund", transaction_id="23650600"))
        assert response.status_code == HTTPStatus.OK
        entitlement = self.entitlement()
        assert not entitlement.is_active
        assert entitlement.changes.last().action == EntitlementChange.Action.REVOKE

    def test_a_chargeback_revokes_access(self):
        self.send(notification())
        self.send(notification("on_chargeback", transaction_id="23650601"))
        assert not self.entitlement().is_active

    def test_a_replayed_refund_is_one_revocation(self):
        self.send(notification())
        refund = notification("on_refund", transaction_id="23650600")
        self.send(refund)
        self.send(refund)
        revocations = EntitlementChange.objects.filter(action="revoke")
        assert revocations.count() == 1

    def test_a_missed_payment_ends_access_when_the_paid_time_is_over(self):
        paid_until = timezone.now() + timedelta(days=10)
        self.send(
            notification(
                billing_type="subscription",
                next_payment_at=paid_until.strftime("%Y-%m-%d %H:%M:%S"),
            )
        )
        self.send(notification("on_payment_missed", transaction_id="23650700"))
        entitlement = self.entitlement()
        assert entitlement.is_active  # paid for ten more days
        assert entitlement.until is not None
        with time_machine.travel(paid_until + timedelta(hours=1)):
            assert not self.entitlement().is_active

    def test_a_later_payment_restores_access_after_a_missed_one(self):
        self.send(notification(billing_type="subscription"))
        self.send(notification("on_payment_missed", transaction_id="23650700"))
        assert not self.entitlement().is_active  # nothing paid ahead
        self.smtp.handler.reset()
        self.send(notification(billing_type="subscription", transaction_id="23650800"))
        entitlement = self.entitlement()
        assert entitlement.is_active
        assert entitlement.until is None
        assert entitlement.changes.last().action == EntitlementChange.Action.RESTORE
        assert IpnCall.objects.first().outcome == IpnCall.Outcome.RESTORED
        assert len(self.smtp.messages) == 1  # "welcome back" with a link

    def test_a_refund_for_someone_without_access_changes_nothing(self):
        response = self.send(notification("on_refund"))
        assert response.status_code == HTTPStatus.OK
        assert IpnCall.objects.get().outcome == IpnCall.Outcome.IGNORED

    def test_a_connection_test_is_answered_ok(self):
        response = self.send(notification("connection_test"))
        assert response.content.decode() == "OK"

    def test_the_ipn_sets_no_cookie(self):
        response = self.send(notification())
        assert not response.cookies
