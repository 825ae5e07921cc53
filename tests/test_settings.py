import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

PROJECT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with the given environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env |= {"DJANGO_SETTINGS_MODULE": "pusteblume_site.settings"} | env_overrides
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_check(**env_overrides: str) -> subprocess.CompletedProcess:
    return run_manage("check", **env_overrides)


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "example.de",
}
HTTPS_SWITCHES = [
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
]


def https_settings(**env_overrides: str) -> dict[str, str]:
    code = (
        "from django.conf import settings; "
        f"print(*[f'{{n}}={{getattr(settings, n)}}' for n in {HTTPS_SWITCHES!r}])"
    )
    result = run_manage("shell", "-c", code, **env_overrides)
    assert result.returncode == 0, result.stderr
    return dict(pair.split("=") for pair in result.stdout.split() if "=" in pair)


class ProductionStartupTests(SimpleTestCase):
    def test_refuses_to_start_without_a_secret_key(self):
        result = run_check(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.de")
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY is not set" in result.stderr

    def test_refuses_the_insecure_development_key(self):
        result = run_check(
            DJANGO_DEBUG="0",
            DJANGO_ALLOWED_HOSTS="example.de",
            DJANGO_SECRET_KEY="django-insecure-only-for-local-development",
        )
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY is not set" in result.stderr

    def test_refuses_to_start_without_allowed_hosts(self):
        result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
        assert result.returncode != 0
        assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr

    def test_debug_off_is_the_default(self):
        result = run_check()
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY is not set" in result.stderr

    def test_starts_with_a_real_key_and_hosts(self):
        result = run_check(
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="x" * 50,
            DJANGO_ALLOWED_HOSTS="example.de",
        )
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout

    def test_development_mode_needs_no_variables(self):
        result = run_check(DJANGO_DEBUG="1")
        assert result.returncode == 0, result.stderr


class HttpsSwitchTests(SimpleTestCase):
    def test_production_turns_every_https_switch_on(self):
        assert https_settings(**PRODUCTION) == {
            "SECURE_SSL_REDIRECT": "True",
            "SESSION_COOKIE_SECURE": "True",
            "CSRF_COOKIE_SECURE": "True",
            "SECURE_HSTS_SECONDS": "31536000",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "True",
        }

    def test_each_switch_can_be_turned_off_for_plain_http_on_loopback(self):
        assert https_settings(
            **PRODUCTION,
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_SESSION_COOKIE_SECURE="0",
            DJANGO_CSRF_COOKIE_SECURE="0",
            DJANGO_SECURE_HSTS_SECONDS="0",
            DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
        ) == {
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "False",
        }

    def test_development_leaves_https_to_the_developer(self):
        assert https_settings(DJANGO_DEBUG="1")["SECURE_SSL_REDIRECT"] == "False"


class DocumentedSettingsTests(SimpleTestCase):
    """Every variable settings.py reads is in the README and .env.example."""

    def test_every_environment_variable_is_documented(self):
        project = Path(__file__).resolve().parent.parent
        source = (project / "pusteblume_site" / "settings.py").read_text()
        names = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', source))
        assert {"DJANGO_DEBUG", "NEWSLETTER_CLAIM_TIMEOUT"} <= names
        readme = (project / "README.md").read_text()
        example = (project / ".env.example").read_text()
        assert sorted(name for name in names if f"`{name}`" not in readme) == []
        assert sorted(name for name in names if name not in example) == []
