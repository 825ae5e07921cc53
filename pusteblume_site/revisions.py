"""
Revisions of the editor's texts: every save keeps one, autosaves keep her
unsaved words apart from the live row, and old ones are thinned.

A model takes part by listing `revision_fields` (for a post: title, excerpt,
body); MarkdownAdmin does the rest. Nothing here knows an app's models.
"""

import difflib
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .models import Revision

KEEP_ALL_DAYS = 7
MAX_REVISIONS = 50


def revision_fields(model) -> list[str]:
    return list(getattr(model, "revision_fields", []))


def state_of(obj: models.Model) -> dict[str, str]:
    return {name: getattr(obj, name) or "" for name in revision_fields(type(obj))}


def revisions_of(obj: models.Model):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=Revision.Kind.SAVE,
    ).select_related("author")


def record(*, obj: models.Model, user, previous: dict | None = None) -> Revision:
    """
    Keep the saved state of `obj` as a revision, then thin the old ones.

    `previous` is the state before this save: a text saved before revisions
    existed keeps it too, so its first restore point is not lost. A save that
    changed none of the fields keeps no second copy.
    """
    content_type = ContentType.objects.get_for_model(obj)
    state = state_of(obj)
    with transaction.atomic():
        existing = revisions_of(obj)
        latest = existing.first()
        if latest is None and previous and previous != state:
            Revision.objects.create(
                content_type=content_type,
                object_id=obj.pk,
                kind=Revision.Kind.SAVE,
                fields=previous,
                created_at=getattr(obj, "_revision_previous_time", None)
                or timezone.now() - timedelta(seconds=1),
            )
        if latest is not None and latest.fields == state:
            revision = latest
        else:
            revision = Revision.objects.create(
                content_type=content_type,
                object_id=obj.pk,
                kind=Revision.Kind.SAVE,
                fields=state,
                author=user,
            )
        discard_autosave(obj=obj, user=user)
        thin(obj=obj)
    return revision


def thin(*, obj: models.Model, now=None) -> int:
    """
    Keep every revision of the last week, the newest of each day before
    that, and at most MAX_REVISIONS in all. Returns how many were deleted.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=KEEP_ALL_DAYS)
    keep, seen_days = [], set()
    for revision in revisions_of(obj).select_related(None).only("pk", "created_at"):
        if revision.created_at < cutoff:
            day = timezone.localdate(revision.created_at)
            if day in seen_days:
                continue
            seen_days.add(day)
        keep.append(revision.pk)
    keep = keep[:MAX_REVISIONS]
    deleted, _ = revisions_of(obj).exclude(pk__in=keep).delete()
    return deleted


def _autosaves(*, model, object_id, user):
    return Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=object_id,
        kind=Revision.Kind.AUTOSAVE,
        author=user,
    )


def autosave(*, model, object_id: int | None, user, data: dict) -> Revision:
    """
    Keep the editor's unsaved text of one object (or of her new, unsaved
    one) as her single autosave. The live row is never touched.
    """
    fields = {name: str(data.get(name, "")) for name in revision_fields(model)}
    with transaction.atomic():
        revision = _autosaves(model=model, object_id=object_id, user=user).first()
        if revision is None:
            revision = Revision(
                content_type=ContentType.objects.get_for_model(model),
                object_id=object_id,
                kind=Revision.Kind.AUTOSAVE,
                author=user,
            )
        revision.fields = fields
        revision.created_at = timezone.now()
        revision.save()
    return revision


def pending_autosave(*, model, obj: models.Model | None, user) -> Revision | None:
    """
    The editor's autosave worth offering: newer than the last save and
    different from what is saved.
    """
    object_id = obj.pk if obj is not None else None
    revision = _autosaves(model=model, object_id=object_id, user=user).first()
    if revision is None or obj is None:
        return revision
    updated_at = getattr(obj, "updated_at", None)
    if updated_at and revision.created_at <= updated_at:
        return None
    if revision.fields == state_of(obj):
        return None
    return revision


def discard_autosave(*, obj: models.Model, user) -> None:
    _autosaves(model=type(obj), object_id=obj.pk, user=user).delete()
    # The autosave of the add form became this object.
    _autosaves(model=type(obj), object_id=None, user=user).delete()


def side_by_side(old: str, new: str, *, context: int = 2) -> SafeString:
    """
    The lines that differ as rows of a two-column table (this version, the
    saved one), with `context` unchanged lines around them; all escaped.
    """
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows = []
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(
                format_html('<tr class="diff__gap"><td colspan="2">…</td></tr>')
            )
        for tag, a1, a2, b1, b2 in group:
            left, right = old_lines[a1:a2], new_lines[b1:b2]
            for index in range(max(len(left), len(right))):
                rows.append(
                    format_html(
                        '<tr class="diff__row diff__row--{}">'
                        '<td class="diff__old">{}</td>'
                        '<td class="diff__new">{}</td></tr>',
                        tag,
                        left[index] if index < len(left) else "",
                        right[index] if index < len(right) else "",
                    )
                )
    return SafeString("".join(rows))


def changed_fields(old: dict, new: dict) -> list[str]:
    return [name for name in new if old.get(name, "") != new.get(name, "")]
