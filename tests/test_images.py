import json
import re
import struct
import tempfile
import zlib
from http import HTTPStatus
from io import BytesIO
from types import SimpleNamespace
from unittest import mock

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import path, reverse
from django.utils import timezone
from PIL import ExifTags, Image, ImageCms, ImageSequence, PngImagePlugin

from pusteblume_site import uploads
from pusteblume_site.images import (
    MAX_UPLOAD_BYTES,
    CleanedImageFile,
    CleanImageField,
    CleanImageFormField,
    clean_image,
    make_renditions,
    rendition_url,
    responsive_image,
    validate_image,
    validate_image_file,
)
from pusteblume_site.markdown import render_markdown

urlpatterns = [
    path("admin/markdownx/upload/", uploads.markdown_image_upload, name="upload"),
    path("admin/markdownx/markdownify/", uploads.markdown_preview, name="preview"),
    path("admin/", admin.site.urls),
]

OUR_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|gif|webp)$")
RED, BLUE = (255, 0, 0), (0, 0, 255)


# Test files, made with Pillow


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    output = BytesIO()
    image.save(output, fmt, **options)
    return output.getvalue()


def upload(data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def two_colour_image(size=(40, 20), mode="RGB") -> Image.Image:
    """Left half red, right half blue: shows which way an image was turned."""
    image = Image.new(mode, size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1]))
    return image


def photo_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Geheimkamera"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    return encode(
        two_colour_image(),
        "JPEG",
        exif=exif,
        xmp=b"<x:xmpmeta>Wohnort</x:xmpmeta>",
        comment=b"Kommentar",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )


def animation(fmt: str, count: int = 3, size=(60, 30), **options) -> bytes:
    colours = [RED, (0, 255, 0), BLUE]
    frames = [Image.new("RGB", size, colours[i % 3]) for i in range(count)]
    return encode(frames[0], fmt, save_all=True, append_images=frames[1:], **options)


