import pytest
from django.test import override_settings


@pytest.fixture(autouse=True, scope="session")
def _blog_media_root(tmp_path_factory):
    """Uploads and renditions made by blog tests go to a throwaway folder."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("blog-media")):
        yield
