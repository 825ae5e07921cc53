"""
Backups that restore into either database engine.

An archive is one tar.gz file:

- `manifest.json`: format, versions (Python, Django, the site), the database
  engine it came from, the applied migrations, the rows per model and the
  sha256 and size of every other member;
- `database.json`: every row in Django's portable JSON (the `dumpdata`
  format), foreign keys to content types and permissions by natural key, so
  the rows load into a database whose content types got other ids;
- `media/…`: every uploaded file, by its name in the default storage.

The rows are read inside one transaction (REPEATABLE READ on PostgreSQL,
SQLite's own read transaction), so the site may keep serving and writing
while a backup runs. Content types and permissions are left out: `migrate`
makes them on the target. Sessions and login attempts are left out too:
they are of no use on another server (everyone logs in again).

A restore checks every checksum before it touches anything, refuses a
database that already holds content (unless forced), migrates, and loads
the rows in one transaction: a failure leaves the database as it was. The
media files are written only once the rows are in.
"""

import hashlib
import io
import json
import platform
import re
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import page_cache
from .apps import site_apps
from .models import SingletonModel

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA = "media"
ARCHIVE_PATTERN = re.compile(r"^pusteblume-\d{8}-\d{6}(-\d+)?\.tar\.gz$")
CHUNK = 1024 * 1024

# Made by migrate on the target, or of no use there.
EXCLUDED = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
)


class BackupError(Exception):
    """An archive that cannot be restored, or a target that must not be."""


@dataclass(frozen=True)
class Restored:
    rows: int
    files: int


def _app_version() -> str:
    try:
        return metadata.version("pusteblume-site")
    except metadata.PackageNotFoundError:
        return "unbekannt"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _excluded(model) -> bool:
    label = model._meta.label_lower
    return any(label == name or model._meta.app_label == name for name in EXCLUDED)


def backed_up_models() -> list:
    """The models whose rows an archive holds, in INSTALLED_APPS order."""
    return [
        model
        for model in apps.get_models()
        if not _excluded(model) and model._meta.managed and not model._meta.proxy
    ]


def _media_names(directory: str = "") -> list[str]:
    """Every file in the default storage, with its name there."""
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}{name}" for name in files]
    for folder in folders:
        names += _media_names(f"{directory}{folder}/")
    return sorted(names)


def _applied_migrations(using: str) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connections[using]).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _snapshot(workdir: Path, using: str) -> dict:
    """Write the rows to workdir/database.json; return counts and migrations."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # Must be the first statement of the transaction: every query
            # after it sees the database as it was at this moment.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        models = backed_up_models()
        counts = {
            model._meta.label: model._base_manager.using(using).count()
            for model in models
        }
        call_command(
            "dumpdata",
            *[model._meta.label for model in models],
            natural_foreign=True,
            use_base_manager=True,
            database=using,
            output=str(workdir / DATABASE),
            verbosity=0,
        )
        migrations = _applied_migrations(using)
    return {"counts": counts, "migrations": migrations}


def create_backup(*, directory: Path, using: str = DEFAULT_DB_ALIAS) -> Path:
    """
    Write one archive of the database and the media files into `directory`
    and return its path. The archive appears under its name only when it is
    complete.
    """
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    target = directory / f"pusteblume-{stamp}.tar.gz"
    counter = 1
    while target.exists():
        counter += 1
        target = directory / f"pusteblume-{stamp}-{counter}.tar.gz"

    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        workdir = Path(work)
        state = _snapshot(workdir, using)
        members = {
            DATABASE: {
                "sha256": _sha256(workdir / DATABASE),
                "size": (workdir / DATABASE).stat().st_size,
            }
        }
        partial = workdir / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(workdir / DATABASE, arcname=DATABASE)
            for name in _media_names():
                member = f"{MEDIA}/{name}"
                digest = hashlib.sha256()
                # Read once: the checksum is of exactly the bytes archived.
                with (
                    default_storage.open(name, "rb") as source,
                    tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spooled,
                ):
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        spooled.write(chunk)
                    info = tarfile.TarInfo(member)
                    info.size = spooled.tell()
                    info.mtime = int(timezone.now().timestamp())
                    spooled.seek(0)
                    archive.addfile(info, spooled)
                members[member] = {"sha256": digest.hexdigest(), "size": info.size}
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "python": platform.python_version(),
                "django": django.get_version(),
                "site": _app_version(),
                "engine": connections[using].vendor,
                **state,
                "members": members,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
        partial.replace(target)
    return target


def prune_backups(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest archives in `directory`."""
    archives = sorted(
        (path for path in directory.iterdir() if ARCHIVE_PATTERN.match(path.name)),
        key=lambda path: (path.stat().st_mtime, path.name),
        reverse=True,
    )
    removed = archives[keep:]
    for path in removed:
        path.unlink()
    return removed


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and (name in (MANIFEST, DATABASE) or path.parts[0] == MEDIA)
    )


