from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pusteblume_site import backup


class Command(BaseCommand):
    help = (
        "Schreibt ein Backup (Datenbank und Uploads, mit Prüfsummen) als eine "
        "tar.gz-Datei, während die Website weiterläuft."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            type=Path,
            help="Ordner für das Backup (Standard: DJANGO_BACKUP_DIR).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Behält nur die N neuesten Backups im Ordner und löscht ältere.",
        )

    def handle(self, *args, directory, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep braucht eine Zahl ab 1.")
        directory = directory or settings.BACKUP_DIR
        try:
            path = backup.create_backup(directory=directory)
        except OSError as error:
            raise CommandError(
                f"Das Backup ließ sich nicht schreiben: {error}"
            ) from error
        manifest = backup.read_manifest(path)
        self.stdout.write(
            self.style.SUCCESS(f"{path} geschrieben. {backup.describe(manifest)}.")
        )
        if keep is not None:
            for old in backup.prune_backups(directory=directory, keep=keep):
                if options["verbosity"] >= 1:
                    self.stdout.write(f"Altes Backup gelöscht: {old.name}")
