from django.core.management.base import BaseCommand

from newsletter import services
from newsletter.models import Issue


class Command(BaseCommand):
    # A worker killed mid-send leaves its job marked as running for ever;
    # run this before starting the worker. Queuing twice is harmless: the
    # delivery rows make sure nobody gets a second copy.
    help = (
        "Stellt den Versand aller Ausgaben, die noch als „wird versendet“ "
        "markiert sind, wieder in die Warteschlange. Jederzeit gefahrlos: "
        "niemand bekommt eine Mail doppelt."
    )

    def handle(self, *args, **options):
        issues = Issue.objects.filter(status=Issue.Status.SENDING)
        resumed = [issue for issue in issues if services.resume_sending(issue=issue)]
        for issue in resumed:
            if options["verbosity"] > 1:
                self.stdout.write(f"Wieder eingereiht: {issue}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(resumed)} unterbrochene Ausgabe(n) wieder eingereiht."
            )
        )
