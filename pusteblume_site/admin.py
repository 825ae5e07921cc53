from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .editor import ConflictCheckForm, EditorAdminMixin
from .models import SiteSettings


class MarkdownAdmin(EditorAdminMixin, admin.ModelAdmin):
    """
    An admin with the site's writing screen (see editor.py): the text beside
    a live preview by the site's own renderer, images dropped with their alt
    text, revisions, autosave and a warning before overwriting someone's save.
    """

    form = ConflictCheckForm
    # Many-to-many fields with few choices (the products that open a text),
    # shown as checkboxes: plainer than the admin's two-list filter, and
    # free of its unlabelled icons.
    checkbox_fields: tuple[str, ...] = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.checkbox_fields:
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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


# The task queue's results are for whoever runs the server, not the editor;
# their names come in English from the library.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser
