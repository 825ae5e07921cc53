"""
A site moves from SQLite to PostgreSQL and back with `backup` and `restore`:
every row and every uploaded file arrives unchanged.

Each database here is one of its own (an SQLite file, the PostgreSQL
database pb_hardened_rt_<pid>), driven through manage.py in its own process, as
an operator would.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import PROJECT
from tests.services import drop_postgres_database, postgres_database

SEED = Path(__file__).with_name("seed_for_backup.py")
# One per process: the suite may run on both engines at once.
ROUND_TRIP_DATABASE = f"pb_hardened_rt_{os.getpid()}"


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def site_env(*, database_url: str, media: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return env | {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
    }


def rows(env: dict[str, str]) -> dict[tuple[str, object], dict]:
    """Every row of the site as Django's own dumpdata sees it."""
    dumped = json.loads(
        manage(
            env,
            "dumpdata",
            "--natural-foreign",
            "--exclude=contenttypes",
            "--exclude=auth.permission",
            "--exclude=sessions",
            "--exclude=admin.logentry",
        )
    )
    table = {}
    for row in dumped:
        # PostgreSQL's jsonb keeps the keys of a JSON value in its own order.
        fields = {
            name: json.dumps(value, sort_keys=True)
            for name, value in row["fields"].items()
        }
        table[(row["model"], row["pk"])] = fields
    return table


def differences(got: dict, expected: dict) -> list:
    """The first few rows or fields that differ, for a readable failure."""
    found = [("missing", key) for key in expected.keys() - got.keys()]
    found += [("extra", key) for key in got.keys() - expected.keys()]
    for key in expected.keys() & got.keys():
        found += [
            (key, name, got[key].get(name), value)
            for name, value in expected[key].items()
            if got[key].get(name) != value
        ]
    return found[:10]


def files(media: Path) -> dict[str, str]:
    return {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


def only_archive(directory: Path) -> Path:
    (archive,) = directory.glob("pusteblume-*.tar.gz")
    return archive


@pytest.fixture
def postgres_url():
    url = postgres_database(ROUND_TRIP_DATABASE)
    yield url
    drop_postgres_database(ROUND_TRIP_DATABASE)


def test_site_moves_from_sqlite_to_postgresql_and_back_unchanged(
    tmp_path, postgres_url
):
    first = site_env(
        database_url=f"sqlite:///{tmp_path / 'first.sqlite3'}",
        media=tmp_path / "media-first",
    )
    manage(first, "migrate", "--noinput")
    manage(first, "seed_demo", "--posts", "6", "--with-admin")
    manage(first, "shell", "-c", SEED.read_text())
    original_rows, original_files = rows(first), files(tmp_path / "media-first")
    models = {model for model, _ in original_rows}
    assert {
        "blog.post",
        "blog.galleryimage",
        "blog.comment",
        "blog.taggedpost",
        "newsletter.subscriber",
        "newsletter.consenttext",
        "newsletter.delivery",
        "auth.user",
    } <= models
    assert any(name.endswith(".pdf") for name in original_files)

    manage(first, "backup", str(tmp_path / "from-sqlite"))
    postgres = site_env(database_url=postgres_url, media=tmp_path / "media-pg")
    manage(postgres, "restore", str(only_archive(tmp_path / "from-sqlite")))
    assert differences(rows(postgres), original_rows) == []
    assert files(tmp_path / "media-pg") == original_files

    manage(postgres, "backup", str(tmp_path / "from-postgres"))
    last = site_env(
        database_url=f"sqlite:///{tmp_path / 'last.sqlite3'}",
        media=tmp_path / "media-last",
    )
    manage(last, "restore", str(only_archive(tmp_path / "from-postgres")))
    assert differences(rows(last), original_rows) == []
    assert files(tmp_path / "media-last") == original_files


def test_restored_postgresql_site_takes_new_rows(tmp_path, postgres_url):
    first = site_env(
        database_url=f"sqlite:///{tmp_path / 'first.sqlite3'}",
        media=tmp_path / "media-first",
    )
    manage(first, "migrate", "--noinput")
    manage(first, "seed_demo", "--posts", "3")
    manage(first, "backup", str(tmp_path / "archives"))
    postgres = site_env(database_url=postgres_url, media=tmp_path / "media-pg")
    manage(postgres, "restore", str(only_archive(tmp_path / "archives")))

    # The sequences were moved past the loaded ids: a new row gets a free one.
    output = manage(
        postgres,
        "shell",
        "-c",
        "from blog.models import Category; "
        "print(Category.objects.create(name='Neu', slug='neu').pk)",
    )
    assert int(output.split()[-1]) > 0
