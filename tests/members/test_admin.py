import io
from http import HTTPStatus

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils.timezone import localdate

from members.models import Entitlement, EntitlementChange, IpnCall, Member
from tests.factories import make_staff
from tests.newsletter.factories import IMMEDIATE_TASKS
from tests.newsletter.smtp import SMTPServerMixin

from .factories import make_download, make_member, make_product

MEMBERS_URL = reverse("admin:members_member_changelist")
IMPORT_URL = reverse("admin:members_member_import")


class AdminSmokeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product(name="Schreibwerkstatt")
        member = make_member(products=[cls.product])
        make_download(cls.product)
        IpnCall.objects.create(event="on_payment", outcome="granted")
        cls.entitlement = member.entitlements.get()

    def setUp(self):
        self.client.force_login(make_staff())

    def test_every_changelist_search_and_form_answers(self):
        for model in ["product", "download", "member", "ipncall", "entitlement"]:
            url = reverse(f"admin:members_{model}_changelist")
            assert self.client.get(url).status_code == HTTPStatus.OK, model
            assert self.client.get(url, {"q": "x"}).status_code == HTTPStatus.OK
        for model in ["product", "download"]:
            url = reverse(f"admin:members_{model}_add")
            assert self.client.get(url).status_code == HTTPStatus.OK, model
        url = reverse("admin:members_entitlement_change", args=[self.entitlement.pk])
        self.assertContains(self.client.get(url), "Gewährt")

    def test_products_show_their_active_members(self):
        make_member(products=[self.product])
        revoked = make_member(products=[self.product])
        from members import services

        services.revoke(entitlement=revoked.entitlements.get(), reason="Test")
        response = self.client.get(reverse("admin:members_product_changelist"))
        self.assertContains(response, '<td class="field-active_member_count">2</td>')

    def test_members_filter_by_product_and_status(self):
        other = make_product(name="Anderes")
        make_member(email="nur-anderes@example.org", products=[other])
        response = self.client.get(MEMBERS_URL, {"produkt": other.pk})
        self.assertContains(response, "nur-anderes@example.org")
        assert response.context["cl"].result_count == 1
        response = self.client.get(MEMBERS_URL, {"status": "ohne"})
        assert response.context["cl"].result_count == 0

    def test_the_post_and_page_forms_offer_the_members_fields(self):
        response = self.client.get(reverse("admin:blog_post_add"))
        self.assertContains(response, "Für Mitglieder")
        response = self.client.get(reverse("admin:pages_page_add"))
        self.assertContains(response, "Produkte, die sie öffnen")


