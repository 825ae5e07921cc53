"""Second runs, dry runs, changed exports and files that cannot be read."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from blog.models import Comment, LegacyRedirect, Post, WordPressItem

from .conftest import EXPORT, make_uploads


def snapshot() -> dict:
    """Every row of every table, and every file under MEDIA_ROOT."""
    rows = {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
    }
    files = sorted(
        (str(path), path.stat().st_mtime_ns)
        for path in Path(settings.MEDIA_ROOT).rglob("*")
        if path.is_file()
    )
    return {"rows": rows, "files": files}


class ImportRunTests(TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uploads = Path(tempfile.mkdtemp())
        cls.addClassCleanup(shutil.rmtree, cls.uploads)
        make_uploads(cls.uploads)

    def setUp(self):
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media)
        self.enterContext(override_settings(MEDIA_ROOT=media))

    def run_import(self, export=EXPORT, **options) -> str:
        out = StringIO()
        call_command(
            "import_wordpress", export, uploads=self.uploads, stdout=out, **options
        )
        return out.getvalue()

    def test_dry_run_changes_no_row_and_no_file(self):
        before = snapshot()
        output = self.run_import(dry_run=True)
        assert output.startswith("Probelauf: nichts wurde gespeichert.")
        assert "Beiträge: 8 (8 neu)" in output
        assert "Bild 2021/03/fehlt.jpg fehlt" in output
        assert snapshot() == before

    def test_second_run_changes_nothing(self):
        self.run_import()
        before = snapshot()
        output = self.run_import()
        assert "Beiträge: 8 (8 unverändert)" in output
        assert "Kommentare: 5 (5 unverändert)" in output
        assert "Bilder: 9 (9 unverändert)" in output
        assert snapshot() == before

    def test_dry_run_after_an_import_changes_nothing(self):
        self.run_import()
        before = snapshot()
        self.run_import(dry_run=True)
        assert snapshot() == before

    def test_changed_export_updates_what_changed(self):
        self.run_import()
        post = Post.objects.get(slug="kurz-und-knapp")
        untouched = Post.objects.get(slug="texten-ohne-angst").updated_at
        changed = Path(tempfile.mkdtemp()) / "export.xml"
        self.addCleanup(shutil.rmtree, changed.parent)
        text = EXPORT.read_text()
        text = text.replace(
            "Ein Beitrag, dessen Adresse nur aus dem Namen bestand.",
            "Ein überarbeiteter Text.",
        ).replace("Mache ich, versprochen.", "Mache ich, ganz bestimmt.")
        changed.write_text(text)
        output = self.run_import(changed)
        assert "Beiträge: 8 (1 geändert, 7 unverändert)" in output
        assert "Kommentare: 5 (1 geändert, 4 unverändert)" in output
        post.refresh_from_db()
        assert post.body == "Ein überarbeiteter Text."
        assert Post.objects.filter(slug="kurz-und-knapp").count() == 1
        assert Comment.objects.filter(text="Mache ich, ganz bestimmt.").exists()
        assert Post.objects.get(slug="texten-ohne-angst").updated_at == untouched

    def test_truncated_file_names_the_line_and_imports_nothing(self):
        broken = Path(tempfile.mkdtemp()) / "kaputt.xml"
        self.addCleanup(shutil.rmtree, broken.parent)
        text = EXPORT.read_text()
        broken.write_text(text[: text.index("<title><![CDATA[Texten ohne Angst")])
        with self.assertRaisesMessage(CommandError, "kaputt.xml, Zeile"):
            self.run_import(broken)
        assert not Post.objects.exists()
        assert not WordPressItem.objects.exists()
        assert not any(Path(settings.MEDIA_ROOT).rglob("*.jpg"))

    def test_malformed_file_gets_a_german_message(self):
        broken = Path(tempfile.mkdtemp()) / "falsch.xml"
        self.addCleanup(shutil.rmtree, broken.parent)
        broken.write_text(
            '<?xml version="1.0"?>\n<rss><channel>\n<item><title>a</item>'
        )
        with self.assertRaisesMessage(CommandError, "falsch.xml, Zeile 3"):
            self.run_import(broken)

    def test_entity_expansion_is_refused(self):
        bomb = Path(tempfile.mkdtemp()) / "bombe.xml"
        self.addCleanup(shutil.rmtree, bomb.parent)
        entities = "".join(
            f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
        )
        bomb.write_text(
            f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY lol0 "lol">{entities}]>\n'
            "<rss><channel><item><title>&lol9;</title></item></channel></rss>"
        )
        with self.assertRaisesMessage(CommandError, "enthält eine DTD"):
            self.run_import(bomb)
        assert not Post.objects.exists()

    def test_missing_files_get_a_german_message(self):
        with self.assertRaisesMessage(CommandError, "lässt sich nicht lesen"):
            self.run_import(Path("/nirgends/export.xml"))
        with self.assertRaisesMessage(CommandError, "Upload-Ordner gibt es nicht"):
            call_command(
                "import_wordpress", EXPORT, uploads="/nirgends", stdout=StringIO()
            )

    def test_without_uploads_images_are_reported_missing(self):
        out = StringIO()
        call_command("import_wordpress", EXPORT, stdout=out)
        assert "kein Upload-Ordner angegeben (--uploads)" in out.getvalue()
        assert Post.objects.filter(status=Post.Status.PUBLISHED).exists()
        assert LegacyRedirect.objects.filter(old_path="/?p=101").exists()


class NoImportTests(TestCase):
    def test_query_addresses_without_an_import_are_404(self):
        assert self.client.get("/?p=1").status_code == 404

    def test_site_pages_are_untouched(self):
        assert self.client.get("/").status_code == 200
        assert self.client.get("/gibt-es-nicht/").status_code == 404
