import json
import smtplib

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from blog.models import Post
from pusteblume_site import privacy
from pusteblume_site.admin import MarkdownAdmin, SingletonAdmin

from . import csv_io, services
from .forms import PersonalDataForm, SubscriberImportForm
from .models import ConsentText, Delivery, Issue, NewsletterBox, Subscriber


@admin.register(NewsletterBox)
class NewsletterBoxAdmin(SingletonAdmin):
    fields = ["headline", "text", "reassurance", "button_label"]


@admin.register(ConsentText)
class ConsentTextAdmin(admin.ModelAdmin):
    """
    Wordings are never edited: "add" publishes a new version, so the text
    each subscriber agreed to stays on record.
    """

    list_display = ["__str__", "short_text", "created_at", "subscriber_count"]
    list_filter = ["created_at"]
    search_fields = ["text"]
    readonly_fields = ["version", "created_at"]

    @admin.display(description="Text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="Abonnent*innen")
    def subscriber_count(self, obj):
        return obj.subscribers.count()

    def get_changeform_initial_data(self, request):
        return {"text": services.current_consent().text}

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        published = services.publish_consent_text(text=obj.text)
        obj.pk, obj.version, obj.created_at = (
            published.pk,
            published.version,
            published.created_at,
        )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "status", "subscribed_at", "confirmed_at"]
    list_filter = ["status", "consent_text", "subscribed_at"]
    search_fields = ["email", "first_name"]
    date_hierarchy = "subscribed_at"
    list_select_related = ["consent_text"]
    change_list_template = "newsletter/admin/subscriber_change_list.html"
    fields = [
        "email",
        "first_name",
        "status",
        "subscribed_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "source",
        "consent_shown",
        "consent_note",
        "proof_link",
    ]
    readonly_fields = [
        "email",
        "status",
        "subscribed_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
        "source",
        "consent_shown",
        "consent_note",
        "proof_link",
    ]
    actions = ["export_csv", "resend_confirmation"]

    def has_add_permission(self, request):
        # Addresses come in through the double opt-in or the CSV import,
        # never typed in without proof of consent.
        return False

    @admin.display(description="Einwilligungstext")
    def consent_shown(self, obj):
        if obj.consent_text is None:
            return "–"
        return format_html(
            "<strong>{}</strong><br>{}", obj.consent_text, obj.consent_text.text
        )

    @admin.display(description="Einwilligungsnachweis")
    def proof_link(self, obj):
        url = reverse("admin:newsletter_subscriber_proof", args=[obj.pk])
        return format_html('<a href="{}">Als JSON-Datei herunterladen</a>', url)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _ = actions["delete_selected"]
            actions["delete_selected"] = (
                function,
                name,
                "Ausgewählte endgültig löschen (DSGVO, Adresse bleibt gesperrt)",
            )
        return actions

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        # Delivery rows have no delete permission of their own (they are a
        # record of sending), but they go with the person they belong to.
        perms_needed.discard(Delivery._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        services.erase(subscriber=obj)

    def delete_queryset(self, request, queryset):
        for subscriber in queryset:
            services.erase(subscriber=subscriber)

    @admin.action(description="Ausgewählte als CSV exportieren")
    def export_csv(self, request, queryset):
        response = HttpResponse(
            "\ufeff" + csv_io.export_subscribers(queryset),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="abonnenten.csv"'
        return response

    @admin.action(description="Bestätigungsmail erneut schicken")
    def resend_confirmation(self, request, queryset):
        pending = queryset.filter(status=Subscriber.Status.PENDING)
        sent = sum(services.resend_confirmation(subscriber=s) for s in pending)
        self.message_user(request, f"{sent} Bestätigungsmail(s) verschickt.")
        skipped = queryset.count() - sent
        if skipped:
            self.message_user(
                request,
                f"{skipped} übersprungen: schon bestätigt, abgemeldet oder in der "
                "letzten Stunde schon angeschrieben.",
                messages.WARNING,
            )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="newsletter_subscriber_import",
            ),
            path(
                "daten-einer-person/",
                self.admin_site.admin_view(self.personal_data_view),
                name="newsletter_personal_data",
            ),
            path(
                "<int:pk>/nachweis/",
                self.admin_site.admin_view(self.proof_view),
                name="newsletter_subscriber_proof",
            ),
            *super().get_urls(),
        ]

    def proof_view(self, request, pk):
        subscriber = get_object_or_404(Subscriber, pk=pk)
        if not self.has_view_permission(request, subscriber):
            raise PermissionDenied
        proof = services.proof_of_consent(subscriber=subscriber)
        response = HttpResponse(
            json.dumps(proof, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="einwilligung-{subscriber.pk}.json"'
        )
        return response

    def personal_data_view(self, request):
        """
        Find and erase everything the site stores about an address: the
        subscription and, through the apps' hooks, comments and their
        notification consent (GDPR Art. 15 and 17).
        """
        if not request.user.has_perm("newsletter.delete_subscriber"):
            raise PermissionDenied
        form = PersonalDataForm(request.POST or request.GET or None)
        findings = None
        if form.is_valid():
            email = form.cleaned_data["email"]
            action = request.POST.get("erase") if request.method == "POST" else None
            if action in {"delete", "anonymise"}:
                privacy.erase(email=email, anonymise=action == "anonymise")
                self.message_user(
                    request,
                    f"Alle Daten zu {email} sind gelöscht"
                    + (
                        "; Kommentartexte stehen weiter da, als „Anonym“."
                        if action == "anonymise"
                        else "."
                    ),
                )
                return redirect("admin:newsletter_personal_data")
            findings = privacy.find(email=email)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Daten einer Person finden und löschen",
            "form": form,
            "findings": findings,
        }
        return TemplateResponse(request, "newsletter/admin/personal_data.html", context)

    def import_view(self, request):
        if not request.user.has_perm("newsletter.add_subscriber"):
            raise PermissionDenied
        form = SubscriberImportForm(request.POST or None, request.FILES or None)
        plan = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            plan = csv_io.parse_import(upload.read(csv_io.MAX_IMPORT_BYTES + 1))
            if not plan.errors:
                created = csv_io.import_subscribers(
                    plan=plan, consent_note=form.cleaned_data["consent_note"]
                )
                self.message_user(request, f"{created} Adresse(n) importiert.")
                for note in plan.skipped[:50]:
                    self.message_user(request, note, messages.WARNING)
                return redirect("admin:newsletter_subscriber_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Abonnent*innen importieren",
            "form": form,
            "plan": plan,
        }
        return TemplateResponse(
            request, "newsletter/admin/subscriber_import.html", context
        )


