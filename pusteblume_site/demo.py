"""The demo persona: the site settings of a made-up consultant."""

from .models import SiteSettings

OWNER_FIRST_NAME = "Lena"
OWNER_LAST_NAME = "Sommer"

DEMO_SITE_SETTINGS = {
    "site_name": "Pusteblume",
    "owner_name": f"{OWNER_FIRST_NAME} {OWNER_LAST_NAME}",
    "tagline": "Ausgebucht ohne Akquise",
    "footer_text": "Beratung, Bücher und Bühne für Menschen, die sichtbar werden "
    "wollen.",
    "linkedin_url": "https://www.linkedin.com/in/beispiel",
    "instagram_url": "https://www.instagram.com/beispiel",
    "pinterest_url": "https://www.pinterest.de/beispiel",
}


def seed(*, stdout) -> None:
    """Give a site that still has its neutral texts the demo persona."""
    settings = SiteSettings.load()
    if settings.site_name != SiteSettings._meta.get_field("site_name").default:
        stdout.write("Einstellungen: schon angepasst, bleiben, wie sie sind.")
        return
    for field, value in DEMO_SITE_SETTINGS.items():
        setattr(settings, field, value)
    settings.save()
    stdout.write("Einstellungen: Demo-Persona eingetragen.")
