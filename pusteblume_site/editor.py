"""
The writing screen of MarkdownAdmin: the editor widget (text beside a live
preview in the site's stylesheet), revisions, autosave, the warning when
someone else saved in between, and the reminder about images without alt
text.

Everything an app adds (a post's gallery in the preview, a scheduling line)
comes through the ModelAdmin's hooks: preview_object() and
preview_template.
"""

import json
import re
from http import HTTPStatus

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join

from . import revisions
from .markdown import MAX_MARKDOWN_LENGTH, render_markdown
from .models import Revision

# ![alt](url "title") with an empty alt, and <img> without an alt attribute.
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(\s*<?([^)\s>]+)")
HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_SRC = re.compile(r"""\bsrc\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
HTML_ALT = re.compile(r"""\balt\s*=\s*(["'])\s*\S""", re.IGNORECASE)
VERSION_FIELD = "opened_version"
TOO_LONG_MESSAGE = (
    "Der Text ist länger als {limit} Zeichen, mehr nimmt das Feld nicht an. "
    "Kürze ihn bitte oder teile ihn auf."
)


def too_long(data) -> bool:
    return any(len(value) > MAX_MARKDOWN_LENGTH for value in data.values())


def images_without_alt(text: str) -> list[str]:
    """Addresses of the images in a Markdown text that have no alt text."""
    found = IMAGE_WITHOUT_ALT.findall(text)
    for tag in HTML_IMAGE.findall(text):
        if not HTML_ALT.search(tag):
            src = HTML_SRC.search(tag)
            found.append(src.group(1) if src else "<img>")
    return list(dict.fromkeys(found))


class EditorWidget(forms.Textarea):
    """
    The Markdown text with a live preview beside it (stacked on narrow
    screens), word count and reading time, image drop with an alt-text
    dialog and a library of earlier uploads. Without JavaScript it is a
    plain text area.
    """

    template = "admin/editor/widget.html"

    class Media:
        css = {"all": ["css/admin-editor.css"]}
        js = ["js/admin-editor.js"]

    def __init__(self, attrs=None, *, urls: dict | None = None):
        super().__init__({"rows": 24, "class": "editor__text", **(attrs or {})})
        self.urls = urls or {}

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        return render_to_string(
            self.template,
            {
                "textarea": textarea,
                "name": name,
                "urls_json": json.dumps(self.urls),
                "urls": self.urls,
            },
        )


class ConflictCheckForm(forms.ModelForm):
    """
    Carries the `updated_at` the form was opened at. Saving over a newer
    save is refused once, with a warning; saving again overwrites knowingly.
    """

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound and self.instance.updated_at:
            self.fields[VERSION_FIELD].initial = self.instance.updated_at.isoformat()

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or not hasattr(self.instance, "updated_at"):
            return cleaned
        saved = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        current = saved.values_list("updated_at", flat=True).first()
        opened = parse_datetime(self.data.get(VERSION_FIELD, "") or "")
        if current and opened and current > opened:
            self.data = self.data.copy()
            self.data[VERSION_FIELD] = current.isoformat()
            local = timezone.localtime(current)
            raise forms.ValidationError(
                "Jemand hat diesen Text am %(date)s um %(time)s Uhr gespeichert, "
                "nachdem du ihn geöffnet hast. Deine Fassung ist noch nicht "
                "gespeichert: vergleiche sie unter „Versionen“ (neuer Tab) mit der "
                "gespeicherten, oder sichere noch einmal, um sie zu überschreiben.",
                code="conflict",
                params={
                    "date": f"{local:%d.%m.%Y}",
                    "time": f"{local:%H:%M}",
                },
            )
        return cleaned


class EditorAdminMixin:
    """
    Revisions, autosave, the conflict warning, the live preview and the
    alt-text reminder for a ModelAdmin whose model has a Markdown body.
    """

    markdown_field = "body"
    preview_template = "admin/editor/preview.html"
    revisions_template = "admin/editor/revisions.html"
    revision_compare_template = "admin/editor/revision_compare.html"

    # Hooks

    def preview_object(self, request, obj, data) -> dict:
        """The context of the preview page for the text in `data`."""
        return {"body": render_markdown(data.get(self.markdown_field, ""))}

    # Form

    def _url(self, name: str, *args) -> str:
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{name}",
            args=args,
            current_app=self.admin_site.name,
        )

    def editor_urls(self, obj) -> dict:
        object_id = obj.pk if obj is not None else None
        return {
            "preview": self._url("editor_preview"),
            "autosave": self._url("editor_autosave"),
            "upload": reverse("markdownx_upload"),
            "library": reverse("editor_library"),
            "object_id": object_id,
            "fields": revisions.revision_fields(self.model),
        }

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get(self.markdown_field)
        if field is not None and not isinstance(field.widget, forms.HiddenInput):
            field.widget = EditorWidget(urls=self.editor_urls(obj))
        return form

    def get_fieldsets(self, request, obj=None):
        return [
            *super().get_fieldsets(request, obj),
            (None, {"fields": [VERSION_FIELD]}),
        ]

    # Views

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "editor/preview/",
                wrap(self.preview_view),
                name=f"{name}_editor_preview",
            ),
            path(
                "editor/autosave/",
                wrap(self.autosave_view),
                name=f"{name}_editor_autosave",
            ),
            path(
                "<path:object_id>/versionen/",
                wrap(self.revisions_view),
                name=f"{name}_revisions",
            ),
            path(
                "<path:object_id>/versionen/<int:revision_id>/",
                wrap(self.revision_compare_view),
                name=f"{name}_revision_compare",
            ),
            *super().get_urls(),
        ]

    def _object_or_404(self, request, object_id, *, change: bool):
        # The admin's own lookup: an id that is no id is simply not found.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def preview_view(self, request: HttpRequest) -> HttpResponse:
        """
        The whole preview page for the posted text: the site's stylesheet
        and the reader's markup, to be shown in the editor's frame.
        """
        if request.method != "POST":
            return HttpResponse(status=HTTPStatus.METHOD_NOT_ALLOWED)
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        if too_long(request.POST):
            message = TOO_LONG_MESSAGE.format(limit=f"{MAX_MARKDOWN_LENGTH:_}")
            return TemplateResponse(
                request,
                "admin/editor/preview.html",
                {"message": message.replace("_", ".")},
                status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            )
        obj = None
        object_id = request.POST.get("object_id")
        if object_id and object_id.isdigit():
            obj = self.get_queryset(request).filter(pk=object_id).first()
        context = self.preview_object(request, obj, request.POST)
        return TemplateResponse(request, self.preview_template, context)

    def autosave_view(self, request: HttpRequest) -> JsonResponse:
        if request.method != "POST":
            return JsonResponse(
                {"error": "Nur POST."}, status=HTTPStatus.METHOD_NOT_ALLOWED
            )
        object_id = request.POST.get("object_id") or None
        if object_id is not None:
            if not object_id.isdigit():
                return JsonResponse(
                    {"error": "Unbekannter Text."}, status=HTTPStatus.BAD_REQUEST
                )
            self._object_or_404(request, object_id, change=True)
        elif not self.has_add_permission(request):
            raise PermissionDenied
        if too_long(request.POST):
            message = TOO_LONG_MESSAGE.format(limit=f"{MAX_MARKDOWN_LENGTH:_}")
            return JsonResponse(
                {"error": message.replace("_", ".")},
                status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            )
        revision = revisions.autosave(
            model=self.model, object_id=object_id, user=request.user, data=request.POST
        )
        saved = timezone.localtime(revision.created_at)
        return JsonResponse({"saved_at": f"{saved:%H:%M}"})

    def revisions_view(self, request: HttpRequest, object_id) -> TemplateResponse:
        obj = self._object_or_404(request, object_id, change=False)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "title": f"Versionen von „{obj}“",
            "revisions": revisions.revisions_of(obj),
        }
        rows = [
            (revision, self._url("revision_compare", obj.pk, revision.pk))
            for revision in context["revisions"]
        ]
        context["rows"] = rows
        return TemplateResponse(request, self.revisions_template, context)

    def revision_compare_view(
        self, request: HttpRequest, object_id, revision_id: int
    ) -> HttpResponse:
        obj = self._object_or_404(request, object_id, change=request.method == "POST")
        revision = get_object_or_404(revisions.revisions_of(obj), pk=revision_id)
        if request.method == "POST":
            return self._restore(request, obj, revision)
        current = revisions.state_of(obj)
        labels = {
            name: self.model._meta.get_field(name).verbose_name
            for name in revisions.revision_fields(self.model)
        }
        diffs = [
            (labels[name], revisions.side_by_side(revision.fields.get(name, ""), value))
            for name, value in current.items()
            if revision.fields.get(name, "") != value
        ]
        when = timezone.localtime(revision.created_at)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": obj,
            "revision": revision,
            "diffs": diffs,
            "title": f"Version vom {when:%d.%m.%Y, %H:%M} Uhr",
            "revisions_url": self._url("revisions", obj.pk),
        }
        return TemplateResponse(request, self.revision_compare_template, context)

    def _restore(self, request, obj, revision: Revision) -> HttpResponseRedirect:
        for name, value in revision.fields.items():
            if name in revisions.revision_fields(self.model):
                setattr(obj, name, value)
        obj.save()
        revisions.record(obj=obj, user=request.user)
        when = timezone.localtime(revision.created_at)
        self.message_user(
            request,
            f"Die Version vom {when:%d.%m.%Y, %H:%M} Uhr ist wiederhergestellt. "
            "Der Stand davor bleibt in den Versionen.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", obj.pk))

    # Change form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id and revisions.revision_fields(self.model):
            extra_context["revisions_url"] = self._url("revisions", object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "GET" and "autosave" in request.GET:
            autosaved = revisions.pending_autosave(
                model=self.model, obj=obj, user=request.user
            )
            if autosaved is not None:
                for name, value in autosaved.fields.items():
                    setattr(obj, name, value)
                obj._restored_autosave = True
        return obj

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "autosave" in request.GET:
            autosaved = revisions.pending_autosave(
                model=self.model, obj=None, user=request.user
            )
            if autosaved is not None:
                initial.update(autosaved.fields)
        return initial

    def render_change_form(self, request, context, add=False, change=False, **kwargs):
        obj = context.get("original")
        if request.method == "GET" and revisions.revision_fields(self.model):
            self._offer_autosave(request, obj)
        return super().render_change_form(request, context, add, change, **kwargs)

    def _offer_autosave(self, request, obj) -> None:
        if obj is not None and getattr(obj, "_restored_autosave", False):
            self.message_user(
                request,
                "Deine ungespeicherten Änderungen stehen wieder im Formular. Sichere, "
                "um sie zu behalten.",
                messages.INFO,
            )
            return
        if "autosave" in request.GET:
            return
        autosaved = revisions.pending_autosave(
            model=self.model, obj=obj, user=request.user
        )
        if autosaved is None:
            return
        when = timezone.localtime(autosaved.created_at)
        self.message_user(
            request,
            format_html(
                "Hier gibt es ungespeicherte Änderungen vom {} um {} Uhr. "
                '<a href="?autosave=1">Ungespeicherte Änderungen wiederherstellen</a>',
                f"{when:%d.%m.%Y}",
                f"{when:%H:%M}",
            ),
            messages.WARNING,
        )

    def save_model(self, request, obj, form, change):
        previous = None
        if change and revisions.revision_fields(self.model):
            saved = type(obj)._default_manager.filter(pk=obj.pk).first()
            if saved is not None:
                previous = revisions.state_of(saved)
                obj._revision_previous_time = getattr(saved, "updated_at", None)
        super().save_model(request, obj, form, change)
        if revisions.revision_fields(self.model):
            revisions.record(obj=obj, user=request.user, previous=previous)
        self._warn_about_alt_texts(request, obj)

    def _warn_about_alt_texts(self, request, obj) -> None:
        missing = images_without_alt(getattr(obj, self.markdown_field, "") or "")
        if not missing:
            return
        self.message_user(
            request,
            format_html(
                "Gespeichert, aber {} ohne Alternativtext: {}. Beschreibe in den "
                "eckigen Klammern, was zu sehen ist: ![Was zu sehen ist](…)",
                "ein Bild" if len(missing) == 1 else f"{len(missing)} Bilder",
                format_html_join(", ", "<code>{}</code>", ((url,) for url in missing)),
            ),
            messages.WARNING,
        )


def library_images(*, limit: int = 60) -> list[dict]:
    """The editor's earlier uploads, newest first, for inserting again."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    folder = settings.MARKDOWNX_MEDIA_PATH.strip("/")
    found = []

    def walk(prefix: str, depth: int) -> None:
        try:
            folders, files = default_storage.listdir(prefix)
        except (FileNotFoundError, NotADirectoryError):
            return
        if depth < 2:
            for name in folders:
                if name != "renditions":
                    walk(f"{prefix}/{name}", depth + 1)
        renditions = f"{prefix}/renditions"
        try:
            _, rendition_files = default_storage.listdir(renditions)
        except FileNotFoundError:
            rendition_files = []
        for name in files:
            stem = name.rsplit(".", 1)[0]
            versions = sorted(
                (f for f in rendition_files if f.startswith(f"{stem}-")),
                key=lambda f: (f.endswith(".webp"), _width(f)),
            )
            fallback = [f for f in versions if not f.endswith(".webp")]
            if not fallback:
                continue
            found.append(
                {
                    "name": f"{prefix}/{name}",
                    "url": default_storage.url(f"{renditions}/{fallback[-1]}"),
                    "thumb": default_storage.url(f"{renditions}/{fallback[0]}"),
                }
            )

    walk(folder, 0)
    found.sort(key=lambda image: image["name"], reverse=True)
    return found[:limit]


def _width(name: str) -> int:
    digits = name.rsplit("-", 1)[-1].split(".")[0]
    return int(digits) if digits.isdigit() else 0


def library_view(request: HttpRequest) -> JsonResponse:
    """The earlier uploads as JSON, for the editor's image library."""
    return JsonResponse({"images": library_images()})
