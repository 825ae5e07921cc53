"""
Uploaded images: checked by content, re-encoded, and cut into renditions.

Every uploaded image (cover, gallery, the Markdown editor) goes through
clean_image(): Pillow must read it as JPEG, PNG, GIF or WebP and decode every
frame, and what gets stored is a fresh encoding of the pixels alone, under a
random name of ours, so EXIF (with GPS), XMP and comments never reach
visitors. make_renditions() writes smaller WebP and JPEG/PNG/GIF files once,
on save, and returns a dict for a JSONField; responsive_image() turns that
dict into <picture> markup without opening a file:

    cover = CleanImageField("Titelbild", upload_to="blog/covers/%Y/%m/")
    cover_renditions = models.JSONField(default=dict, blank=True, editable=False)
"""

import functools
import posixpath
import struct
import uuid
import warnings
from dataclasses import asdict, dataclass
from io import BytesIO
from typing import Any, NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000
MAX_FRAMES = 300
# Every frame of an animation is held in memory while it is re-encoded.
MAX_ANIMATION_PIXELS = 100_000_000
RENDITION_WIDTHS = (480, 960, 1600)

ACCEPTED_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
ACCEPTED_CONTENT_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_ANIMATED_FORMATS = ("GIF", "PNG", "WEBP")
# What Pillow raises on malformed data (UnidentifiedImageError aside).
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


_ACCEPTED = "Bitte lade ein Bild als JPEG, PNG, GIF oder WebP hoch."
MESSAGES = {
    "empty": "Die Datei ist leer. Bitte wähle ein Bild aus.",
    "too_large": "Die Datei ist zu groß (%(size)s). Bitte lade höchstens %(max)s hoch.",
    "unsupported": "Diese Datei ist kein Bild in einem erlaubten Format. " + _ACCEPTED,
    "disguised": (
        "Diese Datei ist ein %(kind)s-Dokument und kein Bild, auch wenn Name oder "
        "Dateityp etwas anderes sagen. " + _ACCEPTED
    ),
    "corrupt": (
        "Das Bild ist beschädigt oder unvollständig. Bitte speichere es neu und "
        "lade es noch einmal hoch."
    ),
    "too_many_pixels": (
        f"Das Bild hat zu viele Pixel. Erlaubt sind höchstens "
        f"{MAX_PIXELS // 1_000_000} Megapixel und {_thousands(MAX_SIDE)} Pixel je "
        "Seite. Bitte verkleinere es vor dem Hochladen."
    ),
    "too_many_frames": (
        f"Die Animation ist zu lang. Erlaubt sind höchstens {MAX_FRAMES} "
        f"Einzelbilder und zusammen {MAX_ANIMATION_PIXELS // 1_000_000} Megapixel."
    ),
}