def png_header(width: int, height: int) -> bytes:
    """A few bytes of PNG that claim a huge canvas."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def durations_of(image: Image.Image) -> list[int]:
    durations = []
    for frame in ImageSequence.Iterator(image):
        frame.load()  # WebP sets a frame's duration only once it is loaded.
        durations.append(frame.info["duration"])
    return durations


def data_of(result) -> bytes:
    return result.file.file.getvalue()


def reopen(result) -> Image.Image:
    return Image.open(BytesIO(data_of(result)))


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


class TemporaryStorageMixin:
    """Point default_storage at a fresh folder that disappears afterwards."""

    def setUp(self):
        super().setUp()
        location = self.enterContext(tempfile.TemporaryDirectory())
        storages = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": location},
            },
        }
        self.enterContext(override_settings(STORAGES=storages, MEDIA_ROOT=location))
        self.storage = FileSystemStorage(location=location, base_url="/media/")


class CleanImageTests(SimpleTestCase):
    def test_photo_is_turned_upright_by_its_orientation(self):
        result = clean_image(upload(photo_with_metadata()))

        image = reopen(result)
        assert (result.width, result.height) == (20, 40) == image.size
        red, green, blue = image.convert("RGB").getpixel((10, 5))
        assert red > 200 and blue < 60
        red, green, blue = image.convert("RGB").getpixel((10, 35))
        assert blue > 200 and red < 60

    def test_photo_loses_exif_gps_xmp_comment_and_icc_profile(self):
        source = Image.open(BytesIO(photo_with_metadata()))
        assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)

        result = clean_image(upload(photo_with_metadata()))

        image = reopen(result)
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "comment", "icc_profile"} & image.info.keys()
        data = data_of(result)
        for leftover in (b"Exif", b"Geheimkamera", b"Wohnort", b"Kommentar"):
            assert leftover not in data

    def test_png_loses_text_chunks_and_exif(self):
        text = PngImagePlugin.PngInfo()
        text.add_text("Author", "Geheim tEXt")
        text.add_text("Comment", "Geheim zTXt", zip=True)
        text.add_itxt("Description", "Geheim iTXt", lang="de", tkey="Beschreibung")
        exif = Image.Exif()
        exif[ExifTags.Base.Make] = "Geheimkamera"
        data = encode(two_colour_image(), "PNG", pnginfo=text, exif=exif)

        result = clean_image(upload(data, "bild.png", "image/png"))

        assert reopen(result).text == {}
        output = data_of(result)
        for chunk in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"Geheim"):
            assert chunk not in output

    def test_png_keeps_its_transparency(self):
        image = Image.new("RGBA", (10, 10), (255, 0, 0, 0))
        data = encode(image, "PNG")

        result = clean_image(upload(data, "bild.png", "image/png"))

        assert reopen(result).convert("RGBA").getpixel((5, 5))[3] == 0

    def test_animated_gif_keeps_frames_durations_and_loop_but_not_comment(self):
        data = animation(
            "GIF", duration=[100, 200, 300], loop=0, comment=b"Geheimer Kommentar"
        )

        result = clean_image(upload(data, "tanz.gif", "image/gif"))

        image = reopen(result)
        assert result.animated and image.format == "GIF"
        assert image.n_frames == 3
        assert durations_of(image) == [100, 200, 300]
        assert image.info["loop"] == 0
        assert b"Geheimer Kommentar" not in data_of(result)

    def test_animated_webp_stays_animated(self):
        data = animation("WEBP", count=2, duration=[150, 250], loop=0)

        result = clean_image(upload(data, "tanz.webp", "image/webp"))

        image = reopen(result)
        assert image.format == "WEBP"
        assert image.n_frames == 2
        assert durations_of(image) == [150, 250]

    def test_cmyk_jpeg_becomes_rgb(self):
        data = encode(Image.new("CMYK", (10, 10), (0, 255, 255, 0)), "JPEG")

        result = clean_image(upload(data))

        image = reopen(result)
        assert image.mode == "RGB"
        red, green, blue = image.getpixel((5, 5))
        assert red > 200 and green < 60 and blue < 60

    def test_multi_picture_jpeg_keeps_only_its_main_picture(self):
        extra_view = Image.new("RGB", (40, 20), BLUE)
        data = encode(
            Image.new("RGB", (40, 20), RED),
            "MPO",
            save_all=True,
            append_images=[extra_view],
        )

        result = clean_image(upload(data))

        image = reopen(result)
        assert image.format == "JPEG" and not result.animated
        assert image.convert("RGB").getpixel((5, 5))[0] > 200

    def test_name_is_ours_with_the_extension_of_the_real_format(self):
        data = encode(two_colour_image(), "PNG")

        result = clean_image(upload(data, "Mein Urlaub <3>.jpg", "image/jpeg"))

        assert OUR_NAME.match(result.file.name)
        assert result.file.name.endswith(".png")
        assert result.format == "PNG"


class ValidateImageTests(SimpleTestCase):
    def assert_refused(self, data: bytes, name: str, content_type: str, words: str):
        with self.assertRaises(ValidationError) as caught:
            validate_image(upload(data, name, content_type))
        assert words in message_of(caught.exception)
        return message_of(caught.exception)

    def test_real_images_pass(self):
        for fmt in ("JPEG", "PNG", "GIF", "WEBP"):
            with self.subTest(fmt):
                validate_image(upload(encode(two_colour_image(), fmt)))

    def test_svg_named_jpg_is_refused(self):
        svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'
        self.assert_refused(svg, "bild.jpg", "image/jpeg", "SVG-Dokument")

    def test_html_named_png_is_refused(self):
        html = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
        self.assert_refused(html, "bild.png", "image/png", "HTML-Dokument")

    def test_pdf_named_gif_is_refused(self):
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        self.assert_refused(pdf, "bild.gif", "image/gif", "PDF-Dokument")

    def test_postscript_named_webp_is_refused(self):
        ps = b"%!PS-Adobe-3.0\n/Helvetica findfont\nshowpage\n"
        self.assert_refused(ps, "bild.webp", "image/webp", "PostScript-Dokument")

    def test_eps_that_pillow_could_open_is_refused(self):
        eps = (
            b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
            b"%%EndComments\nshowpage\n%%EOF\n"
        )
        assert Image.open(BytesIO(eps)).format == "EPS"

        self.assert_refused(eps, "bild.jpg", "image/jpeg", "PostScript-Dokument")

    def test_other_image_formats_are_refused_naming_the_accepted_ones(self):
        bmp = encode(two_colour_image(), "BMP")

        message = self.assert_refused(bmp, "bild.png", "image/png", "kein Bild")
        assert "JPEG, PNG, GIF oder WebP" in message

    def test_truncated_jpeg_is_refused(self):
        noise = Image.effect_noise((200, 200), 64).convert("RGB")
        data = encode(noise, "JPEG")

        self.assert_refused(data[: len(data) // 2], "bild.jpg", "image/jpeg", "unvoll")

    def test_decompression_bomb_is_refused_before_decoding(self):
        bomb = png_header(100_000, 100_000)
        assert len(bomb) < 100

        self.assert_refused(bomb, "bild.png", "image/png", "zu viele Pixel")

    def test_image_above_pillows_warning_threshold_is_refused(self):
        bomb = png_header(10_000, 10_000)

        self.assert_refused(bomb, "bild.png", "image/png", "zu viele Pixel")

    def test_image_above_our_pixel_limit_is_refused(self):
        self.assert_refused(
            png_header(7_000, 7_000), "bild.png", "image/png", "40 Megapixel"
        )

    def test_image_with_too_long_a_side_is_refused(self):
        self.assert_refused(
            png_header(12_001, 10), "bild.png", "image/png", "12.000 Pixel"
        )

    def test_animation_with_too_many_frames_is_refused(self):
        data = animation("GIF", count=301, size=(2, 2))

        self.assert_refused(data, "bild.gif", "image/gif", "Animation ist zu lang")

    def test_too_large_file_is_refused(self):
        data = b"\xff\xd8" + bytes(MAX_UPLOAD_BYTES)

        self.assert_refused(data, "bild.jpg", "image/jpeg", "Die Datei ist zu groß")

    def test_empty_file_is_refused(self):
        self.assert_refused(b"", "bild.jpg", "image/jpeg", "Die Datei ist leer")


class ImageFieldTests(SimpleTestCase):
    def test_form_field_returns_the_cleaned_file(self):
        data = photo_with_metadata()

        cleaned = CleanImageFormField().clean(upload(data, "Urlaub.jpg"))

        assert isinstance(cleaned, CleanedImageFile)
        assert OUR_NAME.match(cleaned.name)

    def test_form_field_refuses_disguised_documents(self):
        with self.assertRaises(ValidationError) as caught:
            CleanImageFormField().clean(upload(b"%PDF-1.4\n", "bild.jpg"))
        assert "PDF-Dokument" in message_of(caught.exception)

    def test_form_field_accepts_only_our_formats_in_the_file_picker(self):
        accept = CleanImageFormField().widget.attrs["accept"]

        assert accept == "image/jpeg,image/png,image/gif,image/webp"

    def test_model_field_uses_the_cleaning_form_field(self):
        field = CleanImageField(upload_to="bilder/")

        assert isinstance(field.formfield(), CleanImageFormField)
        assert validate_image_file in field.validators

    def test_validator_refuses_a_new_bad_upload(self):
        with self.assertRaises(ValidationError):
            validate_image_file(upload(b"<svg/>", "bild.png", "image/png"))

    def test_validator_skips_files_already_in_storage(self):
        stored = SimpleNamespace(_committed=True, name="covers/alt.jpg")

        validate_image_file(stored)


class MakeRenditionsTests(TemporaryStorageMixin, SimpleTestCase):
    def store(self, image: Image.Image, fmt: str = "JPEG", **options) -> str:
        result = clean_image(upload(encode(image, fmt, **options)))
        return self.storage.save(f"fotos/{result.file.name}", result.file)

    def test_large_image_gets_every_width_in_webp_and_jpeg(self):
        name = self.store(two_colour_image((2000, 1000)))
        stem = name.removeprefix("fotos/").removesuffix(".jpg")

        data = make_renditions(name, storage=self.storage)

        assert (data["width"], data["height"]) == (2000, 1000)
        made = {(r["name"], r["width"], r["height"]) for r in data["renditions"]}
        assert made == {
            (f"fotos/renditions/{stem}-{width}.{ext}", width, width // 2)
            for width in (480, 960, 1600)
            for ext in ("webp", "jpg")
        }
        for rendition in data["renditions"]:
            with self.storage.open(rendition["name"]) as file:
                image = Image.open(file)
                assert image.size == (rendition["width"], rendition["height"])
                assert image.format.lower() == rendition["format"]

    def test_small_image_is_never_upscaled(self):
        name = self.store(two_colour_image((700, 350)))

        data = make_renditions(name, storage=self.storage)

        assert sorted({r["width"] for r in data["renditions"]}) == [480, 700]

    def test_transparent_image_falls_back_to_png(self):
        name = self.store(Image.new("RGBA", (600, 300), (255, 0, 0, 128)), "PNG")

        data = make_renditions(name, storage=self.storage)

        assert {r["format"] for r in data["renditions"]} == {"webp", "png"}

    def test_opaque_png_falls_back_to_jpeg(self):
        name = self.store(Image.new("RGBA", (600, 300), (255, 0, 0, 255)), "PNG")

        data = make_renditions(name, storage=self.storage)

        assert {r["format"] for r in data["renditions"]} == {"webp", "jpeg"}

    def test_sixteen_bit_greyscale_is_not_washed_out(self):
        name = self.store(Image.new("I;16", (500, 100), 32768), "PNG")

        data = make_renditions(name, storage=self.storage)

        with self.storage.open(data["renditions"][0]["name"]) as file:
            red, green, blue = Image.open(file).convert("RGB").getpixel((10, 10))
        assert 100 < red < 160

    def test_animated_gif_renditions_stay_animated(self):
        data = animation("GIF", size=(600, 300), duration=[100, 200, 300], loop=0)
        result = clean_image(upload(data, "tanz.gif", "image/gif"))
        name = self.storage.save(f"fotos/{result.file.name}", result.file)

        renditions = make_renditions(name, storage=self.storage)["renditions"]

        assert {r["format"] for r in renditions} == {"webp", "gif"}
        for rendition in renditions:
            with self.storage.open(rendition["name"]) as file:
                image = Image.open(file)
                assert image.n_frames == 3
                assert durations_of(image) == [100, 200, 300]

    def test_second_run_writes_nothing_and_returns_the_same(self):
        name = self.store(two_colour_image((1000, 500)))
        first = make_renditions(name, storage=self.storage)

        with mock.patch.object(self.storage, "save") as save:
            second = make_renditions(name, storage=self.storage)

        save.assert_not_called()
        assert second == first

    def test_result_fits_in_a_json_field(self):
        name = self.store(two_colour_image((1000, 500)))

        data = make_renditions(name, storage=self.storage)

        assert json.loads(json.dumps(data)) == data

    def test_uses_default_storage_without_a_storage_argument(self):
        result = clean_image(upload(encode(two_colour_image(), "JPEG")))
        name = default_storage.save(f"fotos/{result.file.name}", result.file)

        data = make_renditions(name)

        assert all(default_storage.exists(r["name"]) for r in data["renditions"])


class UrlOnlyStorage:
    """A storage that would fail on anything but url(): rendering reads no files."""

    def url(self, name: str) -> str:
        return f"/media/{name}"


RENDITIONS = {
    "width": 2000,
    "height": 1000,
    "renditions": [
        {"name": f"r/a-{w}.{ext}", "width": w, "height": w // 2, "format": fmt}
        for w in (480, 960, 1600)
        for ext, fmt in (("webp", "webp"), ("jpg", "jpeg"))
    ],
}


class ResponsiveImageTests(SimpleTestCase):
    def render(self, **options) -> str:
        options = {"alt": "Blume", "sizes": "(min-width: 60em) 50vw, 100vw"} | options
        return responsive_image(RENDITIONS, storage=UrlOnlyStorage(), **options)

    def test_picture_has_webp_source_and_fallback_srcsets(self):
        html = self.render()

        assert html.startswith('<picture><source type="image/webp"')
        webp = "/media/r/a-480.webp 480w, /media/r/a-960.webp 960w, "
        assert f'srcset="{webp}/media/r/a-1600.webp 1600w"' in html
        assert 'srcset="/media/r/a-480.jpg 480w, /media/r/a-960.jpg 960w' in html
        assert 'src="/media/r/a-1600.jpg"' in html
        assert html.count('sizes="(min-width: 60em) 50vw, 100vw"') == 2

    def test_img_has_width_height_and_lazy_loading(self):
        html = self.render()

        assert 'width="1600" height="800"' in html
        assert 'loading="lazy"' in html
        assert 'decoding="async"' in html

    def test_image_above_the_fold_is_not_lazy(self):
        assert "loading=" not in self.render(lazy=False)

    def test_alt_text_and_class_are_escaped(self):
        html = self.render(alt='Ein "Bild" <script>', css_class='x" onload="y')

        assert 'alt="Ein &quot;Bild&quot; &lt;script&gt;"' in html
        assert 'class="x&quot; onload=&quot;y"' in html
        assert "<script>" not in html

    def test_nothing_to_show_renders_nothing(self):
        assert responsive_image({}, alt="Blume") == ""
        assert responsive_image(None, alt="Blume") == ""

    def test_rendition_url_is_the_largest_fallback(self):
        assert rendition_url(RENDITIONS, UrlOnlyStorage()) == "/media/r/a-1600.jpg"


@override_settings(ROOT_URLCONF=__name__)
class MarkdownImageUploadTests(TemporaryStorageMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        cls.editor = User.objects.create_user("redaktion", password="x", is_staff=True)
        cls.reader = User.objects.create_user("leserin", password="x")

    def post_image(self, data: bytes, name: str = "Urlaub am See.jpg"):
        return self.client.post(reverse("upload"), {"image": upload(data, name)})

    def stored_files(self) -> list[str]:
        folders, files = default_storage.listdir("")
        return folders + files

    def test_anonymous_visitor_cannot_upload(self):
        response = self.post_image(encode(two_colour_image(), "JPEG"))

        assert response.status_code == HTTPStatus.FOUND
        assert "/admin/login/" in response["Location"]
        assert self.stored_files() == []

    def test_logged_in_non_staff_cannot_upload(self):
        self.client.force_login(self.reader)

        response = self.post_image(encode(two_colour_image(), "JPEG"))

        assert response.status_code == HTTPStatus.FOUND
        assert self.stored_files() == []

    def test_get_is_not_allowed(self):
        self.client.force_login(self.editor)

        response = self.client.get(reverse("upload"))

        assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED

    def test_valid_image_returns_markdown_with_our_file_name(self):
        self.client.force_login(self.editor)

        response = self.post_image(photo_with_metadata())

        assert response.status_code == HTTPStatus.OK
        month = timezone.localdate().strftime("%Y/%m")
        folder = f"/media/uploads/{month}/renditions/"
        pattern = rf"^!\[\]\({folder}([0-9a-f]{{32}})-20\.jpg\)$"
        match = re.match(pattern, response.json()["image_code"])
        assert match
        assert "Urlaub" not in response.content.decode()
        assert default_storage.exists(f"uploads/{month}/{match[1]}.jpg")

    def test_invalid_file_gets_400_with_the_message_and_stores_nothing(self):
        self.client.force_login(self.editor)

        response = self.post_image(b"<svg onload='alert(1)'/>", "bild.jpg")

        assert response.status_code == HTTPStatus.BAD_REQUEST
        [message] = response.json()["image"]
        assert "SVG-Dokument" in message
        assert self.stored_files() == []

    def test_missing_file_gets_400(self):
        self.client.force_login(self.editor)

        response = self.client.post(reverse("upload"))

        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json() == {"image": [uploads.NO_FILE_MESSAGE]}


@override_settings(ROOT_URLCONF=__name__)
class MarkdownPreviewTests(TestCase):
    def test_staff_get_the_sanitised_html_visitors_will_see(self):
        editor = get_user_model().objects.create_user("redaktion", is_staff=True)
        self.client.force_login(editor)
        content = "**fett** <script>alert(1)</script>"

        response = self.client.post(reverse("preview"), {"content": content})

        assert response.status_code == HTTPStatus.OK
        assert response.content.decode() == render_markdown(content)

    def test_anonymous_visitor_gets_no_preview(self):
        response = self.client.post(reverse("preview"), {"content": "Hallo"})

        assert response.status_code == HTTPStatus.FOUND
