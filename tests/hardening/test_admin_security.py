import os
import subprocess
import sys
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_staff
from tests.servers import PROJECT

PASSWORD = "ein-sicheres-testpasswort"


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


class LoginThrottleTests(TestCase):
    def setUp(self):
        self.editor = make_staff(username="lena")

    def log_in(self, username="lena", password="falsch", ip="203.0.113.7"):
        return self.client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=ip,
        )

    def test_an_account_locks_after_five_failures_with_a_german_page(self):
        for _ in range(4):
            assert self.log_in().status_code == HTTPStatus.OK
        response = self.log_in()
        self.assertContains(
            response,
            "Anmeldung vorübergehend gesperrt",
            status_code=HTTPStatus.TOO_MANY_REQUESTS,
        )
        self.assertContains(
            response, "In 15 Minuten", status_code=HTTPStatus.TOO_MANY_REQUESTS
        )

    def test_a_locked_account_stays_locked_from_another_address(self):
        for number in range(5):
            self.log_in(ip=f"198.51.100.{number}")
        response = self.log_in(password=PASSWORD, ip="192.0.2.99")
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS

    def test_one_address_trying_many_accounts_is_locked(self):
        for number in range(5):
            self.log_in(username=f"rate{number}")
        response = self.log_in(password=PASSWORD)
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS

    def test_the_editor_gets_in_again_after_the_cool_off(self):
        for _ in range(5):
            self.log_in()
        with time_machine.travel(timedelta(minutes=16)):
            response = self.log_in(password=PASSWORD)
        self.assertRedirects(response, reverse("admin:index"))


class SecondFactorTests(TestCase):
    def setUp(self):
        self.editor = make_staff(username="lena", is_superuser=False)

    def log_in(self):
        return self.client.post(
            reverse("admin:login"),
            {"username": "lena", "password": PASSWORD, "next": "/admin/"},
        )

    def switch_on(self) -> TOTPDevice:
        device = TOTPDevice.objects.create(user=self.editor, name="App")
        recovery = StaticDevice.objects.create(user=self.editor, name="Codes")
        recovery.token_set.create(token="rettung1")
        return device

    def test_an_account_without_it_goes_straight_in(self):
        self.log_in()
        assert self.client.get(reverse("admin:index")).status_code == HTTPStatus.OK

    def test_an_account_with_it_is_asked_for_the_code(self):
        self.switch_on()
        self.log_in()
        response = self.client.get(reverse("admin:index"))
        self.assertRedirects(
            response,
            f"{reverse('second_factor:verify')}?next=/admin/",
            fetch_redirect_response=False,
        )
        self.assertContains(self.client.get(response.url), "Zweiter Faktor")

    def test_the_right_code_opens_the_admin(self):
        device = self.switch_on()
        self.log_in()
        response = self.client.post(
            reverse("second_factor:verify"),
            {"code": current_code(device), "next": "/admin/blog/post/"},
        )
        self.assertRedirects(
            response, "/admin/blog/post/", fetch_redirect_response=False
        )
        assert self.client.get(reverse("admin:index")).status_code == HTTPStatus.OK

    def test_a_wrong_code_is_refused_in_german(self):
        self.switch_on()
        self.log_in()
        response = self.client.post(reverse("second_factor:verify"), {"code": "000000"})
        self.assertContains(response, "Dieser Code stimmt nicht")
        self.assertRedirects(
            self.client.get(reverse("admin:index")),
            f"{reverse('second_factor:verify')}?next=/admin/",
            fetch_redirect_response=False,
        )

    def test_a_recovery_code_works_once(self):
        self.switch_on()
        self.log_in()
        response = self.client.post(
            reverse("second_factor:verify"), {"code": "rettung1"}
        )
        self.assertRedirects(response, reverse("admin:index"))
        assert not StaticToken.objects.filter(token="rettung1").exists()

    def test_next_never_leads_off_the_site(self):
        device = self.switch_on()
        self.log_in()
        response = self.client.post(
            reverse("second_factor:verify"),
            {"code": current_code(device), "next": "https://example.com/"},
        )
        self.assertRedirects(response, reverse("admin:index"))

    def test_setting_it_up_confirms_the_app_and_shows_ten_recovery_codes(self):
        self.log_in()
        page = self.client.get(reverse("second_factor:setup"))
        self.assertContains(page, "data:image/svg+xml;base64,")
        device = TOTPDevice.objects.get(user=self.editor, confirmed=False)

        response = self.client.post(
            reverse("second_factor:setup"), {"code": current_code(device)}
        )

        self.assertContains(response, "Deine Wiederherstellungscodes")
        device.refresh_from_db()
        assert device.confirmed
        tokens = StaticToken.objects.filter(device__user=self.editor)
        assert tokens.count() == 10
        for token in tokens:
            self.assertContains(response, token.token)

    def test_setting_it_up_with_a_wrong_code_changes_nothing(self):
        self.log_in()
        self.client.get(reverse("second_factor:setup"))
        response = self.client.post(reverse("second_factor:setup"), {"code": "12"})
        self.assertContains(response, "Dieser Code passt nicht")
        assert not TOTPDevice.objects.filter(confirmed=True).exists()

    @override_settings(ADMIN_REQUIRE_2FA=True)
    def test_a_superuser_must_set_it_up_when_required(self):
        self.editor.is_superuser = True
        self.editor.save()
        self.log_in()
        response = self.client.get(reverse("admin:index"))
        self.assertRedirects(
            response,
            f"{reverse('second_factor:setup')}?next=/admin/",
            fetch_redirect_response=False,
        )
        self.assertContains(self.client.get(response.url), "vorgeschrieben")

    @override_settings(ADMIN_REQUIRE_2FA=True)
    def test_an_editor_who_is_no_superuser_may_go_without(self):
        self.log_in()
        assert self.client.get(reverse("admin:index")).status_code == HTTPStatus.OK


class AccountTests(TestCase):
    def test_weak_passwords_are_refused(self):
        for weak in ["12345678", "passwort", "kurz"]:
            with pytest.raises(ValidationError):
                password_validation.validate_password(weak)

    @override_settings(DEBUG=False)
    def test_seed_demo_makes_no_account_in_production(self):
        with pytest.raises(CommandError, match="createsuperuser"):
            call_command("seed_demo", with_admin=True, stdout=StringIO())


def test_the_admin_moves_with_django_admin_url():
    env = dict(os.environ)
    env |= {"DJANGO_DEBUG": "1", "DJANGO_ADMIN_URL": "redaktion-7f3a"}
    output = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.urls import reverse; from django.conf import settings; "
            "print(reverse('admin:index'), reverse('markdownx_upload'), "
            "settings.MARKDOWNX_UPLOAD_URLS_PATH, reverse('second_factor:verify'))",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-4:]
    assert output == [
        "/redaktion-7f3a/",
        "/redaktion-7f3a/markdownx/upload/",
        "/redaktion-7f3a/markdownx/upload/",
        "/redaktion-7f3a/zweiter-faktor/",
    ]
