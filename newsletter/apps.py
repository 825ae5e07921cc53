# The module, not the class: Django takes an apps module's only AppConfig.
from pusteblume_site import apps as site
from pusteblume_site import search


class NewsletterConfig(site.SiteAppConfig):
    name = "newsletter"
    verbose_name = "Newsletter"
    # Subscribers, deliveries and consent texts are not content: a new
    # consent wording renews the cached pages where it is published
    # (services.publish_consent_text).
    content_models = ("newsletter.Issue", "newsletter.NewsletterBox")
    demo = "newsletter.demo.seed"

    def search_sources(self) -> list[search.SearchSource]:
        from .models import Issue

        return [
            search.SearchSource(
                kind="Newsletter",
                queryset=lambda: Issue.objects.archived().only(
                    "subject", "slug", "sent_at", "search_text"
                ),
                date_field="sent_at",
                title_field="subject",
            )
        ]

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

    def overview(self, request) -> list[dict]:
        from . import overview

        return [overview.panel(request)]
