import json
from http import HTTPStatus

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from newsletter import services
from newsletter.models import ConsentText, Delivery, Issue, Subscriber
from tests.factories import make_staff

from .factories import IMMEDIATE_TASKS, make_issue, make_subscriber


def changelist(model: str) -> str:
    return reverse(f"admin:newsletter_{model}_changelist")


def action(client, model: str, name: str, objects, **extra):
    return client.post(
        changelist(model),
        {"action": name, "_selected_action": [o.pk for o in objects], **extra},
    )


class AdminSmokeTests(TestCase):
    def setUp(self):
        self.client.force_login(make_staff())
        self.subscriber = make_subscriber()
        self.issue = make_issue()
        Delivery.objects.create(issue=self.issue, subscriber=self.subscriber)

    def test_changelists_search_and_filters_answer(self):
        for model, query in [
            ("subscriber", "?q=leserin&status__exact=confirmed"),
            ("issue", "?q=Ausgabe&status__exact=draft"),
            ("consenttext", "?q=Newsletter"),
            ("delivery", "?q=leserin&status__exact=pending"),
        ]:
            with self.subTest(model=model):
                response = self.client.get(changelist(model) + query)
                assert response.status_code == HTTPStatus.OK

    def test_change_and_add_pages_answer(self):
        urls = [
            reverse("admin:newsletter_subscriber_change", args=[self.subscriber.pk]),
            reverse("admin:newsletter_issue_change", args=[self.issue.pk]),
            reverse("admin:newsletter_issue_add"),
            reverse("admin:newsletter_consenttext_add"),
            reverse("admin:newsletter_consenttext_change", args=[1]),
            reverse(
                "admin:newsletter_delivery_change", args=[Delivery.objects.get().pk]
            ),
            reverse("admin:newsletter_subscriber_import"),
        ]
        for url in urls:
            with self.subTest(url=url):
                assert self.client.get(url).status_code == HTTPStatus.OK

    def test_subscribers_are_not_added_by_hand(self):
        response = self.client.get(reverse("admin:newsletter_subscriber_add"))
        assert response.status_code == HTTPStatus.FORBIDDEN

    def test_changelist_shows_the_import_button(self):
        response = self.client.get(changelist("subscriber"))
        self.assertContains(response, reverse("admin:newsletter_subscriber_import"))


class ConsentTextAdminTests(TestCase):
    def setUp(self):
        self.client.force_login(make_staff())

    def test_add_form_starts_from_the_current_wording(self):
        response = self.client.get(reverse("admin:newsletter_consenttext_add"))
        self.assertContains(response, ConsentText.objects.current().text)

    def test_saving_publishes_a_new_version_and_keeps_the_old(self):
        response = self.client.post(
            reverse("admin:newsletter_consenttext_add"), {"text": " Neuer Text. "}
        )
        assert response.status_code == HTTPStatus.FOUND
        assert list(ConsentText.objects.values_list("version", "text")) == [
            (2, "Neuer Text."),
            (1, ConsentText.objects.get(version=1).text),
        ]
        assert services.current_consent().version == 2

    def test_versions_cannot_be_changed_or_deleted(self):
        url = reverse("admin:newsletter_consenttext_change", args=[1])
        self.client.post(url, {"text": "Umgeschrieben"})
        assert ConsentText.objects.get(version=1).text != "Umgeschrieben"
        delete = reverse("admin:newsletter_consenttext_delete", args=[1])
        assert self.client.post(delete, {"post": "yes"}).status_code == 403
        assert ConsentText.objects.filter(version=1).exists()


