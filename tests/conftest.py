import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache, so no page leaks into the next."""
    cache.clear()
    yield
    cache.clear()
