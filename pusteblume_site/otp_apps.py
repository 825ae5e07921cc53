"""django-otp's two devices under German headings in the admin."""

from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefault
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefault


class StaticConfig(StaticDefault):
    verbose_name = "Zweiter Faktor: Wiederherstellungscodes"


class TOTPConfig(TOTPDefault):
    verbose_name = "Zweiter Faktor: Authenticator-Apps"
