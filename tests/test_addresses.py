"""Addresses worked out once per process are still the URLconf's own."""

from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse, set_script_prefix

from pusteblume_site.addresses import address

urlpatterns = [path("finden/", lambda request: HttpResponse(), name="search")]


def test_an_address_is_what_reverse_gives():
    assert address("blog:post_detail", "mein-beitrag") == reverse(
        "blog:post_detail", args=["mein-beitrag"]
    )
    assert address("search") == "/suche/"


def test_another_urlconf_gives_its_own_address():
    assert address("search") == "/suche/"
    with override_settings(ROOT_URLCONF=__name__):
        assert address("search") == "/finden/"
    assert address("search") == "/suche/"


def test_a_site_below_a_path_prefix_gets_prefixed_addresses():
    set_script_prefix("/website/")
    try:
        assert address("search") == "/website/suche/"
    finally:
        set_script_prefix("/")
    assert address("search") == "/suche/"
