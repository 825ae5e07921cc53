"""
How long a backup and a restore take, and how big the archive is:

    python -m bench.backup_bench

For the demo site and for a site of BENCH_POSTS posts (default 1,000) with
images, each written on SQLite, restored into PostgreSQL, backed up there
and restored into SQLite again: the move the commands are made for. Needs a
PostgreSQL server (BENCH_POSTGRES_URL, default the local one); the database
pb_bench_backup is made and dropped.
"""

import os
import shutil
import subprocess
import sys
import time

import psycopg2

from tests.servers import PROJECT

OUT = PROJECT / "bench" / "out" / "backup"
SERVER = os.environ.get(
    "BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
DATABASE = "pb_bench_backup"


def run(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def fresh_postgres() -> str:
    connection = psycopg2.connect(SERVER)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DATABASE}"')
    connection.close()
    return SERVER.rsplit("/", 1)[0] + f"/{DATABASE}"


def site(name: str, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return env | {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(OUT / f"media-{name}"),
    }


def measure(label: str, posts: int) -> list[str]:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    first = site("first", f"sqlite:///{OUT / 'first.sqlite3'}")
    run(first, "migrate", "--noinput")
    run(first, "seed_demo", "--posts", str(posts))
    backup_sqlite = run(first, "backup", str(OUT / "a"))
    (archive,) = (OUT / "a").glob("*.tar.gz")
    postgres = site("pg", fresh_postgres())
    restore_pg = run(postgres, "restore", str(archive))
    backup_pg = run(postgres, "backup", str(OUT / "b"))
    (second,) = (OUT / "b").glob("*.tar.gz")
    last = site("last", f"sqlite:///{OUT / 'last.sqlite3'}")
    restore_sqlite = run(last, "restore", str(second))
    media = sum(
        p.stat().st_size for p in (OUT / "media-first").rglob("*") if p.is_file()
    )
    return [
        label,
        f"{backup_sqlite:.1f} s",
        f"{restore_pg:.1f} s",
        f"{backup_pg:.1f} s",
        f"{restore_sqlite:.1f} s",
        f"{archive.stat().st_size / 1e6:.1f} MB",
        f"{media / 1e6:.1f} MB",
    ]


def main() -> None:
    posts = int(os.environ.get("BENCH_POSTS", "1000"))
    rows = [
        [
            "site",
            "backup SQLite",
            "restore PG",
            "backup PG",
            "restore SQLite",
            "archive",
            "uploads",
        ],
        measure("demo (30 posts)", 30),
        measure(f"{posts} posts with images", posts),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = zip(row, widths, strict=True)
        print("  ".join(cell.ljust(width) for cell, width in cells))
    connection = psycopg2.connect(SERVER)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    connection.close()


if __name__ == "__main__":
    main()
