import json
import logging
from http import HTTPStatus
from io import StringIO

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import RequestFactory, TestCase, override_settings
from django.urls import path

from pusteblume_site import views
from pusteblume_site.logs import LineFormatter, RequestContextFilter


def broken_view(request):
    raise RuntimeError("kaputt")


urlpatterns = [path("kaputt/", broken_view)]
handler500 = views.server_error


def log_lines(logger_name: str):
    """Capture a logger's records as the site formats them (JSON lines)."""
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(LineFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    return stream, lambda: logger.removeHandler(handler)


class RequestIdTests(TestCase):
    def test_a_request_gets_an_id_in_the_response(self):
        response = self.client.get("/healthz")
        assert len(response["X-Request-ID"]) == 32

    def test_the_proxys_id_is_echoed(self):
        response = self.client.get("/healthz", headers={"X-Request-ID": "abc-123-def"})
        assert response["X-Request-ID"] == "abc-123-def"

    def test_an_id_that_could_forge_a_log_line_is_replaced(self):
        response = self.client.get(
            "/healthz", headers={"X-Request-ID": 'x"}\n{"level": "ERROR'}
        )
        assert response["X-Request-ID"] != 'x"}\n{"level": "ERROR'
        assert len(response["X-Request-ID"]) == 32

    def test_each_request_is_logged_as_one_json_line(self):
        stream, stop = log_lines("pusteblume.requests")
        try:
            self.client.get("/healthz", headers={"X-Request-ID": "abc-123-def"})
        finally:
            stop()
        (line,) = stream.getvalue().splitlines()
        record = json.loads(line)
        assert record["level"] == "INFO"
        assert record["logger"] == "pusteblume.requests"
        assert record["request_id"] == "abc-123-def"
        assert record["path"] == "/healthz"
        assert record["status"] == 200
        assert record["duration_ms"] >= 0
        assert record["time"].endswith("Z")


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
class ServerErrorTests(TestCase):
    def test_the_500_page_shows_the_request_id_and_the_log_has_it(self):
        self.client.raise_request_exception = False
        stream, stop = log_lines("django.request")
        try:
            response = self.client.get(
                "/kaputt/", headers={"X-Request-ID": "fehler-4711"}
            )
        finally:
            stop()
        assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
        self.assertContains(
            response, "fehler-4711", status_code=HTTPStatus.INTERNAL_SERVER_ERROR
        )
        self.assertContains(
            response, "Vorgangsnummer", status_code=HTTPStatus.INTERNAL_SERVER_ERROR
        )
        record = json.loads(stream.getvalue().splitlines()[0])
        assert record["level"] == "ERROR"
        assert record["request_id"] == "fehler-4711"
        assert record["path"] == "/kaputt/"
        assert record["status"] == 500
        assert "RuntimeError: kaputt" in record["exc_info"]


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("Redis antwortet nicht")


class HealthzTests(TestCase):
    def test_answers_ok_when_database_and_cache_answer(self):
        response = self.client.get("/healthz")
        assert response.status_code == HTTPStatus.OK
        assert response.content == b"ok\n"
        assert "no-cache" in response["Cache-Control"]

    def test_answers_503_without_details_when_the_cache_is_down(self):
        request = RequestFactory().get("/healthz")
        original = views.cache
        views.cache = BrokenCache()
        try:
            response = views.healthz(request)
        finally:
            views.cache = original
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert b"Redis" not in response.content

    def test_is_never_served_from_the_page_cache(self):
        self.client.get("/healthz")
        cache.clear()
        assert self.client.get("/healthz")["Cache-Control"].count("no-store") == 1

    def test_refuses_a_post(self):
        assert self.client.post("/healthz").status_code == 405


class RefusedInputTests(TestCase):
    def assert_refused(self, response, status=HTTPStatus.BAD_REQUEST):
        self.assertContains(response, '<html lang="de">', status_code=status)
        assert "Vorgangsnummer" in response.content.decode()

    def test_a_nul_in_the_path_is_not_found(self):
        response = self.client.get("/beratung%00/")
        self.assertContains(response, '<html lang="de">', status_code=404)

    def test_a_nul_in_a_query_parameter_name(self):
        self.assert_refused(self.client.get("/blog/", {"a\x00": "1"}))

    def test_a_nul_in_a_cookie(self):
        self.client.cookies["sessionid"] = "abc\x00def"
        self.assert_refused(self.client.get("/blog/"))

    def test_a_nul_in_an_admin_form(self):
        self.assert_refused(
            self.client.post("/admin/login/", {"username": "a\x00", "password": "x"})
        )

    @override_settings(MAX_REQUEST_SIZE=1000)
    def test_a_body_over_the_limit_is_refused_before_it_is_read(self):
        response = self.client.post(
            "/newsletter/",
            data=b"x" * 2000,
            content_type="application/octet-stream",
        )
        self.assertContains(
            response, "zu viel", status_code=HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        )

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_form_data_over_the_limit(self):
        response = self.client.post("/newsletter/", {"email": "a" * 2000})
        self.assertContains(
            response, "zu viel", status_code=HTTPStatus.REQUEST_ENTITY_TOO_LARGE
        )

    @override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=10)
    def test_too_many_fields(self):
        response = self.client.post("/newsletter/", {f"f{n}": "1" for n in range(20)})
        self.assert_refused(response)

    def test_a_cut_off_multipart_body_gets_the_form_again(self):
        response = self.client.generic(
            "POST",
            "/newsletter/",
            b'--grenze\r\nContent-Disposition: form-data; name="email"\r\n\r\nx',
            content_type="multipart/form-data; boundary=grenze",
            headers={"Origin": "http://testserver"},
        )
        self.assertContains(response, "Bitte prüf deine Angaben")

    def test_a_multipart_body_without_boundary(self):
        response = self.client.generic(
            "POST", "/newsletter/", b"egal", content_type="multipart/form-data"
        )
        self.assert_refused(response)

    def test_a_content_length_that_is_no_number(self):
        response = self.client.generic(
            "POST", "/newsletter/", b"", CONTENT_LENGTH="viel"
        )
        self.assert_refused(response)


class MediaHeadersTests(TestCase):
    def setUp(self):
        default_storage.save("uploads/test-liste.pdf", ContentFile(b"%PDF-1.4"))
        default_storage.save("uploads/test-bild.svg", ContentFile(b"<svg/>"))

    def get(self, name):
        request = RequestFactory().get(f"/media/{name}")
        return views.serve_media(request, name)

    def test_a_pdf_is_a_download(self):
        response = self.get("uploads/test-liste.pdf")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "test-liste.pdf" in response["Content-Disposition"]

    def test_an_svg_is_a_download_too(self):
        assert self.get("uploads/test-bild.svg")["Content-Disposition"].startswith(
            "attachment;"
        )

    def test_a_jpeg_is_shown(self):
        default_storage.save("uploads/test-foto.jpg", ContentFile(b"\xff\xd8\xff"))
        response = self.get("uploads/test-foto.jpg")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert not response.get("Content-Disposition", "").startswith("attachment")


class SecurityHeadersTests(TestCase):
    """The six headers securityheaders.com grades, on a reader's page."""

    @override_settings(SECURE_HSTS_SECONDS=31_536_000, SECURE_SSL_REDIRECT=False)
    def test_a_readers_page_over_https_carries_every_graded_header(self):
        response = self.client.get("/", secure=True)
        assert response.status_code == HTTPStatus.OK
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Request-ID"]
