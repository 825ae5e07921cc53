import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from pusteblume_site import demo
from pusteblume_site.apps import site_apps


class Command(BaseCommand):
    help = (
        "Legt Demo-Inhalte an: Einstellungen, Seiten, Blogbeiträge mit Bildern und "
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
        if with_admin and not settings.DEBUG:
            # A known account name with a printed password has no place on a
            # public site; the first real account comes from createsuperuser.
            raise CommandError(
                "--with-admin gibt es nur in der Entwicklung (DJANGO_DEBUG=1). "
                "Auf der echten Website legst du das erste Konto mit "
                "„python manage.py createsuperuser“ an."
            )
        # One transaction: one renewal of the cache (and one rendering task).
        with transaction.atomic():
            demo.seed(stdout=self.stdout)
            # Each app brings its own demo content, in INSTALLED_APPS order.
            for app in site_apps():
                if app.demo:
                    import_string(app.demo)(stdout=self.stdout, posts=posts)
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
            first_name=demo.OWNER_FIRST_NAME,
            last_name=demo.OWNER_LAST_NAME,
        )
        self.stdout.write(
            self.style.WARNING(
                f"Konto „redaktion“ angelegt. Passwort (wird nur jetzt angezeigt): "
                f"{password}"
            )
        )
