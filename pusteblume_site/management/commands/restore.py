from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pusteblume_site import backup


class Command(BaseCommand):
    help = (
        "Spielt ein Backup in eine leere Datenbank ein (SQLite oder PostgreSQL, "
        "gleich welche das Backup schrieb) und legt die Uploads zurück."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Die tar.gz-Datei des Backups.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ersetzt auch eine Datenbank, die schon Inhalte oder Konten hat.",
        )

    def handle(self, *args, archive, force, **options):
        if not archive.is_file():
            raise CommandError(f"Die Datei {archive} gibt es nicht.")
        try:
            restored = backup.restore_backup(archive_path=archive, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup eingespielt: {restored.rows} Zeilen, {restored.files} Dateien."
            )
        )
