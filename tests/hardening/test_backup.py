import io
import json
import shutil
import tarfile
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import TestCase

from blog.models import Category
from newsletter.models import Subscriber
from pusteblume_site import backup
from tests.blog.factories import make_category
from tests.factories import make_staff
from tests.newsletter.factories import make_subscriber


def temporary_folder(test: TestCase) -> Path:
    folder = Path(tempfile.mkdtemp())
    test.addCleanup(shutil.rmtree, folder)
    return folder


def rewrite(archive: Path, change) -> None:
    """Rewrite an archive's members through change(name, data) -> data."""
    with tarfile.open(archive, "r:gz") as source:
        members = [
            (member, source.extractfile(member).read())
            for member in source.getmembers()
        ]
    with tarfile.open(archive, "w:gz") as target:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))


def with_fresh_manifest(archive: Path, name: str, data: bytes) -> None:
    """Replace one member and fix its checksum, as a careful forger would."""
    import hashlib

    def change(member, old):
        if member == name:
            return data
        if member == backup.MANIFEST:
            manifest = json.loads(old)
            manifest["members"][name] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
            return json.dumps(manifest).encode()
        return old

    rewrite(archive, change)


class BackupCommandTests(TestCase):
    def setUp(self):
        self.folder = temporary_folder(self)

    def test_writes_an_archive_with_manifest_counts_and_checksums(self):
        make_category(name="Strategie", slug="strategie")
        make_subscriber(email="leserin@example.org")
        default_storage.save("uploads/notiz.txt", ContentFile(b"Hallo"))
        out = StringIO()

        call_command("backup", str(self.folder), stdout=out)

        (archive,) = self.folder.glob("pusteblume-*.tar.gz")
        manifest = backup.read_manifest(archive)
        assert manifest["counts"]["blog.Category"] == Category.objects.count()
        assert manifest["counts"]["newsletter.Subscriber"] == 1
        assert "media/uploads/notiz.txt" in manifest["members"]
        assert "contenttypes" not in json.dumps(list(manifest["counts"]))
        assert "blog" in manifest["migrations"]
        assert "geschrieben" in out.getvalue()

    def test_keep_deletes_all_but_the_newest(self):
        for stamp in ("20240101-010101", "20240102-010101", "20240103-010101"):
            (self.folder / f"pusteblume-{stamp}.tar.gz").write_bytes(b"alt")
        (self.folder / "notizen.txt").write_text("bleibt")
        out = StringIO()

        call_command("backup", str(self.folder), keep=2, stdout=out)

        left = sorted(path.name for path in self.folder.iterdir())
        assert len([name for name in left if name.startswith("pusteblume-")]) == 2
        assert "pusteblume-20240103-010101.tar.gz" in left
        assert "notizen.txt" in left
        assert "Altes Backup gelöscht" in out.getvalue()

    def test_keep_must_be_positive(self):
        with pytest.raises(CommandError, match="ab 1"):
            call_command("backup", str(self.folder), keep=0)


class RestoreCommandTests(TestCase):
    def setUp(self):
        make_category(name="Schreiben", slug="schreiben")
        make_subscriber(email="leserin@example.org")
        default_storage.save("uploads/bild.txt", ContentFile(b"original"))
        self.archive = backup.create_backup(directory=temporary_folder(self))

    def test_refuses_a_database_with_content(self):
        make_staff()
        with pytest.raises(CommandError, match="--force"):
            call_command("restore", str(self.archive))

    def test_force_replaces_the_rows_and_files(self):
        Category.objects.all().delete()
        make_category(name="Neu", slug="neu")
        default_storage.delete("uploads/bild.txt")
        default_storage.save("uploads/bild.txt", ContentFile(b"geaendert"))
        out = StringIO()

        call_command("restore", str(self.archive), force=True, stdout=out)

        assert list(Category.objects.values_list("slug", flat=True)) == ["schreiben"]
        assert Subscriber.objects.get().email == "leserin@example.org"
        with default_storage.open("uploads/bild.txt") as file:
            assert file.read() == b"original"
        assert "Backup eingespielt" in out.getvalue()

    def test_a_changed_byte_is_refused_before_anything_changes(self):
        rewrite(
            self.archive,
            lambda name, data: data.replace(b"Schreiben", b"Schreibem"),
        )
        Category.objects.update(name="Unverändert")

        with pytest.raises(CommandError, match="Prüfsumme"):
            call_command("restore", str(self.archive), force=True)
        assert Category.objects.get().name == "Unverändert"

    def test_a_file_that_is_no_archive_is_refused(self):
        self.archive.write_bytes(b"kein Archiv")
        with pytest.raises(CommandError, match="nicht lesen"):
            call_command("restore", str(self.archive))

    def test_a_missing_file_is_refused(self):
        with pytest.raises(CommandError, match="gibt es nicht"):
            call_command("restore", str(self.archive.with_name("fehlt.tar.gz")))

    def test_a_member_outside_the_media_folder_is_refused(self):
        with tarfile.open(self.archive, "r:gz") as source:
            members = [(m, source.extractfile(m).read()) for m in source.getmembers()]
        with tarfile.open(self.archive, "w:gz") as target:
            for member, data in members:
                target.addfile(member, io.BytesIO(data))
            evil = tarfile.TarInfo("media/../../etc/evil")
            evil.size = 4
            target.addfile(evil, io.BytesIO(b"evil"))
        with pytest.raises(CommandError, match="unerwarteten Eintrag"):
            call_command("restore", str(self.archive))

    def test_rows_that_do_not_load_leave_the_database_as_it_was(self):
        with tarfile.open(self.archive, "r:gz") as source:
            rows = json.load(source.extractfile(backup.DATABASE))
        for row in rows:
            if row["model"] == "newsletter.subscriber":
                row["fields"]["consent_text"] = 999_999
        with_fresh_manifest(self.archive, backup.DATABASE, json.dumps(rows).encode())
        Category.objects.update(name="Unverändert")
        default_storage.delete("uploads/bild.txt")

        with pytest.raises(CommandError, match="unverändert"):
            call_command("restore", str(self.archive), force=True)
        assert Category.objects.get().name == "Unverändert"
        assert not default_storage.exists("uploads/bild.txt")

    def test_an_archive_from_a_newer_site_is_refused(self):
        def newer(name, data):
            if name != backup.MANIFEST:
                return data
            manifest = json.loads(data)
            manifest["migrations"]["blog"].append("9999_from_the_future")
            return json.dumps(manifest).encode()

        rewrite(self.archive, newer)
        with pytest.raises(CommandError, match="neueren Version"):
            call_command("restore", str(self.archive), force=True)
