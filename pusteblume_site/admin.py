from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from markdownx.admin import MarkdownxModelAdmin

from .models import SiteSettings


class MarkdownAdmin(MarkdownxModelAdmin):
    """
    An admin with the Markdown editor: live preview by the site's own
    renderer, and refused image uploads explained in the editor.
    """

    class Media:
        js = ["js/admin-markdown-upload.js"]


class SingletonAdmin(admin.ModelAdmin):
    """The admin of a SingletonModel: one form, nothing to add or delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        # There is exactly one row: go straight to its form.
        row, _ = self.model.objects.get_or_create(pk=1)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        )


@admin.register(SiteSettings)
class SiteSettingsAdmin(SingletonAdmin):
    fieldsets = [
        (None, {"fields": ["site_name", "owner_name", "tagline", "footer_text"]}),
        (
            "Soziale Netzwerke",
            {"fields": ["linkedin_url", "instagram_url", "pinterest_url"]},
        ),
    ]
