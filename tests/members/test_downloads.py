from http import HTTPStatus
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings

from .factories import make_download, make_member, make_product

CONTENT = b"%PDF-1.4 Arbeitsheft"


class DownloadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.product = make_product()
        cls.download = make_download(
            cls.product, name="Arbeitsheft für Modul 1 (final).pdf", content=CONTENT
        )
        cls.member = make_member(products=[cls.product])
        cls.other = make_member(products=[make_product()])

    def url(self):
        return self.download.get_absolute_url()

    def test_a_member_with_the_product_gets_the_file_as_an_attachment(self):
        self.client.force_login(self.member.user)
        response = self.client.get(self.url())
        assert response.status_code == HTTPStatus.OK
        assert b"".join(response.streaming_content) == CONTENT
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert 'filename="Arbeitsheft_fuer_Modul_1_final.pdf"' in disposition
        assert "private" in response["Cache-Control"]

    def test_the_file_name_in_the_address_is_sanitised(self):
        assert self.url().endswith("/Arbeitsheft_fuer_Modul_1_final.pdf")

    def test_a_stranger_is_refused_and_asked_to_sign_in(self):
        response = self.client.get(self.url())
        assert response.status_code == HTTPStatus.FORBIDDEN
        self.assertContains(response, "nur für Mitglieder", status_code=403)
        assert not response.cookies

    def test_a_member_without_the_product_is_refused(self):
        self.client.force_login(self.other.user)
        response = self.client.get(self.url())
        self.assertContains(response, "keinen Zugang", status_code=403)

    def test_a_copied_address_does_not_work_for_someone_else(self):
        self.client.force_login(self.member.user)
        assert self.client.get(self.url()).status_code == HTTPStatus.OK
        someone_else = self.client_class()
        assert someone_else.get(self.url()).status_code == HTTPStatus.FORBIDDEN

    def test_a_revoked_member_is_refused_at_once(self):
        from members import services

        self.client.force_login(self.member.user)
        entitlement = self.member.entitlements.get()
        services.revoke(entitlement=entitlement, reason="Erstattung")
        assert self.client.get(self.url()).status_code == HTTPStatus.FORBIDDEN

    def test_a_wrong_name_or_number_is_not_found(self):
        self.client.force_login(self.member.user)
        wrong_name = f"/mitglieder/download/{self.download.pk}/anderes.pdf"
        assert self.client.get(wrong_name).status_code == HTTPStatus.NOT_FOUND
        wrong_pk = "/mitglieder/download/99999/x.pdf"
        assert self.client.get(wrong_pk).status_code == HTTPStatus.NOT_FOUND

    def test_the_file_lies_outside_the_public_media_folder(self):
        path = Path(self.download.file.path).resolve()
        assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
        assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        name = self.download.file.name
        response = self.client.get(f"{settings.MEDIA_URL}{name}")
        assert response.status_code == HTTPStatus.NOT_FOUND

    @override_settings(MEMBERS_DOWNLOAD_SERVER="nginx")
    def test_nginx_sends_the_file_after_the_check(self):
        self.client.force_login(self.member.user)
        response = self.client.get(self.url())
        assert response["X-Accel-Redirect"] == (
            f"/geschuetzt/{self.download.file.name}"
        )
        assert response.content == b""
        assert response["Content-Disposition"].startswith("attachment;")

    @override_settings(MEMBERS_DOWNLOAD_SERVER="sendfile")
    def test_sendfile_names_the_path_for_caddy_or_apache(self):
        self.client.force_login(self.member.user)
        response = self.client.get(self.url())
        assert response["X-Sendfile"] == self.download.file.path

    @override_settings(MEMBERS_DOWNLOAD_SERVER="nginx")
    def test_the_proxy_gets_no_header_for_a_stranger(self):
        response = self.client.get(self.url())
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "X-Accel-Redirect" not in response