@admin.register(Issue)
class IssueAdmin(MarkdownAdmin):
    list_display = [
        "subject",
        "status",
        "scheduled_for",
        "is_public",
        "progress",
        "sent_at",
    ]
    list_filter = ["status", "is_public"]
    search_fields = ["subject", "body"]
    prepopulated_fields = {"slug": ["subject"]}
    date_hierarchy = "created_at"
    actions = ["send_test", "send_to_subscribers", "retry_failed", "resume"]
    progress_fields = ["status", "progress", "sending_started_at", "sent_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            # Sent is sent: only the archive switch can still change.
            return [
                "subject",
                "slug",
                "preheader",
                "body",
                "include_latest_posts",
                "scheduled_for",
                *self.progress_fields,
            ]
        return self.progress_fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and obj.status != Issue.Status.DRAFT:
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_urls(self):
        return [
            path(
                "aus-beitrag/<int:post_id>/",
                self.admin_site.admin_view(self.from_post_view),
                name="newsletter_issue_from_post",
            ),
            *super().get_urls(),
        ]

    def from_post_view(self, request, post_id):
        """ "Als Newsletter senden" on a post: a prefilled draft issue."""
        if request.method != "POST":
            return redirect("admin:blog_post_change", post_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        post = get_object_or_404(Post.objects.published(), pk=post_id)
        issue = services.issue_from_post(post=post)
        self.message_user(
            request,
            format_html(
                "Die Ausgabe ist angelegt, aus dem Beitrag „{}“. Lies sie durch, "
                "passe sie an und schick sie über die Aktion „An alle bestätigten "
                'Abonnent*innen senden“. <a href="{}">Zurück zum Beitrag</a>',
                post.title,
                reverse("admin:blog_post_change", args=[post.pk]),
            ),
            messages.SUCCESS,
        )
        return redirect("admin:newsletter_issue_change", issue.pk)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "scheduled_for" in form.changed_data and services.schedule_issue(issue=obj):
            when = timezone.localtime(obj.scheduled_for)
            self.message_user(
                request,
                f"„{obj}“ geht am {date_format(when, 'l, j. F')} um "
                f"{date_format(when, 'G:i')} Uhr an alle bestätigten "
                "Abonnent*innen.",
            )

    @admin.display(description="Fortschritt")
    def progress(self, obj):
        if obj.status == Issue.Status.DRAFT:
            return "–"
        return (
            f"{obj.sent_count} verschickt · {obj.failed_count} fehlgeschlagen · "
            f"{obj.left_count} offen"
        )

    @admin.action(description="Testmail an mich schicken")
    def send_test(self, request, queryset):
        email = request.user.email
        if not email:
            self.message_user(
                request,
                "Dein Benutzerkonto hat keine E-Mail-Adresse. Trag sie unter "
                "„Benutzer“ ein, dann klappt die Testmail.",
                messages.ERROR,
            )
            return
        for issue in queryset:
            try:
                services.send_test(
                    issue=issue, email=email, first_name=request.user.first_name
                )
            except (smtplib.SMTPException, OSError) as exc:
                self.message_user(
                    request,
                    f"Die Testmail „{issue}“ konnte nicht verschickt werden: {exc}",
                    messages.ERROR,
                )
            else:
                self.message_user(request, f"Testmail „{issue}“ an {email} verschickt.")

    @admin.action(description="An alle bestätigten Abonnent*innen senden …")
    def send_to_subscribers(self, request, queryset):
        drafts = queryset.filter(status=Issue.Status.DRAFT)
        if request.POST.get("confirmed") == "yes":
            started = [issue for issue in drafts if services.send_issue(issue=issue)]
            for issue in started:
                self.message_user(
                    request,
                    f"„{issue}“ wird jetzt im Hintergrund verschickt. Den Fortschritt "
                    "siehst du in dieser Liste.",
                )
            if len(started) < queryset.count():
                self.message_user(
                    request,
                    "Schon verschickte Ausgaben werden nicht noch einmal gesendet.",
                    messages.WARNING,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Newsletter verschicken?",
            "issues": drafts,
            "not_drafts": queryset.exclude(status=Issue.Status.DRAFT),
            "recipients": Subscriber.objects.filter(
                status=Subscriber.Status.CONFIRMED
            ).count(),
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "newsletter/admin/issue_send_confirm.html", context
        )

    @admin.action(description="Fehlgeschlagene Zustellungen erneut senden")
    def retry_failed(self, request, queryset):
        for issue in queryset:
            count = services.retry_failed(issue=issue)
            if count:
                self.message_user(request, f"„{issue}“: {count} Mail(s) neu in Arbeit.")
            else:
                self.message_user(
                    request, f"„{issue}“: keine fehlgeschlagenen Zustellungen."
                )

    @admin.action(description="Unterbrochenen Versand fortsetzen")
    def resume(self, request, queryset):
        for issue in queryset:
            if services.resume_sending(issue=issue):
                self.message_user(request, f"„{issue}“: Versand geht weiter.")
            else:
                self.message_user(
                    request,
                    f"„{issue}“ wird gerade nicht verschickt.",
                    messages.WARNING,
                )


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Read-only: where each copy of an issue went, and why one failed."""

    list_display = ["subscriber", "issue", "status", "attempts", "sent_at", "error"]
    list_filter = ["status", "issue"]
    search_fields = ["subscriber__email", "error"]
    list_select_related = ["subscriber", "issue"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
