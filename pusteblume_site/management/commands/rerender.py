from django.apps import apps
from django.core.management.base import BaseCommand

from pusteblume_site.markdown import RENDERER_VERSION
from pusteblume_site.models import RenderedMarkdown


class Command(BaseCommand):
    help = (
        "Rendert gespeicherte Markdown-Texte (Beiträge, Seiten, Newsletter) neu, "
        "die ein älterer Renderer gespeichert hat – etwa nach einem Update. Ohne "
        "diesen Befehl geschieht das beim ersten Aufruf jeder Seite."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Alle Texte neu rendern, auch die schon aktuellen.",
        )

    def handle(self, *args, all, **options):
        total = 0
        for model in apps.get_models():
            if not issubclass(model, RenderedMarkdown):
                continue
            rows = model._default_manager.all()
            if not all:
                rows = rows.exclude(renderer_version=RENDERER_VERSION)
            count = 0
            for row in rows.iterator(chunk_size=200):
                row.rerender()
                count += 1
            total += count
            if options["verbosity"] >= 1:
                self.stdout.write(f"{model._meta.verbose_name_plural}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"{total} Texte mit Renderer {RENDERER_VERSION}.")
        )
