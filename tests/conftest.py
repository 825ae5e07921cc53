import pytest
from django.core.cache import cache
from django.test import override_settings


@pytest.fixture(autouse=True, scope="session")
def _temporary_media_root(tmp_path_factory):
    """Uploads, downloads and generated images of the tests land in temporary
    folders."""
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("private"),
    ):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, so no page leaks into the next."""
    cache.clear()
    yield
    cache.clear()
