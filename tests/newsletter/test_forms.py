import string

import pytest
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from hypothesis import assume, given
from hypothesis import strategies as st

from newsletter.forms import (
    SubscribeForm,
    normalise_email,
    normalise_first_name,
    safe_source,
)

from .factories import signup_data


def rejection(value: str, normalise=normalise_email) -> str:
    with pytest.raises(ValidationError) as caught:
        normalise(value)
    return " ".join(caught.value.messages)


class NormaliseEmailTests(SimpleTestCase):
    def test_trims_spaces_and_lower_cases_only_the_domain(self):
        assert normalise_email("  Anna.Berg@Example.ORG ") == "Anna.Berg@example.org"

    def test_punycode_and_unicode_domains_are_the_same_address(self):
        assert normalise_email("anna@xn--mller-kva.de") == "anna@müller.de"
        assert normalise_email("anna@MÜLLER.de") == "anna@müller.de"

    def test_composed_and_decomposed_umlauts_are_the_same_address(self):
        decomposed = "anna@mu\u0308ller.de"
        assert decomposed != "anna@müller.de"
        assert normalise_email(decomposed) == normalise_email("anna@müller.de")

    def test_line_breaks_are_refused_not_stripped(self):
        message = rejection("anna@example.org\r\nBcc: opfer@example.org")
        assert "Zeilenumbrüche" in message
        assert "Zeilenumbrüche" in rejection("anna@example.org\n")

    def test_null_bytes_are_refused(self):
        assert "Steuerzeichen" in rejection("anna\x00@example.org")

    def test_overlong_input_is_refused_before_anything_else(self):
        assert "zu lang" in rejection("a" * 10_000 + "@example.org")
        assert "zu lang" in rejection("a" * 64 + "@" + "b" * 190 + ".de")

    def test_invalid_addresses_get_a_clear_message(self):
        for value in [
            "keine-adresse",
            "anna@",
            "@example.org",
            "anna@localhost",
            "anna@[192.0.2.1]",
            '"anna berg"@example.org',
            "anna@exa mple.org",
            "anna@-example.org",
        ]:
            with self.subTest(value=value):
                assert rejection(value) == (
                    "Bitte gib eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de."
                )

    @given(st.emails())
    def test_normalising_twice_changes_nothing(self, address):
        try:
            once = normalise_email(address)
        except ValidationError:
            assume(False)
        assert normalise_email(once) == once

    @given(st.emails())
    def test_domain_case_never_makes_a_different_address(self, address):
        local, domain = address.rsplit("@", 1)
        try:
            lower = normalise_email(f"{local}@{domain.lower()}")
        except ValidationError:
            assume(False)
        assert normalise_email(f"{local}@{domain.upper()}") == lower


class NormaliseFirstNameTests(SimpleTestCase):
    def test_collapses_spaces_and_keeps_umlauts(self):
        assert normalise_first_name("  Anna   Lena ") == "Anna Lena"
        assert normalise_first_name("Jürgen-Øle") == "Jürgen-Øle"

    def test_html_and_links_are_refused(self):
        for value in [
            "<b>Anna</b>",
            "Anna <script>",
            "www.spam.example",
            "https://x.y",
        ]:
            with self.subTest(value=value):
                message = rejection(value, normalise_first_name)
                assert "ohne Links" in message

    def test_overlong_and_control_characters_are_refused(self):
        assert "zu lang" in rejection("A" * 10_000, normalise_first_name)
        assert "Zeilenumbrüche" in rejection("Anna\r\nBcc: x", normalise_first_name)
        assert "Steuerzeichen" in rejection("An\u200bna", normalise_first_name)

    @given(st.text(alphabet=string.ascii_letters + " äöüß-", max_size=100))
    def test_plain_names_pass_unchanged_apart_from_spaces(self, name):
        assert normalise_first_name(name) == " ".join(name.split())


class SafeSourceTests(SimpleTestCase):
    def test_keeps_a_path_on_this_site(self):
        assert safe_source("/blog/mein-beitrag/") == "/blog/mein-beitrag/"

    def test_replaces_anything_else_with_the_signup_page(self):
        for value in [
            "",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "javascript:alert(1)",
            "/a\nb",
            "/" + "x" * 300,
        ]:
            with self.subTest(value=value):
                assert safe_source(value) == "/newsletter/"


class SubscribeFormTests(TestCase):
    def test_valid_data_is_normalised(self):
        form = SubscribeForm(
            signup_data(email=" Anna@EXAMPLE.org", first_name=" Anna ")
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["email"] == "Anna@example.org"
        assert form.cleaned_data["first_name"] == "Anna"
        assert form.cleaned_data["consent"].version == 1

    def test_unknown_consent_version_is_refused(self):
        form = SubscribeForm(signup_data(consent="999"))
        assert not form.is_valid()
        assert "nicht mehr aktuell" in form.errors["consent"][0]

    def test_missing_email_asks_for_it(self):
        form = SubscribeForm(signup_data(email=""))
        assert form.errors["email"] == ["Bitte gib deine E-Mail-Adresse ein."]

    def test_filled_honeypot_marks_a_bot(self):
        assert SubscribeForm(signup_data(website="http://spam.example")).is_bot
        assert not SubscribeForm(signup_data()).is_bot


class SharpSDomainTests(SimpleTestCase):
    """straße.de and strasse.de are different domains (IDNA 2008)."""

    def test_sharp_s_stays_in_the_domain(self):
        from newsletter.forms import normalise_email

        assert normalise_email("anna@straße.de") == "anna@straße.de"
        assert normalise_email("anna@xn--strae-oqa.de") == "anna@straße.de"
        assert normalise_email("anna@strasse.de") == "anna@strasse.de"

    def test_mail_goes_to_the_ascii_form_of_the_same_domain(self):
        from newsletter.forms import ascii_address

        assert ascii_address("anna@straße.de") == "anna@xn--strae-oqa.de"
