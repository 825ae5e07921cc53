from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from markdownx.admin import MarkdownxModelAdmin

from blog.admin import UPLOAD_SCRIPT

from .models import Page, SiteSettings


@admin.register(Page)
class PageAdmin(MarkdownxModelAdmin):
    list_display = [
        "title",
        "slug",
        "show_in_menu",
        "menu_position",
        "parent",
        "is_published",
        "updated_at",
    ]
    list_editable = ["menu_position"]
    list_filter = ["is_published", "show_in_menu"]
    search_fields = ["title", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["parent"]
    readonly_fields = ["created_at", "updated_at"]

    class Media:
        js = [UPLOAD_SCRIPT]

    fieldsets = [
        (None, {"fields": ["title", "slug", "body", "is_published"]}),
        (
            "Menü",
            {
                "fields": [
                    "show_in_menu",
                    "menu_label",
                    "tagline",
                    "menu_position",
                    "parent",
                ]
            },
        ),
        ("Suchmaschinen", {"fields": ["meta_description"]}),
        ("Verlauf", {"fields": ["created_at", "updated_at"]}),
    ]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["site_name", "owner_name", "tagline", "footer_text"]}),
        (
            "Soziale Netzwerke",
            {"fields": ["linkedin_url", "instagram_url", "pinterest_url"]},
        ),
        (
            "Newsletter-Box",
            {
                "fields": [
                    "newsletter_headline",
                    "newsletter_text",
                    "newsletter_reassurance",
                    "newsletter_button_label",
                ]
            },
        ),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        # There is exactly one row: go straight to its form.
        settings = SiteSettings.load()
        return HttpResponseRedirect(
            reverse("admin:pages_sitesettings_change", args=[settings.pk])
        )