class SubscriberAdminActionTests(TestCase):
    def setUp(self):
        self.client.force_login(make_staff())

    def test_csv_export_is_excel_friendly_and_formula_safe(self):
        subscriber = make_subscriber(
            email="anna@example.org", first_name="=HYPERLINK(1)"
        )
        response = action(self.client, "subscriber", "export_csv", [subscriber])
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeffE-Mail;Vorname;Status")
        assert "anna@example.org;'=HYPERLINK(1);Bestätigt" in text

    @IMMEDIATE_TASKS
    def test_resend_confirmation_only_to_pending(self):
        pending = make_subscriber(status=Subscriber.Status.PENDING)
        confirmed = make_subscriber()
        response = action(
            self.client, "subscriber", "resend_confirmation", [pending, confirmed]
        )
        assert response.status_code == HTTPStatus.FOUND
        assert [m.to for m in mail.outbox] == [[pending.email]]

    def test_proof_of_consent_download(self):
        subscriber = make_subscriber(email="anna@example.org")
        url = reverse("admin:newsletter_subscriber_proof", args=[subscriber.pk])
        response = self.client.get(url)
        assert response["Content-Disposition"].startswith("attachment;")
        proof = json.loads(response.content)
        assert proof["email"] == "anna@example.org"
        assert proof["consent_text"]["version"] == 1

    def test_delete_is_a_gdpr_erasure_with_suppression(self):
        subscriber = make_subscriber(email="anna@example.org")
        Delivery.objects.create(issue=make_issue(), subscriber=subscriber)
        response = action(
            self.client, "subscriber", "delete_selected", [subscriber], post="yes"
        )
        assert response.status_code == HTTPStatus.FOUND
        assert not Subscriber.objects.exists()
        assert not Delivery.objects.exists()
        assert services.is_suppressed(email="anna@example.org")

    def test_delete_button_on_the_change_page_erases_too(self):
        subscriber = make_subscriber(email="anna@example.org")
        url = reverse("admin:newsletter_subscriber_delete", args=[subscriber.pk])
        self.assertContains(self.client.get(url), "anna@example.org")
        response = self.client.post(url, {"post": "yes"})
        assert response.status_code == HTTPStatus.FOUND
        assert not Subscriber.objects.exists()
        assert services.is_suppressed(email="anna@example.org")


class SubscriberImportTests(TestCase):
    def setUp(self):
        self.client.force_login(make_staff())
        self.url = reverse("admin:newsletter_subscriber_import")

    def upload(self, content: str, **extra):
        data = {
            "file": SimpleUploadedFile("liste.csv", content.encode("utf-8")),
            "consent_note": "Double-Opt-in über Mailchimp, Export vom 1.3.2024",
            "confirm": "on",
        } | extra
        return self.client.post(self.url, data)

    def test_imports_confirmed_subscribers_with_their_original_date(self):
        make_subscriber(email="schon@example.org")
        response = self.upload(
            "email;first_name;consent_date\n"
            "Anna@Example.org;Anna;17.05.2023\n"
            "ben@example.org;;2022-01-02T10:30:00\n"
            "schon@example.org;;2021-01-01\n"
        )
        assert response.status_code == HTTPStatus.FOUND
        anna = Subscriber.objects.get(email="Anna@example.org")
        assert anna.status == Subscriber.Status.CONFIRMED
        assert timezone.localtime(anna.confirmed_at).date().isoformat() == "2023-05-17"
        assert anna.consent_note.startswith("Double-Opt-in über Mailchimp")
        assert Subscriber.objects.count() == 3
        messages = [str(m) for m in response.wsgi_request._messages]
        assert "2 Adresse(n) importiert." in messages
        assert any("schon@example.org ist schon in der Liste" in m for m in messages)

    def test_one_bad_row_imports_nothing_and_names_every_problem(self):
        response = self.upload(
            "email,consent_date\n"
            "gut@example.org,2023-01-01\n"
            "kaputt,2023-01-01\n"
            "zukunft@example.org,2999-01-01\n"
            "datum@example.org,gestern\n"
        )
        assert response.status_code == HTTPStatus.OK
        self.assertContains(response, "Nichts importiert")
        self.assertContains(response, "Zeile 3: Bitte gib eine gültige E-Mail-Adresse")
        self.assertContains(
            response, "Zeile 4: Das Einwilligungsdatum liegt in der Zukunft"
        )
        self.assertContains(response, "Zeile 5: „gestern“ ist kein Datum")
        assert not Subscriber.objects.exists()

    def test_erased_addresses_are_not_imported_again(self):
        services.erase(subscriber=make_subscriber(email="weg@example.org"))
        self.upload("email,consent_date\nweg@example.org,2023-01-01\n")
        assert not Subscriber.objects.exists()

    def test_wrong_header_or_encoding_is_explained(self):
        response = self.upload("mail_adresse,datum\nx@example.org,2023-01-01\n")
        self.assertContains(response, "Die Kopfzeile braucht die Spalten")
        data = {
            "file": SimpleUploadedFile(
                "l.csv", "email,consent_date\nä".encode("latin-1")
            )
        }
        response = self.upload("", **data)
        self.assertContains(response, "nicht UTF-8")
        assert not Subscriber.objects.exists()

    def test_oversized_file_is_refused_unread(self):
        huge = "email,consent_date\n" + "x" * (5 * 1024 * 1024)
        self.assertContains(self.upload(huge), "größer als 5 MB")
        assert not Subscriber.objects.exists()

    def test_import_needs_the_consent_confirmation(self):
        response = self.upload(
            "email,consent_date\na@example.org,2023-01-01\n", confirm=""
        )
        assert response.status_code == HTTPStatus.OK
        assert not Subscriber.objects.exists()


