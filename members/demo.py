"""
Demo members' area: the product "Schreibwerkstatt" with a workbook PDF.
The pages and blog demos add the texts it opens (they run after this one).
"""

from django.core.files.base import ContentFile

from .models import Download, Product

PRODUCT = {
    "name": "Schreibwerkstatt",
    "description": "Der Online-Kurs in sechs Modulen: Du findest deine Stimme, "
    "schreibst jede Woche einen Text und bekommst Übungen, die dich ins Tun "
    "bringen.",
    "sales_url": "/schreibwerkstatt/",
    "digistore_ids": "12345",
}

WORKBOOK_LINES = [
    "Schreibwerkstatt - Arbeitsheft Modul 1",
    "",
    "Übung 1: Schreib zehn Minuten ohne abzusetzen über deinen letzten Auftrag.",
    "Übung 2: Streich jedes zweite Adjektiv. Was bleibt, ist deine Stimme.",
    "Übung 3: Erzähl denselben Fall einmal für eine Kundin, einmal für deine",
    "Großmutter. Welche Fassung würdest du selbst lieber lesen?",
    "",
    "Viel Freude beim Schreiben!",
]


def seed(*, stdout, **options) -> None:
    product, created = Product.objects.get_or_create(
        slug="schreibwerkstatt", defaults=PRODUCT
    )
    if not Download.objects.filter(products=product).exists():
        download = Download(
            title="Arbeitsheft Modul 1 (PDF)",
            description="Drei Übungen für deine erste Schreibwoche.",
            original_name="Schreibwerkstatt-Arbeitsheft-Modul-1.pdf",
        )
        download.file.save(
            "schreibwerkstatt-arbeitsheft.pdf",
            ContentFile(workbook_pdf(WORKBOOK_LINES)),
            save=False,
        )
        download.save()
        download.products.add(product)
    stdout.write(
        "Mitglieder: Produkt „Schreibwerkstatt“ "
        + ("angelegt." if created else "schon vorhanden.")
    )


def workbook_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with these lines in Helvetica (Latin-1 text)."""

    def literal(text: str) -> bytes:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return b"(" + escaped.encode("cp1252") + b")"

    text = (
        b"BT /F1 13 Tf 16 TL 60 780 Td "
        + b" ".join(literal(line) + b" Tj T*" for line in lines)
        + b" ET"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
