"""The moderation queue: comments, blocked terms and notification addresses."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import ngettext

from ..models import BlockedTerm, Comment, NotificationAddress
from ..models.comments import MAX_TEXT_LENGTH
from . import services


class CommentAdminForm(forms.ModelForm):
    website = forms.URLField(
        label="Website", required=False, max_length=200, assume_scheme="https"
    )
    reply = forms.CharField(
        label="Als Autorin antworten",
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Erscheint sofort unter diesem Kommentar, mit dem Hinweis "
        "„Autorin“. Wartet der Kommentar noch, wird er damit auch freigegeben.",
    )

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "text", "status"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    form = CommentAdminForm
    list_display = ["short_text", "name", "post_title", "status", "created_at"]
    list_display_links = ["short_text"]
    list_filter = ["status", "is_author", ("post", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["post"]
    search_fields = ["name", "email", "text"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "delete_selected"]
    fieldsets = [
        (None, {"fields": ["post_link", "thread", "status", "text"]}),
        ("Absender", {"fields": ["name", "email", "website"]}),
        (None, {"fields": ["reply"]}),
        (
            "Verlauf",
            {
                "fields": ["created_at", "approved_at", "spam_at", "is_author"],
                "classes": ["collapse"],
            },
        ),
    ]
    readonly_fields = [
        "post_link",
        "thread",
        "created_at",
        "approved_at",
        "spam_at",
        "is_author",
    ]

    def has_add_permission(self, request):
        # Comments come from readers; the author answers through "reply".
        return False

    def get_ordering(self, request):
        # Pending first, then the rest, newest first within each group.
        waiting_first = Case(
            When(status=Comment.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [waiting_first.asc(), "-created_at", "-pk"]

    @admin.display(description="Kommentar")
    def short_text(self, obj):
        text = Truncator(obj.text).chars(120)
        return f"{text} (Antwort der Autorin)" if obj.is_author else text

    @admin.display(description="Beitrag", ordering="post__title")
    def post_title(self, obj):
        return Truncator(obj.post.title).chars(40)

    @admin.display(description="Beitrag")
    def post_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url() if obj.pk else "", obj.post
        )

    @admin.display(description="Antwort auf")
    def thread(self, obj):
        if obj.parent is None:
            return "–"
        return format_html(
            '<a href="{}">{}: {}</a>',
            obj.parent.admin_url(),
            obj.parent.name,
            Truncator(obj.parent.text).chars(120),
        )

    def save_model(self, request, obj, form, change):
        status = obj.status
        if "status" in form.changed_data and status != Comment.Status.PENDING:
            # The other edits first; then the services approve or mark as
            # spam, so an approved reply tells its thread's followers.
            obj.status = form.initial["status"]
            super().save_model(request, obj, form, change)
            if status == Comment.Status.APPROVED:
                services.approve(comments=[obj])
            else:
                services.mark_spam(comments=[obj])
        else:
            super().save_model(request, obj, form, change)
        text = form.cleaned_data.get("reply", "").strip()
        if text:
            services.reply_as_author(parent=obj, text=text, user=request.user)
            self.message_user(request, "Deine Antwort ist online.")

    def get_urls(self):
        return [
            path(
                "<int:pk>/freigeben/",
                self.admin_site.admin_view(self.approve_view),
                name="blog_comment_approve",
            ),
            *super().get_urls(),
        ]

    def approve_view(self, request, pk):
        """The start page's "Freigeben" button: approve one comment, go back."""
        if request.method != "POST":
            return redirect("admin:blog_comment_change", pk)
        comment = get_object_or_404(Comment, pk=pk)
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        services.approve(comments=[comment])
        self.message_user(request, f"Der Kommentar von {comment.name} ist online.")
        return redirect("admin:index")

    @admin.action(description="Ausgewählte freigeben", permissions=["change"])
    def approve(self, request, queryset):
        count = services.approve(comments=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d Kommentar freigegeben.",
                "%(count)d Kommentare freigegeben.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description="Ausgewählte als Spam markieren", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = services.mark_spam(comments=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d Kommentar in den Spam-Ordner verschoben.",
                "%(count)d Kommentare in den Spam-Ordner verschoben.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["term", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["term"]
    readonly_fields = ["created_at"]


@admin.register(NotificationAddress)
class NotificationAddressAdmin(admin.ModelAdmin):
    """Read-only proof of who asked for reply notifications, and when."""

    list_display = ["email", "created_at", "confirmation_sent_at", "confirmed_at"]
    list_filter = ["confirmed_at"]
    search_fields = ["email"]
    fields = ["email", "created_at", "confirmation_sent_at", "confirmed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