def _error(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


# Reading and checking


class _Decoded(NamedTuple):
    format: str
    frames: list[Image.Image]
    durations: list[int]
    loop: int | None


def _document_kind(head: bytes) -> str | None:
    """Name the document hiding behind an image name, for a clearer message."""
    text = head.lstrip(b"\xef\xbb\xbf\x00 \t\r\n").lower()
    if text.startswith(b"%pdf"):
        return "PDF"
    # Text PostScript/EPS, and the binary header of DOS EPS files.
    if text.startswith(b"%!") or head.startswith(b"\xc5\xd0\xd3\xc6"):
        return "PostScript"
    if b"<svg" in text:
        return "SVG"
    # Browsers sniff anything starting with a tag as HTML.
    if text.startswith(b"<"):
        return "HTML"
    return None


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise _error("corrupt")
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        raise _error("too_many_pixels")


def _frame_count(image: Image.Image) -> int:
    if image.format not in _ANIMATED_FORMATS or not getattr(image, "is_animated", 0):
        # MPO (a JPEG with extra views) counts as one picture: the first.
        return 1
    count = image.n_frames
    width, height = image.size
    if count > MAX_FRAMES or count * width * height > MAX_ANIMATION_PIXELS:
        raise _error("too_many_frames")
    return count


def _to_srgb(image: Image.Image) -> Image.Image:
    """Bake an embedded colour profile into sRGB pixels, so it can be dropped."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(BytesIO(profile)),
                _SRGB,
                outputMode="RGBA" if image.mode == "RGBA" else "RGB",
            )
        except (ImageCms.PyCMSError, *_DECODE_ERRORS, TypeError):
            pass  # A broken or mismatched profile: convert without it.
    return image.convert("RGB") if image.mode == "CMYK" else image


def _read(image: Image.Image, count: int) -> _Decoded:
    frames, durations = [], []
    for index in range(count):
        image.seek(index)
        image.load()
        _check_size(image)  # A GIF frame may grow the canvas.
        frame = _to_srgb(ImageOps.exif_transpose(image))
        # Keep only what the pixels need; everything else in info (EXIF, XMP,
        # comments, text chunks, ICC) would otherwise be written out again.
        transparency = frame.info.get("transparency")
        frame.info = {} if transparency is None else {"transparency": transparency}
        frames.append(frame)
        durations.append(int(image.info.get("duration") or 0))
    loop = image.info.get("loop") if count > 1 else None
    fmt = "JPEG" if image.format == "MPO" else image.format
    return _Decoded(fmt, frames, durations, loop)


def _decode(file: File) -> _Decoded:
    if not file.size:
        raise _error("empty")
    if file.size > MAX_UPLOAD_BYTES:
        limit = filesizeformat(MAX_UPLOAD_BYTES)
        raise _error("too_large", size=filesizeformat(file.size), max=limit)
    # Pillow only warns between MAX_IMAGE_PIXELS and twice that. The filter
    # is process-wide while it lasts; should another thread reset it, the
    # stricter MAX_PIXELS check still refuses the image.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # formats= keeps every other Pillow plugin away from uploads:
            # EPS would hand the file to Ghostscript, others are rarely
            # exercised parsers.
            file.seek(0)
            with Image.open(file, formats=ACCEPTED_FORMATS) as image:
                _check_size(image)
                count = _frame_count(image)
                image.verify()
            # verify() leaves the image unusable; decoding needs a fresh open.
            file.seek(0)
            with Image.open(file, formats=ACCEPTED_FORMATS) as image:
                return _read(image, count)
        except UnidentifiedImageError:
            file.seek(0)
            kind = _document_kind(file.read(2048))
            if kind:
                raise _error("disguised", kind=kind) from None
            raise _error("unsupported") from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _error("too_many_pixels") from None
        except _DECODE_ERRORS:
            raise _error("corrupt") from None


def _encode(
    frames: list[Image.Image], fmt: str, durations: list[int], loop: int | None
) -> bytes:
    first, rest = frames[0], frames[1:]
    options: dict[str, Any] = {}
    if rest:
        options = {"save_all": True, "append_images": rest, "duration": durations}
        if fmt == "WEBP":
            # A GIF without a loop count plays once; in WebP 0 means forever.
            options["loop"] = 1 if loop is None else loop
        elif loop is not None:
            options["loop"] = loop
    if fmt == "JPEG":
        if first.mode not in ("L", "RGB"):
            first = first.convert("RGB")
        options.update(quality=85, optimize=True, progressive=True)
    elif fmt == "PNG":
        options["optimize"] = True
    elif fmt == "GIF":
        # Pillow hands out whole frames; without clearing between them,
        # pixels that turn transparent would keep the previous frame's colour.
        if rest and any(frame.has_transparency_data for frame in frames):
            options["disposal"] = 2
    else:
        options.update(quality=85, method=4)
    output = BytesIO()
    first.save(output, fmt, **options)
    return output.getvalue()


# Public API: checking and cleaning


class CleanedImageFile(ContentFile):
    """A ContentFile that clean_image() produced, so checking it again is moot."""


@dataclass(frozen=True)
class CleanImage:
    """clean_image()'s result: the file to store and what it holds."""

    file: CleanedImageFile
    width: int
    height: int
    format: str  # "JPEG", "PNG", "GIF" or "WEBP"
    animated: bool


def validate_image(file: File) -> None:
    """
    Raise ValidationError unless the file is a JPEG, PNG, GIF or WebP that
    decodes completely within the size, pixel and frame limits. Only the
    content counts: the file name and the browser's content type are ignored.
    """
    _decode(file)
    file.seek(0)


def clean_image(file: File) -> CleanImage:
    """
    Check the file like validate_image() and return it re-encoded by Pillow:
    EXIF orientation applied to the pixels, colours converted to sRGB, and no
    metadata at all. The format stays (animations keep their frames, timing
    and loop count); the name is random, with the extension of the format.
    """
    fmt, frames, durations, loop = _decode(file)
    data = _encode(frames, fmt, durations, loop)
    name = f"{uuid.uuid4().hex}.{_EXTENSIONS[fmt]}"
    cleaned = CleanedImageFile(data, name=name)
    return CleanImage(cleaned, *frames[0].size, fmt, len(frames) > 1)


def validate_image_file(value: Any) -> None:
    """Validator for model image fields: checks new uploads by content."""
    # Files already in storage were checked when they came in; opening them
    # again on every save would cost a download and a decode.
    if getattr(value, "_committed", False):
        return
    if isinstance(value, CleanedImageFile) or isinstance(
        getattr(value, "file", None), CleanedImageFile
    ):
        return
    validate_image(value)


class CleanImageFormField(forms.ImageField):
    """An image upload field whose cleaned value is clean_image()'s file."""

    def to_python(self, data):
        # forms.ImageField.to_python opens the upload with every Pillow plugin
        # (EPS, PSD, …); skip it and let clean_image() do the checking.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_image(upload).file

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = ",".join(ACCEPTED_CONTENT_TYPES)
        return attrs


class CleanImageField(models.ImageField):
    """An ImageField that every ModelForm, the admin's included, re-encodes."""

    default_validators = [validate_image_file]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CleanImageFormField, **kwargs})


