from django.conf import settings
from django.core import checks


def shared_cache_in_production(app_configs, **kwargs) -> list[checks.CheckMessage]:
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith("LocMemCache"):
        return []
    return [
        checks.Warning(
            "The page cache lives in each process's memory.",
            hint="Set REDIS_URL when more than one app process serves the site, "
            "or an edit made through one process stays invisible in the others.",
            id="pusteblume.W001",
        )
    ]


def register() -> None:
    checks.register(checks.Tags.caches, deploy=True)(shared_cache_in_production)
