import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

import blog.demo
import newsletter.demo
import pages.demo


class Command(BaseCommand):
    help = (
        "Legt Demo-Inhalte an: Seiten, Einstellungen, Blogbeiträge mit Bildern und "
        "einen Newsletter. Mehrfaches Ausführen ändert nichts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--posts",
            type=int,
            default=30,
            help="Wie viele Blogbeiträge es mindestens geben soll (Standard: 30).",
        )
        parser.add_argument(
            "--with-admin",
            action="store_true",
            help="Legt zusätzlich das Konto „redaktion“ an und zeigt das Passwort "
            "einmal an.",
        )

    def handle(self, *args, posts, with_admin, **options):
        with transaction.atomic():
            pages.demo.seed(stdout=self.stdout)
        blog.demo.seed(stdout=self.stdout, posts=posts)
        newsletter.demo.seed(stdout=self.stdout)
        if with_admin:
            self.create_admin()
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte sind bereit."))

    def create_admin(self):
        User = get_user_model()
        if User.objects.filter(username="redaktion").exists():
            self.stdout.write(
                "Das Konto „redaktion“ gibt es schon; sein Passwort bleibt, wie es ist."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username="redaktion",
            email="redaktion@example.org",
            password=password,
            first_name="Lena",
            last_name="Sommer",
        )
        self.stdout.write(
            self.style.WARNING(
                f"Konto „redaktion“ angelegt. Passwort (wird nur jetzt angezeigt): "
                f"{password}"
            )
        )