# Renditions


@dataclass(frozen=True)
class Rendition:
    """One stored size of an image. The name, not the URL, is kept: URLs
    change with MEDIA_URL or expire with signed object-storage links."""

    name: str
    width: int
    height: int
    format: str  # "webp", "jpeg", "png" or "gif"

    def url(self, storage: Storage | None = None) -> str:
        storage = storage or default_storage
        if isinstance(storage, FileSystemStorage):
            return _file_url(storage, storage.base_url, self.name)
        return storage.url(self.name)


@functools.lru_cache(maxsize=20_000)
def _file_url(storage: FileSystemStorage, base_url: str, name: str) -> str:
    # A file on this machine's disk has one address for good (for its
    # MEDIA_URL): a card shows six, worked out once. Object storage may sign
    # its links, so its addresses are asked for every time.
    return storage.url(name)


def rendition_widths(width: int) -> list[int]:
    """The widths to make for an image this wide: never wider than it is."""
    largest = min(width, max(RENDITION_WIDTHS))
    return [w for w in RENDITION_WIDTHS if w < largest] + [largest]


def _fallback_format(frames: list[Image.Image]) -> str:
    if len(frames) > 1:
        return "GIF"
    frame = frames[0]
    if frame.has_transparency_data:
        alpha = frame.convert("RGBA").getchannel("A")
        if alpha.getextrema()[0] < 255:
            return "PNG"
    return "JPEG"


def _resize(frame: Image.Image, size: tuple[int, int]) -> Image.Image:
    if frame.mode.startswith("I"):
        # 16-bit greyscale would clip to white in a plain convert().
        frame = frame.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    frame = frame.convert("RGBA" if frame.has_transparency_data else "RGB")
    return frame.resize(size, Image.Resampling.LANCZOS)


