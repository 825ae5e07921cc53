# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site


class MembersConfig(site.SiteAppConfig):
    name = "members"
    verbose_name = "Mitglieder"
    # Products and downloads show in the box under protected texts.
    content_models = ("members.Product",)
    demo = "members.demo.seed"

    def ready(self):
        from pusteblume_site import access

        from .access import may_read

        access.register(may_read)

    def personal_data(self, email: str) -> list[str]:
        from . import services

        return services.personal_data(email)

    def erase_personal_data(self, email: str, *, anonymise: bool) -> None:
        from . import services

        services.erase_personal_data(email)
