"""
The site in production shape (gunicorn, DEBUG off, collected static files).
Two app servers on one PostgreSQL and one Redis: an edit made through one is
visible through the other at once, cached pages included.
"""

import http.cookiejar
import json
import os
import re
import socket
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests import servers
from tests.factories import make_page, make_staff
from tests.services import missing

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.django_db(transaction=True)


def redis_is_up() -> bool:
    host, port = urllib.parse.urlsplit(REDIS_URL).hostname, 6379
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def production_env(tmp_path_factory):
    env = servers.production_env(
        static_root=tmp_path_factory.mktemp("static"),
        DJANGO_CACHE_KEY_PREFIX=f"two-servers-{os.getpid()}",
        REDIS_URL=REDIS_URL,
    )
    servers.manage(
        env | {"DATABASE_URL": "sqlite:///:memory:"}, "collectstatic", "--noinput"
    )
    return env


@pytest.fixture
def two_servers(production_env):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL shared by both servers (set DATABASE_URL)")
    if not redis_is_up():
        missing("needs Redis at " + REDIS_URL)
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    started = [
        servers.start_gunicorn(production_env | {"DATABASE_URL": database_url})
        for _ in range(2)
    ]
    yield [server.url for server in started]
    for server in started:
        server.stop()


def get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode(), response.headers.get("X-Page-Cache", "")


def admin_session(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    form = {
        "username": "lena",
        "password": "ein-sicheres-testpasswort",
        "csrfmiddlewaretoken": token,
        "next": "/admin/",
    }
    opener.open(base + "/admin/login/", urllib.parse.urlencode(form).encode())
    return opener


def test_an_edit_through_one_server_shows_through_the_other(two_servers):
    first, second = two_servers
    page = make_page(slug="beratung", title="Beratung", body="Alte Fassung.")
    make_staff(username="lena", password="ein-sicheres-testpasswort")

    get(second + "/beratung/")
    html, cache_state = get(second + "/beratung/")
    assert cache_state == "hit"
    assert "Alte Fassung." in html

    editor = admin_session(first)
    change_url = f"{first}/admin/pages/page/{page.pk}/change/"
    form_html = editor.open(change_url).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html)[1]
    form = {
        "csrfmiddlewaretoken": token,
        "title": "Beratung",
        "slug": "beratung",
        "body": "Neue Fassung.",
        "is_published": "on",
        "menu_label": "",
        "tagline": "",
        "menu_position": "0",
        "parent": "",
        "meta_description": "",
        "_save": "Sichern",
    }
    editor.open(change_url, urllib.parse.urlencode(form).encode())

    html, _ = get(second + "/beratung/")
    assert "Neue Fassung." in html
    assert "Alte Fassung." not in html


@pytest.fixture
def production_server(production_env, tmp_path):
    database_url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    with servers.start_gunicorn(
        production_env | {"DATABASE_URL": database_url}
    ) as server:
        yield server.url


def test_static_files_are_hashed_compressed_and_cached_forever(
    production_server, production_env
):
    manifest = Path(production_env["DJANGO_STATIC_ROOT"]) / "staticfiles.json"
    hashed = json.loads(manifest.read_text())["paths"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    for encoding in ("br", "gzip"):
        request = urllib.request.Request(
            f"{production_server}/static/{hashed}",
            headers={"Accept-Encoding": encoding},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == encoding
            assert "immutable" in response.headers["Cache-Control"]
            assert "max-age=315360000" in response.headers["Cache-Control"]
