"""
The one rule for drafts: readers see only what is published; an editor who
may change the object also sees it unpublished, as a preview that is marked
as such and never cached.
"""

from collections.abc import Callable

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def find_for_reader(
    request: HttpRequest,
    *,
    published: QuerySet,
    for_editors: Callable[[], QuerySet],
    **lookup,
) -> tuple[Model | None, bool]:
    """
    The object `lookup` finds in `published`, or, for an editor with the
    change permission, in all of `for_editors()`: (object or None,
    is_preview). `for_editors` is called only then, so a reader's request
    never pays for building it.
    """
    found = published.filter(**lookup).first()
    if found is not None:
        return found, False
    # Only a miss looks at the user, so a reader's page never touches the
    # session (and carries no "Vary: Cookie").
    opts = published.model._meta
    if request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        found = for_editors().filter(**lookup).first()
    return found, found is not None


def never_cache_preview(response: HttpResponse, *, is_preview: bool) -> HttpResponse:
    if is_preview:
        add_never_cache_headers(response)
    return response
