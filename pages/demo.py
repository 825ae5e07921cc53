"""Demo pages, our own writing."""

from members.models import Product

from .models import Page

STARTSEITE = """\
Du machst richtig gute Arbeit – aber zu wenige wissen davon? Dann bist du hier
richtig. Ich zeige dir, wie du mit Inhalten sichtbar wirst, die nach dir klingen,
und wie Kundinnen und Kunden von selbst auf dich zukommen.

Kein Kaltakquise-Marathon, keine Tricks. Sondern eine klare Positionierung,
Geschichten, die hängen bleiben, und ein System, das auch in vollen Wochen läuft.

[Lass uns reden](/beratung/) – oder lies dich erst einmal im [Blog](/blog/) ein.
"""

BERATUNG = """\
Du weißt, was du kannst. Aber wenn du es in zwei Sätzen sagen sollst, wird es
schwierig? Genau da setzen wir an.

## So arbeiten wir zusammen

1. **Kennenlernen (30 Minuten, kostenlos):** Wir schauen, wo du stehst und ob
   die Chemie stimmt.
2. **Positionierung schärfen:** Wir finden heraus, wofür du bekannt sein willst –
   und wofür nicht.
3. **Content-Plan:** Themen, Formate und ein Rhythmus, den du wirklich
   durchhältst.
4. **Cases aufbereiten:** Deine besten Projekte werden zu Geschichten, die
   verkaufen, ohne zu verkaufen.

## Für wen das passt

- Selbstständige und kleine Teams, die von Empfehlungen leben
- Expertinnen, die mehr Anfragen wollen und weniger Akquise
- Alle, die Lust haben, über ihre Arbeit zu schreiben (oder es lernen wollen)

> „Nach drei Monaten kamen die ersten Anfragen über meinen Blog. Ich habe nicht
> einmal zum Hörer gegriffen.“ – eine Kundin aus Hamburg

Schreib mir eine Mail an [hallo@example.org](mailto:hallo@example.org), und wir
finden einen Termin.
"""

AUTORIN = """\
Schreiben ist mein Werkzeug und meine Liebe. Ich schreibe Bücher über
Selbstmarketing, Artikel für Fachmagazine und jede Woche für diesen Blog.

## Meine Bücher

### Sichtbar ohne Selbstdarstellung

Ein Mutmacher für alle, die lieber arbeiten als sich zu präsentieren. Mit
Übungen, die du an einem Nachmittag schaffst.

### Geschichten, die verkaufen

Wie du aus deinen Projekten Cases machst, die Vertrauen schaffen – ganz ohne
Marketing-Sprech.

Du möchtest mich für eine Lesung oder einen Gastbeitrag anfragen? Schreib mir
gern.
"""

MODERATION = """\
Eine gute Moderation merkst du kaum – du merkst nur, dass der Tag gelungen ist.
Ich moderiere Konferenzen, Barcamps, Podien und Workshops, analog und online.

## Was du von mir bekommst

- Eine Vorbereitung, die deine Gäste und Themen wirklich kennt
- Fragen, die neugierig machen, statt abzufragen
- Ruhe, wenn die Technik streikt, und Humor, wenn der Zeitplan wackelt

## Formate

| Format | Dauer | Gruppengröße |
| --- | --- | --- |
| Podiumsdiskussion | 45–90 Minuten | bis 500 Gäste |
| Workshop | halber oder ganzer Tag | 8–20 Personen |
| Barcamp | ein bis zwei Tage | 50–300 Personen |

Frag einfach an, welcher Termin noch frei ist.
"""

ABOUT = """\
Hallo, ich bin Lena! Seit über fünfzehn Jahren helfe ich Selbstständigen,
sichtbar zu werden – ohne dass sie dafür laut werden müssen.

Angefangen habe ich in einer Agentur, in der wir viel über Reichweite und wenig
über Menschen gesprochen haben. Heute mache ich es umgekehrt: Erst kommt die
Geschichte, dann die Strategie, dann das Werkzeug.

Wenn ich nicht schreibe oder moderiere, findest du mich im Garten, zwischen
Tomaten und – natürlich – Pusteblumen.
"""

BLOG = """\
Hier schreibe ich über Selbstmarketing, Schreiben, Strategie und Events – ehrlich,
praktisch und mit vielen Beispielen. Such dir ein Thema aus und leg los.
"""

