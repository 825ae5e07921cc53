from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from blog.comments import services


class Command(BaseCommand):
    help = (
        "Löscht Spam-Kommentare, die länger als COMMENTS_SPAM_DAYS Tage im "
        "Spam-Ordner liegen (bis dahin lassen sie sich im Admin retten)."
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
        count = services.prune_spam(
            older_than=timedelta(days=days), dry_run=options["dry_run"]
        )
        if options["dry_run"]:
            self.stdout.write(
                self.style.NOTICE(f"Würde {count} Spam-Kommentar(e) löschen.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{count} Spam-Kommentar(e) gelöscht.")
            )
