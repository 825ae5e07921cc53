"""
A person's data across every app, found and erased by email address
(GDPR Art. 15 and 17). Each app answers for itself through its AppConfig's
personal_data() and erase_personal_data(); this module only asks them all.
"""

from dataclasses import dataclass

from django.db import transaction

from .apps import site_apps


@dataclass(frozen=True)
class Findings:
    app: str
    lines: list[str]


def find(*, email: str) -> list[Findings]:
    """What each app stores about the address; apps with nothing are left out."""
    found = []
    for app in site_apps():
        lines = app.personal_data(email)
        if lines:
            found.append(Findings(app=str(app.verbose_name), lines=lines))
    return found


def erase(*, email: str, anonymise: bool) -> None:
    """
    Erase the address everywhere, in one transaction. With anonymise=True
    apps keep published texts (comments) without a name or address.
    """
    with transaction.atomic():
        for app in site_apps():
            app.erase_personal_data(email, anonymise=anonymise)
