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
