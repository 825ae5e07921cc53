from datetime import timedelta

from django.core.management.base import BaseCommand

from newsletter import services


class Command(BaseCommand):
    help = (
        "Löscht Anmeldungen, die nie bestätigt wurden, nach der angegebenen Zahl "
        "von Tagen (der Bestätigungslink selbst gilt 7 Tage)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur zählen, nichts löschen."
        )

    def handle(self, *args, **options):
        count = services.prune_unconfirmed(
            older_than=timedelta(days=options["days"]), dry_run=options["dry_run"]
        )
        if options["dry_run"]:
            self.stdout.write(
                self.style.NOTICE(f"Würde {count} unbestätigte Anmeldung(en) löschen.")
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{count} unbestätigte Anmeldung(en) gelöscht.")
            )
