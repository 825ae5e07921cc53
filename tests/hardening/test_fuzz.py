"""
Hypothesis throws odd input at every URL pattern and every public form:
NUL bytes, invalid UTF-8, huge fields, broken bodies. Whatever it finds,
the answer is a page, never a 500.
"""

from http import HTTPStatus
from urllib.parse import quote

from django.test import override_settings
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from newsletter.models import ConsentText
from tests.blog.factories import form_stamp, make_post

from .urls import patterns

EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SAME_ORIGIN = {"Origin": "http://testserver"}

# Text as a browser or a script might send it: NUL and control characters,
# every plane, and now and then a great deal of it.
hostile_text = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from("\x00\r\n\t<>\"'%&;\\\u202e\ufeff")),
    st.builds(lambda c, n: c * n, st.characters(), st.integers(1000, 200_000)),
)
raw_bytes = st.binary(max_size=5000)


def route_addresses():
    """Addresses that match a route's shape, with generated arguments."""
    routes = [
        chain
        for chain, _ in patterns()
        if all(isinstance(p, RoutePattern) for p in chain)
    ]

    def fill(chain):
        parts = []
        for pattern in chain:
            route = str(pattern._route)
            converters = pattern.converters
            if not converters:
                parts.append(st.just(route))
                continue
            pieces = [st.just(route)]
            for name, converter in converters.items():
                pieces.append(
                    st.tuples(
                        st.just(name),
                        st.from_regex(converter.regex, fullmatch=True).map(
                            lambda v: quote(v, safe="")
                        ),
                    )
                )
            parts.append(st.tuples(*pieces).map(_substitute))
        return st.tuples(*parts).map(lambda ps: "/" + "".join(ps))

    return st.sampled_from(routes).flatmap(fill)


def _substitute(pieces) -> str:
    route, *values = pieces
    for name, value in values:
        start = route.index("<")
        end = route.index(">", start)
        assert route[start + 1 : end].split(":")[-1] == name
        route = route[:start] + value + route[end + 1 :]
    return route


# With the IPN unconfigured its endpoint answers 503 on purpose.
@override_settings(DIGISTORE24_IPN_PASSPHRASE="geheim")
class UrlFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_post(title="Ein Beitrag", slug="ein-beitrag")

    @EXAMPLES
    @given(
        address=route_addresses(),
        method=st.sampled_from(["GET", "POST", "HEAD", "PUT", "OPTIONS"]),
        query=st.dictionaries(hostile_text, hostile_text, max_size=3),
        body=raw_bytes,
    )
    def test_any_route_with_any_arguments(self, address, method, query, body):
        self.client.raise_request_exception = False
        response = self.client.generic(
            method,
            address,
            body,
            content_type="application/x-www-form-urlencoded",
            QUERY_STRING="&".join(
                f"{quote(k.encode('utf-8', 'surrogatepass'))}="
                f"{quote(v.encode('utf-8', 'surrogatepass'))}"
                for k, v in query.items()
            ),
            headers=SAME_ORIGIN,
        )
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, address

    @EXAMPLES
    @given(path=raw_bytes)
    def test_any_bytes_as_a_path(self, path):
        self.client.raise_request_exception = False
        address = "/" + quote(path, safe="/")
        response = self.client.get(address)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, address


class FormFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(title="Ein Beitrag", slug="ein-beitrag")

    def send(self, address, data):
        self.client.raise_request_exception = False
        response = self.client.post(address, data, headers=SAME_ORIGIN)
        assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, data
        return response

    @EXAMPLES
    @given(
        email=hostile_text,
        first_name=hostile_text,
        website=hostile_text,
        consent=hostile_text,
        source=hostile_text,
    )
    def test_newsletter_signup(self, **fields):
        self.send("/newsletter/", fields)

    @EXAMPLES
    @given(
        name=hostile_text,
        email=hostile_text,
        text=hostile_text,
        parent=hostile_text,
        homepage=hostile_text,
        stamp=st.one_of(hostile_text, st.just("")),
    )
    def test_comment_form(self, stamp, **fields):
        fields["stamp"] = stamp or form_stamp(self.post)
        self.send(f"/blog/{self.post.slug}/kommentieren/", fields)

    @EXAMPLES
    @given(
        token=hostile_text.filter(lambda t: "/" not in t and t), method=st.booleans()
    )
    def test_confirmation_and_unsubscribe_tokens(self, token, method):
        self.client.raise_request_exception = False
        quoted = quote(token.encode("utf-8", "surrogatepass"), safe="")
        for address in [
            f"/newsletter/bestaetigen/{quoted}/",
            f"/newsletter/abmelden/{quoted}/",
            f"/blog/kommentare/benachrichtigung/bestaetigen/{quoted}/",
            f"/blog/kommentare/benachrichtigung/abbestellen/{quoted}/",
        ]:
            response = (
                self.client.post(address, {"List-Unsubscribe": "One-Click"})
                if method
                else self.client.get(address)
            )
            assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, address

    @EXAMPLES
    @given(body=raw_bytes, boundary=st.text(max_size=80))
    def test_broken_multipart_bodies(self, body, boundary):
        self.client.raise_request_exception = False
        for address in ["/newsletter/", f"/blog/{self.post.slug}/kommentieren/"]:
            response = self.client.generic(
                "POST",
                address,
                body,
                content_type=f"multipart/form-data; boundary={boundary}",
                headers=SAME_ORIGIN,
            )
            assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR

    def test_a_real_signup_still_goes_through(self):
        response = self.send(
            "/newsletter/",
            {
                "email": "anna@example.org",
                "first_name": "Anna",
                "consent": str(ConsentText.objects.current().version),
            },
        )
        assert response.status_code == HTTPStatus.FOUND