IMPRESSUM = """\
## Angaben gemäß § 5 DDG

Lena Sommer
Pusteblume – Beratung, Texte, Moderation
Musterstraße 12
12345 Musterstadt

## Kontakt

E-Mail: [hallo@example.org](mailto:hallo@example.org)
Telefon: +49 30 1234567

## Umsatzsteuer-ID

Umsatzsteuer-Identifikationsnummer gemäß § 27a UStG: DE123456789

## Verantwortlich für den Inhalt nach § 18 Abs. 2 MStV

Lena Sommer, Anschrift wie oben

## Verbraucherstreitbeilegung

Ich bin nicht bereit und nicht verpflichtet, an Streitbeilegungsverfahren vor
einer Verbraucherschlichtungsstelle teilzunehmen.
"""

DATENSCHUTZ = """\
Deine Daten gehören dir. Diese Website ist deshalb so gebaut, dass sie so wenig
wie möglich über dich erfährt.

## Verantwortliche

Lena Sommer, Musterstraße 12, 12345 Musterstadt,
[hallo@example.org](mailto:hallo@example.org)

## Keine Cookies, kein Tracking

Wenn du hier liest, setzt die Website keine Cookies und lädt nichts von fremden
Servern: keine Schriften, keine Statistik-Dienste, keine Werbung. Welche Beiträge
beliebt sind, zählt der Server ohne Cookies und ohne deine IP-Adresse zu
speichern.

## Server-Protokolle

Der Server verarbeitet beim Aufruf technisch notwendige Daten (z. B. IP-Adresse,
Zeitpunkt, aufgerufene Adresse), um die Seite auszuliefern und vor Angriffen zu
schützen (Art. 6 Abs. 1 lit. f DSGVO). Diese Protokolle werden nach spätestens
sieben Tagen gelöscht.

## Eingebettete Videos und Präsentationen

Videos, Präsentationen und Beiträge von YouTube, Vimeo, GIPHY, Speaker Deck,
SlideShare, Instagram oder Facebook laden erst, wenn du auf „Laden“ klickst.
Erst dann werden Daten an den jeweiligen Anbieter übertragen (Art. 6 Abs. 1
lit. a DSGVO). Vorher erfährt der Anbieter nichts von deinem Besuch.

## Newsletter

Für den Newsletter brauche ich deine E-Mail-Adresse und, wenn du magst, deinen
Vornamen. Du bekommst zuerst eine Mail mit einem Bestätigungslink
(Double-Opt-in). Ich speichere, wann du dich angemeldet und bestätigt hast und
welchen Einwilligungstext du gesehen hast, um deine Einwilligung nachweisen zu
können (Art. 6 Abs. 1 lit. a und Art. 7 Abs. 1 DSGVO). Abmelden kannst du dich
jederzeit mit einem Klick in jeder Mail.

## Deine Rechte

Du hast das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der
Verarbeitung, Datenübertragbarkeit und Widerspruch sowie das Recht, dich bei
einer Datenschutz-Aufsichtsbehörde zu beschweren. Schreib mir einfach.
"""

PAGES = [
    # slug, title, menu label, tag line, menu position, parent slug, body, meta
    (
        "startseite",
        "Ausgebucht ohne Akquise",
        "Startseite",
        "Ausgebucht ohne Akquise",
        10,
        None,
        STARTSEITE,
        "Selbstmarketing für Selbstständige: mit Inhalten sichtbar werden, die nach "
        "dir klingen – und Kundschaft gewinnen, ohne Klinken zu putzen.",
    ),
    (
        "beratung",
        "Beratung",
        "Beratung",
        "Content und Cases",
        20,
        None,
        BERATUNG,
        "Beratung für Positionierung, Content-Strategie und Cases, die verkaufen, "
        "ohne zu verkaufen.",
    ),
    (
        "autorin",
        "Autorin",
        "Autorin",
        "Loves writing",
        30,
        None,
        AUTORIN,
        "Bücher, Artikel und Gastbeiträge über Selbstmarketing und Schreiben.",
    ),
    (
        "moderation",
        "Moderation",
        "Moderation",
        "Events und Workshops",
        40,
        None,
        MODERATION,
        "Moderation für Konferenzen, Barcamps, Podien und Workshops.",
    ),
    (
        "about",
        "Über mich",
        "About",
        "Lena Sommer",
        50,
        None,
        ABOUT,
        "Wer hinter Pusteblume steckt und warum Sichtbarkeit nicht laut sein muss.",
    ),
    (
        "blog",
        "Blog",
        "Blog",
        "Tipps und Geschichten",
        60,
        "about",
        BLOG,
        "Artikel über Selbstmarketing, Schreiben, Strategie und Events.",
    ),
    (
        "impressum",
        "Impressum",
        "",
        "",
        90,
        None,
        IMPRESSUM,
        "Impressum und Anbieterkennzeichnung von Pusteblume.",
    ),
    (
        "datenschutz",
        "Datenschutzhinweise",
        "",
        "",
        91,
        None,
        DATENSCHUTZ,
        "Wie diese Website mit deinen Daten umgeht: keine Cookies, kein Tracking.",
    ),
]


