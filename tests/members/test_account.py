import json
import re
from http import HTTPStatus

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from members import services
from members.models import Entitlement, IpnCall, Member
from pusteblume_site import privacy
from tests.blog.factories import make_post
from tests.factories import make_page
from tests.newsletter.factories import SAME_ORIGIN
from tests.newsletter.smtp import SMTPServerMixin

from .factories import make_download, make_member, make_product


class DashboardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product(name="Schreibwerkstatt")
        cls.member = make_member(name="Anna", products=[cls.product])
        page = make_page(title="Modul 1", slug="modul-1", members_only=True)
        page.member_products.add(cls.product)
        post = make_post(title="Fünf Anfänge", members_only=True)
        post.member_products.add(cls.product)
        make_post(title="Öffentlich")
        make_download(cls.product)

    def test_lists_the_members_products_pages_posts_and_downloads(self):
        self.client.force_login(self.member.user)
        response = self.client.get("/mitglieder/")
        self.assertContains(response, "Hallo Anna!")
        self.assertContains(response, "Schreibwerkstatt")
        self.assertContains(response, 'href="/modul-1/"')
        self.assertContains(response, "Fünf Anfänge")
        self.assertNotContains(response, "Öffentlich")
        self.assertContains(response, "Arbeitsheft")
        assert "private" in response["Cache-Control"]

    def test_a_revoked_product_leaves_the_list(self):
        services.revoke(entitlement=self.member.entitlements.get(), reason="Test")
        self.client.force_login(self.member.user)
        response = self.client.get("/mitglieder/")
        self.assertNotContains(response, "Modul 1")
        self.assertContains(response, "keinen Zugang")

    def test_the_data_download_holds_what_is_stored(self):
        IpnCall.objects.create(
            event="on_payment", email=self.member.email, outcome="granted"
        )
        self.client.force_login(self.member.user)
        response = self.client.get(reverse("members:data_export"))
        assert response["Content-Disposition"].startswith("attachment;")
        data = json.loads(response.content)
        assert data["email"] == self.member.email
        assert data["zugaenge"][0]["produkt"] == "Schreibwerkstatt"
        assert data["digistore24"][0]["ereignis"] == "on_payment"


class DeleteAccountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product()
        cls.member = make_member(email="weg@example.org", products=[cls.product])
        IpnCall.objects.create(
            event="on_payment", email="weg@example.org", name="Weg", outcome="granted"
        )

    def test_without_the_tick_nothing_is_deleted(self):
        self.client.force_login(self.member.user)
        response = self.client.post(reverse("members:delete_account"))
        self.assertContains(response, "Bitte bestätige", status_code=400)
        assert Member.objects.exists()

    def test_deleting_keeps_the_entitlements_without_a_person(self):
        self.client.force_login(self.member.user)
        response = self.client.post(
            reverse("members:delete_account"), {"confirm": "on"}
        )
        self.assertContains(response, "Dein Konto ist gelöscht")
        assert not Member.objects.exists()
        assert not get_user_model().objects.filter(email="weg@example.org").exists()
        [entitlement] = Entitlement.objects.all()
        assert entitlement.member is None
        assert entitlement.product == self.product
        assert entitlement.changes.exists()
        assert IpnCall.objects.get().email == ""
        assert self.client.get("/mitglieder/").status_code == HTTPStatus.FOUND

    def test_the_gdpr_tool_finds_and_erases_a_member(self):
        [found] = privacy.find(email="weg@example.org")
        assert found.app == "Mitglieder"
        assert any("Zugang" in line for line in found.lines)
        privacy.erase(email="weg@example.org", anonymise=True)
        assert not Member.objects.exists()
        assert Entitlement.objects.get().member is None
        assert privacy.find(email="weg@example.org") == []


class EmailChangeTests(SMTPServerMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(email="alt@example.org", products=[make_product()])

    def request_change(self, email="neu@example.org"):
        self.client.force_login(self.member.user)
        return self.client.post(reverse("members:email_change"), {"email": email})

    def confirm_path(self) -> str:
        [mail] = self.smtp.to("neu@example.org")
        [url] = re.findall(r"http://\S+/mitglieder/adresse/\S+", mail.text)
        return url.split("8000", 1)[1]

    def test_the_new_address_counts_only_after_its_link(self):
        response = self.request_change()
        self.assertRedirects(response, "/mitglieder/?hinweis=adresse")
        self.member.refresh_from_db()
        assert self.member.user.email == "alt@example.org"
        path = self.confirm_path()
        self.assertContains(self.client.get(path), "Adresse bestätigen")
        self.member.user.refresh_from_db()
        assert self.member.user.email == "alt@example.org"  # GET changes nothing
        response = self.client_class().post(path, headers=SAME_ORIGIN)
        self.assertContains(response, "Adresse geändert")
        self.member.user.refresh_from_db()
        assert self.member.user.email == "neu@example.org"

    def test_an_address_of_another_account_is_not_taken(self):
        make_member(email="neu@example.org")
        self.request_change()
        response = self.client.post(self.confirm_path(), headers=SAME_ORIGIN)
        self.assertContains(response, "schon ein anderes Konto", status_code=409)

    def test_a_bad_address_gets_a_german_message(self):
        response = self.request_change("kaputt")
        self.assertContains(
            response, "nicht nach einer E-Mail-Adresse", status_code=400
        )
        assert self.smtp.messages == []

    def test_a_damaged_link_changes_nothing(self):
        response = self.client.get("/mitglieder/adresse/kaputt/")
        self.assertContains(response, "beschädigt", status_code=400)
