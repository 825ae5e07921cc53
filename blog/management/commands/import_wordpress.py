import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from blog.wordpress.importer import WordPressImport
from blog.wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Übernimmt einen WordPress-Export (Werkzeuge → Daten exportieren): Beiträge, "
        "Seiten, Kategorien, Schlagwörter, Autorinnen, Bilder und Kommentare, und "
        "leitet jede alte Adresse weiter. Ein zweiter Lauf ändert nur, was sich in "
        "WordPress geändert hat."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="Die WXR-Datei (.xml).")
        parser.add_argument(
            "--uploads",
            type=Path,
            help="Eine Kopie von wp-content/uploads; nichts wird aus dem Netz geladen.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alles prüfen und den Bericht zeigen, aber nichts speichern.",
        )

    def handle(self, *args, export, uploads, dry_run, **options):
        try:
            report = WordPressImport(
                export,
                uploads=uploads,
                dry_run=dry_run,
                progress_stream=sys.stderr if options["verbosity"] else None,
            ).run()
        except WXRError as error:
            raise CommandError(f"{error} Es wurde nichts übernommen.") from None
        lines = report.lines()
        style = self.style.NOTICE if dry_run else self.style.SUCCESS
        self.stdout.write(style(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
