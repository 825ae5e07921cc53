"""Demo newsletter content: subscribers and one sent issue, our own writing."""

from datetime import timedelta

from django.utils import timezone

from .models import ConsentText, Issue, NewsletterBox, Subscriber

ISSUE_BODY = """\
heute geht es um die Frage, die mir am häufigsten gestellt wird: **Wie komme
ich an Aufträge, ohne ständig Klinken zu putzen?**

Meine ehrliche Antwort: Indem du sichtbar machst, was du ohnehin schon
gut kannst. Drei Dinge helfen dir dabei sofort.

## 1. Erzähl eine Geschichte statt einer Leistungsliste

Niemand bucht „Beratung, Konzeption, Umsetzung“. Menschen buchen die
Expertin, die einer Bäckerei aus Kiel zu doppelt so vielen Vorbestellungen
verholfen hat. Nimm dir dein liebstes Projekt vor und schreib auf: Wie war es
vorher, was hast du getan, wie ist es jetzt?

## 2. Sag einmal im Monat laut, woran du arbeitest

Ein kurzer Beitrag, eine Mail an frühere Kundinnen, ein Foto vom Workshop.
Wer regelmäßig von dir hört, denkt an dich, wenn der Bedarf da ist.

## 3. Mach es leicht, dich weiterzuempfehlen

Ein Satz, der erklärt, für wen du da bist, und ein Link, unter dem man alles
findet. Mehr braucht eine Empfehlung nicht.

> Sichtbarkeit ist kein Talent. Sie ist eine Gewohnheit.

Probier diese Woche eins davon aus und schreib mir, wie es lief. Ich lese
jede Antwort.
"""

SUBSCRIBERS = [
    ("anna@example.org", "Anna", Subscriber.Status.CONFIRMED),
    ("ben@example.org", "", Subscriber.Status.CONFIRMED),
    ("carla@example.org", "Carla", Subscriber.Status.PENDING),
    ("dora@example.org", "Dora", Subscriber.Status.UNSUBSCRIBED),
]


DEMO_BOX = {
    "headline": "Du willst ausgebucht sein, ohne Klinken zu putzen?",
    "text": "Hol dir meine besten Selbstmarketing-Tipps direkt in dein Postfach.",
    "reassurance": "Kostenlos, unverbindlich und garantiert ohne Spam.",
    "button_label": "Das will ich haben!",
}


def seed_box() -> bool:
    """Give a box that still has its neutral texts the demo texts."""
    box = NewsletterBox.load()
    if box.headline != NewsletterBox._meta.get_field("headline").default:
        return False
    for field, value in DEMO_BOX.items():
        setattr(box, field, value)
    box.save()
    return True


def seed(*, stdout, **options) -> None:
    seed_box()
    now = timezone.now()
    consent = ConsentText.objects.current()
    created = 0
    for index, (email, first_name, status) in enumerate(SUBSCRIBERS):
        signed_up = now - timedelta(days=60 - index)
        confirmed = status != Subscriber.Status.PENDING
        _, was_created = Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "status": status,
                "consent_text": consent,
                "source": "/blog/",
                "subscribed_at": signed_up,
                "confirmation_sent_at": signed_up,
                "confirmed_at": signed_up + timedelta(minutes=7) if confirmed else None,
                "unsubscribed_at": (
                    now - timedelta(days=3)
                    if status == Subscriber.Status.UNSUBSCRIBED
                    else None
                ),
            },
        )
        created += was_created
    _, issue_created = Issue.objects.get_or_create(
        slug="ausgebucht-ohne-akquise",
        defaults={
            "subject": "Ausgebucht ohne Akquise: drei Dinge, die sofort helfen",
            "preheader": "Warum Geschichten mehr verkaufen als Leistungslisten.",
            "body": ISSUE_BODY,
            "include_latest_posts": True,
            "is_public": True,
            "status": Issue.Status.SENT,
            "recipients_frozen_at": now - timedelta(days=14),
            "sending_started_at": now - timedelta(days=14),
            "sent_at": now - timedelta(days=14),
        },
    )
    stdout.write(
        f"Newsletter: {created} Demo-Abonnent*innen und "
        f"{int(issue_created)} Ausgabe im Archiv angelegt."
    )