ROLES = {
    "startseite": Page.Role.HOME,
    "blog": Page.Role.BLOG,
    "about": Page.Role.ABOUT,
    "impressum": Page.Role.IMPRESSUM,
    "datenschutz": Page.Role.PRIVACY,
}


def seed(*, stdout, **options) -> None:
    """Create the pages unless they exist."""
    created = 0
    for slug, title, label, tagline, position, parent, body, meta in PAGES:
        role = ROLES.get(slug, "")
        if role and Page.objects.filter(role=role).exclude(slug=slug).exists():
            # The editor gave the role to a page of her own.
            role = ""
        _, was_created = Page.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "role": role,
                "menu_label": label,
                "tagline": tagline,
                "show_in_menu": bool(label),
                "menu_position": position,
                "parent": Page.objects.get(slug=parent) if parent else None,
                "body": body,
                "meta_description": meta,
            },
        )
        created += was_created
    stdout.write(f"Seiten: {created} neu, {len(PAGES) - created} schon vorhanden.")
    seed_members_pages()


# Members' area: the product's sales page and one page only its buyers read.

SCHREIBWERKSTATT = """\
Du willst schreiben, regelmäßig und mit deiner eigenen Stimme, aber der
Alltag frisst jede ruhige Stunde? In der Schreibwerkstatt schreibst du sechs
Wochen lang jede Woche einen Text, mit Übungen, Beispielen und einem
Arbeitsheft zum Ausdrucken.

## Was du bekommst

- sechs Module mit Video und Übungen
- ein Arbeitsheft pro Modul (PDF)
- Beiträge, die nur Teilnehmerinnen lesen

Du kaufst einmal und behältst den Zugang. Anmelden musst du dich nie mit
Passwort: Ein Link per E-Mail genügt.
"""

MODUL_1 = """\
Willkommen in Modul 1! Diese Woche geht es um eine einzige Frage: Wie klingst
du, wenn niemand zuschaut?

[mehr]

## Die Übung der Woche

Stell dir einen Wecker auf zehn Minuten und schreib über deinen letzten
Auftrag, ohne abzusetzen und ohne zu korrigieren. Lies den Text am nächsten
Morgen laut. Markiere die drei Sätze, die nach dir klingen.

## Warum das wirkt

Wer schreibt und gleichzeitig redigiert, bremst sich selbst. Erst schreiben,
dann streichen: So findest du die Sätze, die nur du so sagen würdest.

Das Arbeitsheft zu diesem Modul findest du in deinem Mitgliederbereich.
"""


def seed_members_pages() -> None:
    product = Product.objects.filter(slug="schreibwerkstatt").first()
    Page.objects.get_or_create(
        slug="schreibwerkstatt",
        defaults={
            "title": "Schreibwerkstatt",
            "body": SCHREIBWERKSTATT,
            "meta_description": "Sechs Wochen, sechs Texte: der Online-Kurs für "
            "deine eigene Stimme.",
        },
    )
    page, created = Page.objects.get_or_create(
        slug="schreibwerkstatt-modul-1",
        defaults={
            "title": "Schreibwerkstatt, Modul 1: Deine Stimme",
            "body": MODUL_1,
            "members_only": True,
            "meta_description": "Modul 1 der Schreibwerkstatt, für Teilnehmerinnen.",
        },
    )
    if created and product:
        page.member_products.add(product)