@IMMEDIATE_TASKS
class MemberActionTests(SMTPServerMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product(name="Schreibwerkstatt")
        cls.member = make_member(email="anna@example.org")

    def setUp(self):
        super().setUp()
        self.client.force_login(make_staff())

    def act(self, action, **data):
        return self.client.post(
            MEMBERS_URL,
            {"action": action, "_selected_action": [self.member.pk], **data},
            follow=True,
        )

    def test_grant_and_revoke_by_hand_with_a_reason(self):
        self.act("grant_product", product=self.product.pk, reason="Gewinnspiel")
        entitlement = Entitlement.objects.get(member=self.member)
        assert entitlement.is_active
        assert entitlement.source == "manual"
        assert entitlement.changes.get().reason == "Gewinnspiel"
        response = self.act("revoke_product", product=self.product.pk, reason="Storno")
        self.assertContains(response, "entzogen")
        entitlement.refresh_from_db()
        assert not entitlement.is_active
        assert list(entitlement.changes.values_list("action", "reason")) == [
            (EntitlementChange.Action.GRANT, "Gewinnspiel"),
            (EntitlementChange.Action.REVOKE, "Storno"),
        ]

    def test_granting_without_a_product_says_what_is_missing(self):
        response = self.act("grant_product")
        self.assertContains(response, "Bitte wähle unten das Produkt aus.")
        assert not Entitlement.objects.exists()

    def test_resend_a_sign_in_link(self):
        self.act("resend_sign_in_link")
        [mail] = self.smtp.messages
        assert mail.rcpt_tos == ["anna@example.org"]
        assert "/mitglieder/anmelden/link/" in mail.text


class BuyerImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product(name="Schreibwerkstatt", slug="schreibwerkstatt")
        make_member(email="schon@example.org", name="Schon Da")

    def setUp(self):
        self.client.force_login(make_staff())

    def upload(self, text: str):
        upload = SimpleUploadedFile("kaeufer.csv", text.encode(), "text/csv")
        return self.client.post(IMPORT_URL, {"file": upload}, follow=True)

    def test_the_form_answers(self):
        self.assertContains(self.client.get(IMPORT_URL), "Käufer*innen importieren")
        self.assertContains(self.client.get(MEMBERS_URL), IMPORT_URL)

    def test_buyers_are_imported_with_their_purchase_date(self):
        response = self.upload(
            "email;name;product;since\n"
            "Neu@Example.org;Nora Neu;Schreibwerkstatt;31.03.2024\n"
            "schon@example.org;;schreibwerkstatt;2023-01-15\n"
        )
        self.assertContains(response, "2 Zeile(n) übernommen, 2 Zugang/Zugänge neu")
        nora = Member.objects.get(user__email="neu@example.org")
        assert nora.name == "Nora Neu"
        entitlement = nora.entitlements.get()
        assert entitlement.source == "csv"
        assert localdate(entitlement.since).isoformat() == "2024-03-31"
        assert Member.objects.get(user__email="schon@example.org").entitlements.exists()

    def test_one_bad_row_imports_nothing_and_names_the_line(self):
        response = self.upload(
            "email,product,since\n"
            "gut@example.org,schreibwerkstatt,2024-01-01\n"
            "kaputt,schreibwerkstatt,2024-01-01\n"
            "x@example.org,Gibtsnicht,2024-01-01\n"
            "y@example.org,schreibwerkstatt,gestern\n"
        )
        self.assertContains(response, "Zeile 3: „kaputt“ ist keine E-Mail-Adresse.")
        self.assertContains(
            response, "Zeile 4: Ein Produkt „Gibtsnicht“ gibt es nicht."
        )
        self.assertContains(response, "Zeile 5: „gestern“ ist kein Datum")
        assert not Entitlement.objects.exists()

    def test_a_file_without_the_columns_is_explained(self):
        response = self.upload("Adresse,Kurs\na@example.org,x\n")
        self.assertContains(response, "braucht die Spalten")

    def test_a_file_that_is_not_utf8_is_explained(self):
        upload = SimpleUploadedFile("k.csv", "email;product\nä;x\n".encode("latin-1"))
        response = self.client.post(IMPORT_URL, {"file": upload})
        self.assertContains(response, "nicht in UTF-8")


class DemoTests(TestCase):
    def test_seed_adds_the_schreibwerkstatt_with_its_page_post_and_pdf(self):
        from django.core.management import call_command

        from blog.models import Post
        from members.models import Download, Product
        from pages.models import Page

        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        product = Product.objects.get(slug="schreibwerkstatt")
        assert product.digistore_id_list == ["12345"]
        assert Product.objects.sold_as("12345") == product
        assert Page.objects.get(members_only=True).member_products.get() == product
        assert Post.objects.get(members_only=True).member_products.get() == product
        download = Download.objects.get()
        assert download.file.read().startswith(b"%PDF-1.4")
        assert "Mitglieder: Produkt „Schreibwerkstatt“ angelegt." in out.getvalue()
        call_command("seed_demo", stdout=out)
        assert Download.objects.count() == 1
        assert Page.objects.filter(members_only=True).count() == 1


class ProductFormTests(TestCase):
    def test_the_product_form_lists_what_it_opens(self):
        from tests.factories import make_page

        product = make_product()
        page = make_page(title="Modul 1", members_only=True)
        page.member_products.add(product)
        make_download(product)
        self.client.force_login(make_staff())
        response = self.client.get(
            reverse("admin:members_product_change", args=[product.pk])
        )
        self.assertContains(response, "Modul 1")
        self.assertContains(response, "Arbeitsheft")
