"""
The old site's uploads folder: finding an image's original among
WordPress's size variants, and bringing it in once through the site's
image checks and renditions.
"""

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage

from pusteblume_site.images import clean_image, make_renditions, rendition_url
from pusteblume_site.slugs import german_slugify

UPLOADS = "/wp-content/uploads/"
SIZE_VARIANT = re.compile(r"^(?P<stem>.+)-(?P<width>\d{1,5})x(?P<height>\d{1,5})$")
SCALED = re.compile(r"^(?P<stem>.+)-(?:scaled|rotated|e\d{10,13})$")


def upload_path(url: str) -> str | None:
    """'2023/05/foto-1024x683.jpg' for any URL of a file in the uploads."""
    path = unquote(urlsplit(url.strip()).path)
    if UPLOADS not in path:
        return None
    relative = path.split(UPLOADS, 1)[1].strip("/")
    if not relative or ".." in relative.split("/"):
        return None
    return relative


def split_variant(relative: str) -> tuple[str, int | None]:
    """The original's path and the width a size variant asked for."""
    folder, name = posixpath.split(relative)
    stem, extension = posixpath.splitext(name)
    if match := SIZE_VARIANT.match(stem):
        return posixpath.join(folder, match["stem"] + extension), int(match["width"])
    if match := SCALED.match(stem):
        return posixpath.join(folder, match["stem"] + extension), None
    return relative, None


@dataclass
class StoredImage:
    name: str
    renditions: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return rendition_url(self.renditions) or default_storage.url(self.name)

    def field_renditions(self) -> dict:
        """What an image field's renditions JSON holds for this file."""
        return {**self.renditions, "source": self.name}


class MediaLibrary:
    """
    Images from `--uploads`, each stored once: `known` maps an original's
    path to what an earlier run stored (name, renditions, digest), so an
    unchanged file is not stored again. In a dry run files are checked but
    nothing is written.
    """

    def __init__(self, uploads: Path | None, *, dry_run: bool, known: dict) -> None:
        self.uploads = uploads
        self.dry_run = dry_run
        self.known = known
        self.cache: dict[str, StoredImage | None] = {}
        self.errors: dict[str, str] = {}
        self.stored: dict[str, tuple[StoredImage, str]] = {}
        self.written: list[str] = []
        self.created = self.reused = 0

    def locate(self, relative: str) -> str | None:
        """The path of the file to bring in for a path under uploads."""
        if self.uploads is None:
            return None
        original, _width = split_variant(relative)
        for candidate in (original, relative):
            if (self.uploads / candidate).is_file():
                return candidate
        return None

    def get(self, relative: str) -> StoredImage | None:
        found = self.locate(relative)
        if found is None:
            self.errors[relative] = (
                "Datei nicht im Upload-Ordner"
                if self.uploads
                else "kein Upload-Ordner angegeben (--uploads)"
            )
            return None
        if found not in self.cache:
            self.cache[found] = self._bring_in(found)
        if self.cache[found] is None:
            self.errors[relative] = self.errors.get(found, "")
        return self.cache[found]

    def _bring_in(self, relative: str) -> StoredImage | None:
        path = self.uploads / relative
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        earlier = self.known.get(relative)
        if (
            earlier
            and earlier.get("digest") == digest
            and default_storage.exists(earlier["name"])
        ):
            image = StoredImage(earlier["name"], earlier.get("renditions", {}))
            self.reused += 1
            self.stored[relative] = (image, digest)
            return image
        try:
            with path.open("rb") as file:
                cleaned = clean_image(File(file, name=path.name))
        except ValidationError as error:
            self.errors[relative] = " ".join(error.messages)
            return None
        folder = posixpath.dirname(relative)
        stem = german_slugify(posixpath.splitext(posixpath.basename(relative))[0])
        extension = posixpath.splitext(cleaned.file.name)[1]
        name = posixpath.join(
            settings.MARKDOWNX_MEDIA_PATH.strip("/"),
            "wordpress",
            folder,
            (stem or "bild") + extension,
        )
        if self.dry_run:
            image = StoredImage(name)
        else:
            name = default_storage.save(name, cleaned.file)
            self.written.append(name)
            renditions = make_renditions(name)
            self.written.extend(r["name"] for r in renditions["renditions"])
            image = StoredImage(name, renditions)
        self.created += 1
        self.stored[relative] = (image, digest)
        return image

    def discard_written(self) -> None:
        """After a failed run: remove the files it wrote."""
        for name in self.written:
            default_storage.delete(name)
        self.written = []