def read_manifest(archive_path: Path) -> dict:
    """
    The manifest of an archive whose every member matches its checksum.
    Raises BackupError for anything damaged, incomplete or unexpected.
    """
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            try:
                manifest = json.load(archive.extractfile(MANIFEST))
            except KeyError:
                raise BackupError(
                    "Das ist kein Backup dieser Website: es fehlt das "
                    "Inhaltsverzeichnis (manifest.json)."
                ) from None
            if manifest.get("format") != FORMAT:
                raise BackupError(
                    f"Dieses Backup hat das Format {manifest.get('format')!r}; "
                    f"diese Version der Website liest nur Format {FORMAT}."
                )
            expected = manifest["members"]
            seen = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not _safe_member_name(member.name):
                    raise BackupError(
                        "Das Backup enthält einen unerwarteten Eintrag: "
                        f"{member.name!r}."
                    )
                if member.name not in expected:
                    raise BackupError(
                        f"Die Datei {member.name!r} steht nicht im Inhaltsverzeichnis "
                        "des Backups."
                    )
                digest = hashlib.sha256()
                source = archive.extractfile(member)
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                if digest.hexdigest() != expected[member.name]["sha256"]:
                    raise BackupError(
                        f"Das Backup ist beschädigt: die Prüfsumme von "
                        f"{member.name!r} stimmt nicht."
                    )
                seen.add(member.name)
            missing = set(expected) - seen
            if missing:
                raise BackupError(
                    "Das Backup ist unvollständig, es fehlt: "
                    + ", ".join(sorted(missing))
                    + "."
                )
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"Das Backup lässt sich nicht lesen (beschädigt oder kein tar.gz): {error}"
        ) from error
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"Das Inhaltsverzeichnis des Backups ist beschädigt: {error}"
        ) from error
    return manifest


def holds_content(using: str = DEFAULT_DB_ALIAS) -> bool:
    """
    Whether the database holds anything of a site: a user account or a row
    of content. What migrate itself makes (content types, the first consent
    wording, the settings rows) does not count.
    """
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    models = [get_user_model()]
    for app in site_apps():
        models += [
            model
            for model in app.get_models()
            if not issubclass(model, SingletonModel)
            and model._meta.label in app.content_models
        ]
    return any(
        model._base_manager.using(using).exists()
        for model in set(models)
        if model._meta.db_table in tables
    )


def _check_migrations(manifest: dict, using: str) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(
        MigrationLoader(connections[using], ignore_no_migrations=True).graph.nodes
    )
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "Das Backup stammt von einer neueren Version der Website (unbekannte "
            "Migrationen: " + ", ".join(unknown[:5]) + "). Spiel zuerst diese "
            "Version ein."
        )


def restore_backup(
    *, archive_path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> Restored:
    """
    Bring an archive back: check it, migrate, replace every row in one
    transaction, then write the media files. Raises BackupError, leaving
    the database as it was, when the archive is damaged, the database holds
    content and `force` is off, or the rows do not load.
    """
    manifest = read_manifest(archive_path)
    _check_migrations(manifest, using)
    if not force and holds_content(using):
        raise BackupError(
            "Die Datenbank enthält schon Inhalte oder Konten. Ein Restore würde sie "
            "ersetzen; wenn du das willst, starte ihn mit --force."
        )
    call_command("migrate", database=using, interactive=False, verbosity=0)

    with tempfile.TemporaryDirectory(prefix="pusteblume-restore-") as work:
        rows_file = Path(work) / DATABASE
        with (
            tarfile.open(archive_path, "r:gz") as archive,
            archive.extractfile(DATABASE) as source,
            rows_file.open("wb") as out,
        ):
            shutil.copyfileobj(source, out, CHUNK)
        if _sha256(rows_file) != manifest["members"][DATABASE]["sha256"]:
            raise BackupError("Das Backup hat sich während des Restores verändert.")
        rows = _load_rows(rows_file, manifest, using)

    files = _write_media(archive_path, manifest)
    # Renew every cached page; no rendering task is queued, so the restored
    # rows are exactly the archive's (readers render the pages as they come).
    page_cache.drop_content_version()
    return Restored(rows=rows, files=files)


def _load_rows(rows_file: Path, manifest: dict, using: str) -> int:
    models = [apps.get_model(label) for label in manifest["counts"]]
    try:
        with (
            page_cache.without_background_rendering(),
            transaction.atomic(using=using),
        ):
            # What migrate made (the first consent wording, settings rows)
            # gives way to the archive's rows.
            for model in reversed(models):
                model._base_manager.using(using).all().delete()
            # loaddata also resets PostgreSQL's sequences past the loaded ids.
            call_command("loaddata", str(rows_file), database=using, verbosity=0)
            wrong = {
                label: (model._base_manager.using(using).count(), expected)
                for label, expected in manifest["counts"].items()
                if (model := apps.get_model(label))._base_manager.using(using).count()
                != expected
            }
            if wrong:
                raise BackupError(
                    "Nach dem Laden stimmen die Zeilen nicht: "
                    + ", ".join(
                        f"{label} {got} statt {expected}"
                        for label, (got, expected) in wrong.items()
                    )
                )
    except BackupError:
        raise
    except Exception as error:
        raise BackupError(
            f"Die Daten ließen sich nicht laden; die Datenbank ist unverändert. "
            f"Grund: {error}"
        ) from error
    return sum(manifest["counts"].values())


def _write_media(archive_path: Path, manifest: dict) -> int:
    written = 0
    prefix = f"{MEDIA}/"
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            if not member.name.startswith(prefix):
                continue
            name = member.name.removeprefix(prefix)
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, File(archive.extractfile(member)))
            if saved != name:
                raise BackupError(
                    f"Die Datei {name!r} wurde als {saved!r} gespeichert; "
                    "prüf den Speicherort der Uploads."
                )
            written += 1
    return written


def describe(manifest: dict) -> str:
    rows = sum(manifest["counts"].values())
    files = sum(1 for name in manifest["members"] if name.startswith(f"{MEDIA}/"))
    created = datetime.fromisoformat(manifest["created_at"])
    return (
        f"Backup vom {timezone.localtime(created):%d.%m.%Y %H:%M} "
        f"({manifest['engine']}, Django {manifest['django']}): "
        f"{rows} Zeilen, {files} Dateien"
    )
