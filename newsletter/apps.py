# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site


class NewsletterConfig(site.SiteAppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"
    # The consent wording stands under every signup box; subscribers and
    # deliveries never show on reader pages.
    content_models = (
        "newsletter.Issue",
        "newsletter.NewsletterBox",
        "newsletter.ConsentText",
    )
    demo = "newsletter.demo.seed"

    def personal_data(self, email: str) -> list[str]:
        from . import services

        subscriber = services.find_subscriber(email=email)
        if subscriber is None:
            return []
        return [
            f"Abonnent*in ({subscriber.get_status_display()}) seit "
            f"{subscriber.subscribed_at:%d.%m.%Y}, "
            f"{subscriber.deliveries.count()} Zustellung(en)"
        ]

    def erase_personal_data(self, email: str, *, anonymise: bool) -> None:
        from . import services

        subscriber = services.find_subscriber(email=email)
        if subscriber is not None:
            services.erase(subscriber=subscriber)
