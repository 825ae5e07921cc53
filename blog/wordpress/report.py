"""The import's summary, its warnings, and the progress line while it runs."""

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

LABELS = {
    "posts": "Beiträge",
    "pages": "Seiten",
    "categories": "Kategorien",
    "tags": "Schlagwörter",
    "authors": "Autorinnen",
    "images": "Bilder",
    "galleries": "Galerien",
    "embeds": "Einbettungen",
    "comments": "Kommentare",
    "redirects": "Weiterleitungen",
}


@dataclass
class Report:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        getattr(self, outcome)[kind] += number

    def warn(self, where: str, text: str) -> None:
        self.warnings.append(f"{where}: {text}" if where else text)

    def total(self, kind: str) -> int:
        return self.created[kind] + self.updated[kind] + self.unchanged[kind]

    def lines(self) -> list[str]:
        heading = (
            "Probelauf: nichts wurde gespeichert."
            if self.dry_run
            else "Import abgeschlossen."
        )
        lines = [heading]
        for kind, label in LABELS.items():
            parts = [f"{self.total(kind)}"]
            details = [
                f"{counter[kind]} {word}"
                for counter, word in (
                    (self.created, "neu"),
                    (self.updated, "geändert"),
                    (self.unchanged, "unverändert"),
                )
                if counter[kind]
            ]
            if details:
                parts.append(f"({', '.join(details)})")
            lines.append(f"  {label}: {' '.join(parts)}")
        if self.skipped:
            skipped = ", ".join(
                f"{n} {what}" for what, n in sorted(self.skipped.items())
            )
            lines.append(f"  Nicht übernommen: {skipped}")
        lines.append(f"  Hinweise: {len(self.warnings)}")
        lines.extend(f"    - {warning}" for warning in self.warnings)
        return lines


class Progress:
    """
    "Einträge 120/1050 · Bilder 300/2000 · noch etwa 2 Min." on one line,
    rewritten in place; silent when the output is not a terminal.
    """

    INTERVAL = 0.5

    def __init__(self, stream: TextIO, *, items: int, images: int) -> None:
        self.stream = stream
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.items, self.images = items, images
        self.items_done = self.images_done = 0
        self.started = time.monotonic()
        self.shown = 0.0

    def item(self) -> None:
        self.items_done += 1
        self.show()

    def image(self) -> None:
        self.images_done += 1
        self.show()

    def show(self) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.shown < self.INTERVAL:
            return
        self.shown = now
        done = self.items_done + self.images_done
        total = max(1, self.items + self.images)
        elapsed = now - self.started
        rest = elapsed / done * (total - done) if done else 0
        estimate = (
            f"noch etwa {rest / 60:.0f} Min."
            if rest >= 60
            else (f"noch etwa {rest:.0f} s")
        )
        self.stream.write(
            f"\rEinträge {self.items_done}/{self.items} · Bilder "
            f"{self.images_done}/{self.images} · {estimate}   "
        )
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 70 + "\r")
            self.stream.flush()
