"""
The Markdown editor's image upload and live preview, for staff only.

These replace django-markdownx's own views, which answer anyone and store
uploads as sent. markdownx.js posts the dropped file as "image" and inserts
the "image_code" it gets back; on an error it receives {"image": [message]}
with status 400 and fires a "markdownx.fileUploadError" event with that JSON.
"""

from http import HTTPStatus

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from pusteblume_site.images import clean_image, make_renditions, rendition_url
from pusteblume_site.markdown import render_markdown

NO_FILE_MESSAGE = "Es kam keine Datei an. Bitte ziehe das Bild noch einmal hinein."


@staff_member_required
@require_POST
def markdown_image_upload(request: HttpRequest) -> JsonResponse:
    """
    Check and re-encode the dropped image, store it under
    uploads/<yyyy>/<mm>/ with its renditions, and answer with Markdown
    pointing at the largest rendition, so a body never links a full-size
    original.
    """
    upload = request.FILES.get("image")
    if upload is None:
        return JsonResponse({"image": [NO_FILE_MESSAGE]}, status=HTTPStatus.BAD_REQUEST)
    try:
        cleaned = clean_image(upload)
    except ValidationError as error:
        return JsonResponse({"image": error.messages}, status=HTTPStatus.BAD_REQUEST)
    folder = settings.MARKDOWNX_MEDIA_PATH.strip("/")
    month = timezone.localdate().strftime("%Y/%m")
    name = default_storage.save(f"{folder}/{month}/{cleaned.file.name}", cleaned.file)
    url = rendition_url(make_renditions(name))
    return JsonResponse({"image_code": f"![]({url})"})


@staff_member_required
@require_POST
def markdown_preview(request: HttpRequest) -> HttpResponse:
    """The editor's live preview, rendered exactly as visitors will see it."""
    return HttpResponse(render_markdown(request.POST.get("content", "")))
