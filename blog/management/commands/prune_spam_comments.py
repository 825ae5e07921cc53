from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from blog.comments import services


class Command(BaseCommand):
    help = (
        "Löscht Spam-Kommentare, die länger als COMMENTS_SPAM_DAYS Tage im "
        "Spam-Ordner liegen (bis dahin lassen sie sich im Admin retten), und "
        "Adressen für Antwort-Benachrichtigungen, die nie bestätigt wurden."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Statt COMMENTS_SPAM_DAYS."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur zählen, nichts löschen."
        )

    def handle(self, *args, **options):
        days = options["days"] or settings.COMMENTS_SPAM_DAYS
        older_than = timedelta(days=days)
        dry_run = options["dry_run"]
        spam = services.prune_spam(older_than=older_than, dry_run=dry_run)
        addresses = services.prune_unconfirmed_addresses(
            older_than=older_than, dry_run=dry_run
        )
        summary = (
            f"{spam} Spam-Kommentar(e) und {addresses} unbestätigte "
            "Benachrichtigungsadresse(n)"
        )
        if dry_run:
            self.stdout.write(self.style.NOTICE(f"Würde {summary} löschen."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{summary} gelöscht."))