@IMMEDIATE_TASKS
@override_settings(NEWSLETTER_BATCH_PAUSE=0)
class IssueAdminActionTests(TestCase):
    def setUp(self):
        self.editor = make_staff(email="lena@example.org", first_name="Lena")
        self.client.force_login(self.editor)
        self.subscribers = [make_subscriber() for _ in range(3)]
        self.issue = make_issue(subject="Herbstausgabe")

    def test_send_test_goes_only_to_the_editor(self):
        action(self.client, "issue", "send_test", [self.issue])
        [message] = mail.outbox
        assert message.to == ["lena@example.org"]
        assert message.subject == "[Test] Herbstausgabe"
        assert message.body.startswith("Hallo Lena,")
        assert Issue.objects.get().status == Issue.Status.DRAFT
        assert not Delivery.objects.exists()

    def test_send_test_without_an_editor_address_explains_why(self):
        self.client.force_login(make_staff(email=""))
        response = action(self.client, "issue", "send_test", [self.issue])
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("keine E-Mail-Adresse" in m for m in messages)
        assert mail.outbox == []

    def test_send_to_all_asks_first_then_sends_once(self):
        response = action(self.client, "issue", "send_to_subscribers", [self.issue])
        self.assertContains(response, "3 bestätigte Abonnent*in(nen)")
        assert mail.outbox == []
        action(
            self.client, "issue", "send_to_subscribers", [self.issue], confirmed="yes"
        )
        assert len(mail.outbox) == 3
        action(
            self.client, "issue", "send_to_subscribers", [self.issue], confirmed="yes"
        )
        assert len(mail.outbox) == 3
        response = self.client.get(changelist("issue"))
        self.assertContains(response, "3 verschickt · 0 fehlgeschlagen · 0 offen")

    def test_sent_issue_is_read_only_except_the_archive_switch(self):
        services.send_issue(issue=self.issue)
        url = reverse("admin:newsletter_issue_change", args=[self.issue.pk])
        self.client.post(url, {"is_public": ""})
        issue = Issue.objects.get()
        assert issue.subject == "Herbstausgabe"
        assert issue.is_public is False

    def test_retry_failed_resends_only_failures(self):
        services.send_issue(issue=self.issue)
        Delivery.objects.filter(subscriber=self.subscribers[0]).update(
            status=Delivery.Status.FAILED, error="550"
        )
        mail.outbox = []
        action(self.client, "issue", "retry_failed", [self.issue])
        assert [m.to for m in mail.outbox] == [[self.subscribers[0].email]]

    def test_resume_continues_an_interrupted_send(self):
        Issue.objects.filter(pk=self.issue.pk).update(status=Issue.Status.SENDING)
        response = action(self.client, "issue", "resume", [self.issue])
        assert response.status_code == HTTPStatus.FOUND
        assert len(mail.outbox) == 3
        assert Issue.objects.get().status == Issue.Status.SENT

    def test_resume_of_a_draft_sends_nothing(self):
        response = action(self.client, "issue", "resume", [self.issue])
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("wird gerade nicht verschickt" in m for m in messages)
        assert mail.outbox == []
