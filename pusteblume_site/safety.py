"""
Malformed requests get a clear German answer, never a 500.

PostgreSQL refuses NUL characters in text, and a file path with one makes
Python raise: a NUL anywhere in the path, the query or a cookie, and in any
field sent to the admin, is refused here with 400 before a view or query
sees it. The public forms answer a NUL themselves, next to the field
(Django's CharField refuses it), so the reader keeps what she typed.
Bodies larger than DJANGO_MAX_REQUEST_SIZE are refused with 413 before
they are read; broken multipart bodies, too many fields and form data past
DATA_UPLOAD_MAX_MEMORY_SIZE get 400 or 413 instead of the
exception Django would raise inside the view.
"""

from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from .logs import current_request_id

NUL = "\x00"

MESSAGES = {
    HTTPStatus.BAD_REQUEST: (
        "Diese Anfrage können wir nicht verarbeiten",
        "Sie enthält Zeichen oder Daten, die hier nicht erlaubt sind, zum Beispiel "
        "ein unsichtbares Nullzeichen aus einem kopierten Text. Geh bitte zurück, "
        "prüf deine Eingabe und versuch es noch einmal.",
    ),
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: (
        "Das war zu viel auf einmal",
        "Die gesendeten Daten sind größer, als die Website annimmt. Verkleinere "
        "bitte die Datei oder kürze den Text und versuch es noch einmal.",
    ),
}


def error_page(status: HTTPStatus) -> HttpResponse:
    """A self-contained page for a refused request (no context processors)."""
    title, text = MESSAGES[status]
    html = render_to_string(
        "refused.html",
        {"title": title, "text": text, "request_id": current_request_id()},
    )
    return HttpResponse(html, status=status)


def _has_nul(data: QueryDict | dict) -> bool:
    if isinstance(data, QueryDict):
        items = ((key, value) for key, values in data.lists() for value in values)
    else:
        items = data.items()
    return any(NUL in key or NUL in value for key, value in items)


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # No address holds a NUL: the site's 404 page, before any lookup.
        if NUL in request.path_info:
            raise Http404
        refused = self.refusal(request)
        if refused is not None:
            return error_page(refused)
        return self.get_response(request)

    @staticmethod
    def refusal(request: HttpRequest) -> HTTPStatus | None:
        if _has_nul(request.GET) or _has_nul(request.COOKIES):
            return HTTPStatus.BAD_REQUEST
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HTTPStatus.BAD_REQUEST
        if length > settings.MAX_REQUEST_SIZE:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        try:
            post, files = request.POST, request.FILES
        except RequestDataTooBig:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        except (SuspiciousOperation, MultiPartParserError, UnicodeDecodeError):
            return HTTPStatus.BAD_REQUEST
        if request.path.startswith(f"/{settings.ADMIN_URL}") and (
            _has_nul(post)
            or any(NUL in (upload.name or "") for upload in files.values())
        ):
            return HTTPStatus.BAD_REQUEST
        return None