def make_renditions(name: str, storage: Storage | None = None) -> dict[str, Any]:
    """
    Write a WebP and a fallback (JPEG, PNG if there is transparency, GIF if
    animated) for each width in rendition_widths(), next to the original as
    renditions/<stem>-<width>.<ext>. Files already there are kept, so calling
    it again is cheap apart from decoding the original.

    Returns {"width", "height", "renditions": [Rendition as dict, …]} for a
    JSONField; responsive_image() and rendition_url() take that dict.
    """
    storage = storage or default_storage
    with storage.open(name, "rb") as file:
        decoded = _decode(file)
    width, height = decoded.frames[0].size
    fallback = _fallback_format(decoded.frames)
    folder = posixpath.join(posixpath.dirname(name), "renditions")
    stem = posixpath.splitext(posixpath.basename(name))[0]
    renditions = []
    for target in rendition_widths(width):
        size = (target, max(1, round(height * target / width)))
        frames = None
        for fmt in ("WEBP", fallback):
            path = f"{folder}/{stem}-{target}.{_EXTENSIONS[fmt]}"
            if not storage.exists(path):
                if frames is None:
                    frames = [_resize(frame, size) for frame in decoded.frames]
                data = _encode(frames, fmt, decoded.durations, decoded.loop)
                path = storage.save(path, ContentFile(data))
            renditions.append(Rendition(path, *size, fmt.lower()))
    return {
        "width": width,
        "height": height,
        "renditions": [asdict(rendition) for rendition in renditions],
    }


def _renditions(data: dict[str, Any] | None) -> tuple[list[Rendition], ...]:
    items = [Rendition(**item) for item in (data or {}).get("renditions", [])]
    webp = sorted((r for r in items if r.format == "webp"), key=lambda r: r.width)
    other = sorted((r for r in items if r.format != "webp"), key=lambda r: r.width)
    return webp, other


def rendition_url(data: dict[str, Any] | None, storage: Storage | None = None) -> str:
    """URL of the largest JPEG/PNG/GIF rendition, for places that take one
    plain URL (Markdown, feeds, og:image); "" if there are no renditions."""
    largest = plain_rendition(data)
    return largest.url(storage) if largest else ""


def plain_rendition(data: dict[str, Any] | None) -> Rendition | None:
    """The largest JPEG/PNG/GIF rendition, with its size (og:image)."""
    fallback = _renditions(data)[1]
    return fallback[-1] if fallback else None


def _srcset(renditions: list[Rendition], storage: Storage) -> str:
    # A comma or space inside a URL would split the srcset list.
    return ", ".join(
        f"{r.url(storage).replace(' ', '%20').replace(',', '%2C')} {r.width}w"
        for r in renditions
    )


def responsive_image(
    data: dict[str, Any] | None,
    *,
    alt: str,
    sizes: str = "100vw",
    lazy: bool = True,
    css_class: str = "",
    storage: Storage | None = None,
) -> SafeString:
    """
    <picture> markup for make_renditions()'s dict: a WebP srcset, the fallback
    srcset on the <img>, its width and height (so the layout does not jump)
    and, unless lazy=False for images above the fold, loading="lazy".
    Reads nothing but the dict; returns "" when it holds no renditions.
    """
    storage = storage or default_storage
    webp, fallback = _renditions(data)
    if not fallback:
        return mark_safe("")
    largest = fallback[-1]
    source = ""
    if webp:
        source = format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">',
            _srcset(webp, storage),
            sizes,
        )
    extra = format_html(' class="{}"', css_class) if css_class else ""
    if lazy:
        extra = format_html('{} loading="lazy"', extra)
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" '
        'alt="{}"{} decoding="async"></picture>',
        source,
        largest.url(storage),
        _srcset(fallback, storage),
        sizes,
        largest.width,
        largest.height,
        alt,
        extra,
    )
