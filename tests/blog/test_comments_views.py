"""
A reader comments under a post: what they see, what is stored, and how
hostile or automated input is turned away.
"""

import re
from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from blog.models import BlockedTerm, Comment
from pages.models import Page
from tests.factories import make_page
from tests.newsletter.factories import IMMEDIATE_TASKS, SAME_ORIGIN

from .factories import comment_data, form_stamp, make_comment, make_post


def comment_url(post) -> str:
    return reverse("blog:comment_create", args=[post.slug])


@IMMEDIATE_TASKS
class CommentPostingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(title="Sichtbar werden", slug="sichtbar-werden")

    def send(self, **overrides):
        return self.client.post(
            comment_url(self.post),
            comment_data(self.post, **overrides),
            headers=SAME_ORIGIN,
        )

    def test_a_new_comment_waits_and_the_reader_is_told_so(self):
        response = self.send()
        self.assertRedirects(
            response,
            f"{self.post.get_absolute_url()}?kommentar=wartet#kommentieren",
            fetch_redirect_response=False,
        )
        page = self.client.get(response["Location"])
        self.assertContains(
            page, "Danke für deinen Kommentar! Er erscheint hier, sobald ich ihn"
        )
        self.assertNotContains(page, "Danke für die Anregung!")
        comment = Comment.objects.get()
        assert comment.status == Comment.Status.PENDING
        assert comment.name == "Anna Becker"
        assert comment.text == "Danke für die Anregung!\n\nIch probiere es gleich aus."

    def test_no_address_of_the_poster_is_stored(self):
        self.send()
        stored = Comment.objects.values().get()
        assert "127.0.0.1" not in repr(stored)
        assert not any("ip" in field.name for field in Comment._meta.fields)

    def test_no_cookie_is_set_before_or_after_posting(self):
        responses = [
            self.client.get(self.post.get_absolute_url()),
            self.send(),
            self.send(name=""),
            self.client.get(f"{self.post.get_absolute_url()}?kommentar=wartet"),
        ]
        for response in responses:
            assert not response.cookies, response
            assert "Set-Cookie" not in response.headers
        assert "csrfmiddlewaretoken" not in responses[0].content.decode()

    def test_the_form_comes_back_filled_in_with_a_german_message(self):
        response = self.send(name="", text="Mein langer Gedanke\nzweite Zeile")
        self.assertContains(response, "Bitte sag mir, wie du heißt.")
        self.assertContains(response, "Mein langer Gedanke\nzweite Zeile</textarea>")
        self.assertContains(response, 'value="anna@example.org"')
        assert not Comment.objects.exists()

    def test_an_empty_text_is_refused(self):
        response = self.send(text="   \n  ")
        self.assertContains(response, "Du hast noch nichts geschrieben.")

    def test_too_long_a_text_is_refused_and_kept(self):
        response = self.send(text="a" * 100_000)
        assert response.status_code == HTTPStatus.OK
        self.assertContains(
            response,
            "Dein Kommentar ist zu lang: höchstens 5.000 Zeichen, jetzt 100.000.",
        )
        self.assertContains(response, "a" * 100_000 + "</textarea>")
        assert not Comment.objects.exists()

    def test_too_long_a_name_is_refused(self):
        self.assertContains(
            self.send(name="N" * 101),
            "Der Name ist zu lang: höchstens 100 Zeichen, jetzt 101.",
        )

    def test_a_bad_address_is_refused(self):
        self.assertContains(
            self.send(email="anna(at)example"),
            "Bitte gib eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.",
        )

    def test_a_website_is_kept_as_a_full_address(self):
        self.send(website="www.anna-becker.de")
        assert Comment.objects.get().website == "https://www.anna-becker.de"

    def test_a_javascript_website_is_refused(self):
        for website in (
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
        ):
            with self.subTest(website):
                response = self.send(website=website)
                self.assertContains(response, "Bitte gib deine Website als Adresse ein")
        assert not Comment.objects.exists()

    def test_invisible_direction_marks_are_refused(self):
        response = self.send(name="Anna \u202egnp.exe")
        self.assertContains(response, "Der Name enthält unsichtbare Steuerzeichen.")
        response = self.send(text="Harmlos \u202e!sträwkcür")
        self.assertContains(response, "Dein Text enthält unsichtbare Steuerzeichen.")
        assert not Comment.objects.exists()

    def test_null_bytes_are_refused(self):
        response = self.send(text="Vorher\x00nachher")
        self.assertContains(response, "Dein Text enthält unsichtbare Steuerzeichen.")
        assert not Comment.objects.exists()

    def test_invalid_utf8_is_refused_without_an_error_page(self):
        body = (
            b"name=Anna&email=anna%40example.org&text=kaputt%FF%FEtext&homepage="
            b"&parent=&stamp=" + form_stamp(self.post).encode()
        )
        response = self.client.post(
            comment_url(self.post),
            body,
            content_type="application/x-www-form-urlencoded",
            headers=SAME_ORIGIN,
        )
        assert response.status_code == HTTPStatus.OK
        self.assertContains(response, "beim Senden kaputtgegangen")
        assert not Comment.objects.exists()

    def test_markup_in_name_and_text_is_shown_as_text(self):
        self.send(
            name="<b onmouseover=alert(1)>Anna</b>",
            text='<script>alert("x")</script>\n<a href="javascript:alert(1)">klick</a>',
            website="https://anna.example/",
        )
        Comment.objects.update(status=Comment.Status.APPROVED)
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        assert "&lt;b onmouseover=alert(1)&gt;Anna&lt;/b&gt;" in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "<script>alert" not in html
        assert 'href="javascript:' not in html
        assert (
            '<a class="comment__name" href="https://anna.example/" rel="nofollow ugc'
            in html
        )

    def test_a_filled_honeypot_looks_like_success_but_is_spam(self):
        response = self.send(homepage="https://spam.example")
        assert response["Location"].endswith("?kommentar=wartet#kommentieren")
        assert Comment.objects.get().status == Comment.Status.SPAM
        page = self.client.get(self.post.get_absolute_url())
        self.assertNotContains(page, "Danke für die Anregung!")
        self.assertNotContains(page, "1 Kommentar")

    @override_settings(COMMENTS_MIN_SECONDS=3)
    def test_a_form_sent_too_fast_is_refused_with_its_text_kept(self):
        response = self.send(stamp=form_stamp(self.post, seconds_ago=0.5))
        self.assertContains(response, "Das ging aber schnell! Bitte warte einen Moment")
        self.assertContains(response, "Ich probiere es gleich aus.</textarea>")
        assert not Comment.objects.exists()
        # The page came with a fresh stamp; sent a little later, it goes through.
        assert self.send(stamp=form_stamp(self.post, seconds_ago=4)).status_code == 302
        assert Comment.objects.count() == 1

    def test_a_form_older_than_a_day_is_refused_with_its_text_kept(self):
        response = self.send(stamp=form_stamp(self.post, seconds_ago=25 * 60 * 60))
        self.assertContains(response, "Diese Seite war sehr lange offen.")
        self.assertContains(response, "Ich probiere es gleich aus.</textarea>")
        assert not Comment.objects.exists()

    def test_a_forged_or_missing_stamp_is_refused(self):
        other = make_post()
        for stamp in ("", "123:456", form_stamp(other)):
            with self.subTest(stamp=stamp):
                self.assertContains(
                    self.send(stamp=stamp), "Diese Seite war sehr lange offen."
                )
        assert not Comment.objects.exists()

    @override_settings(COMMENTS_PER_IP=2)
    def test_more_comments_than_the_hourly_limit_are_refused(self):
        assert self.send(text="Erster").status_code == HTTPStatus.FOUND
        assert self.send(text="Zweiter").status_code == HTTPStatus.FOUND
        response = self.send(text="Dritter Gedanke")
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
        self.assertContains(
            response,
            "Von deinem Anschluss kamen in der letzten Stunde schon sehr viele",
            status_code=HTTPStatus.TOO_MANY_REQUESTS,
        )
        self.assertContains(
            response,
            "Dritter Gedanke</textarea>",
            status_code=HTTPStatus.TOO_MANY_REQUESTS,
        )
        assert Comment.objects.count() == 2
        # The limit is counted under a hash; the address is in no cache key.
        assert not any("127.0.0.1" in key for key in cache._cache)

    @override_settings(COMMENTS_MAX_LINKS=2)
    def test_too_many_links_are_refused(self):
        text = "https://a.example https://b.example www.c.example"
        response = self.send(text=text)
        self.assertContains(response, "Bitte setz höchstens 2 Links in einen Kommentar")
        self.assertContains(response, f"{text}</textarea>")
        assert not Comment.objects.exists()
        assert self.send(text="https://a.example und www.b.example").status_code == 302

    def test_a_blocked_word_makes_spam_that_looks_like_success(self):
        BlockedTerm.objects.create(term="Casino")
        response = self.send(text="Bestes ONLINECASINO hier")
        assert response["Location"].endswith("?kommentar=wartet#kommentieren")
        assert Comment.objects.get().status == Comment.Status.SPAM

    def test_a_blocked_domain_in_the_website_makes_spam(self):
        BlockedTerm.objects.create(term="pillen.example")
        self.send(website="https://billig-pillen.example/shop")
        assert Comment.objects.get().status == Comment.Status.SPAM

    def test_sending_twice_makes_one_comment(self):
        data = comment_data(self.post)
        first = self.client.post(comment_url(self.post), data, headers=SAME_ORIGIN)
        second = self.client.post(comment_url(self.post), data, headers=SAME_ORIGIN)
        assert first["Location"] == second["Location"]
        assert Comment.objects.count() == 1

    def test_a_post_from_another_site_is_refused_and_the_text_offered_back(self):
        response = self.client.post(
            comment_url(self.post),
            comment_data(self.post, text="Mein wertvoller Text"),
            headers={"Origin": "https://boese.example"},
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
        self.assertContains(
            response,
            "Mein wertvoller Text</textarea>",
            status_code=HTTPStatus.FORBIDDEN,
        )
        assert not Comment.objects.exists()

    def test_the_privacy_line_links_the_privacy_page_by_its_role(self):
        make_page(slug="datenschutz-2025", title="Datenschutz", role=Page.Role.PRIVACY)
        response = self.client.get(self.post.get_absolute_url())
        self.assertContains(response, "deine IP-Adresse nicht")
        self.assertContains(
            response,
            '<a href="/datenschutz-2025/">Mehr dazu in den Datenschutzhinweisen</a>',
            html=True,
        )

    @override_settings(COMMENTS_AUTO_APPROVE_KNOWN=True)
    def test_a_known_commenter_is_approved_at_once_when_the_setting_says_so(self):
        make_comment(self.post, email="Anna@Example.org", text="Früher schon mal.")
        response = self.send()
        assert response["Location"].endswith("?kommentar=online#kommentieren")
        self.assertContains(
            self.client.get(self.post.get_absolute_url()), "Danke für die Anregung!"
        )

    def test_a_known_commenter_waits_without_the_setting(self):
        make_comment(self.post, email="anna@example.org", text="Früher schon mal.")
        self.send()
        assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 1


@IMMEDIATE_TASKS
class ReplyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(slug="antworten-erwuenscht")
        cls.first = make_comment(cls.post, name="Miriam", text="Was für ein Gedanke.")
        cls.reply = make_comment(
            cls.post, parent=cls.first, name="Lena", text="Danke dir!", is_author=True
        )

    def test_the_reply_link_opens_the_form_for_a_reply_without_javascript(self):
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        link = f"{self.post.get_absolute_url()}?antworten={self.first.pk}#kommentieren"
        assert f'href="{link}"' in html
        response = self.client.get(link.split("#")[0])
        self.assertContains(response, "Deine Antwort an <bdi>Miriam</bdi>")
        self.assertContains(response, f'name="parent" value="{self.first.pk}"')
        self.assertContains(response, "Antwort abschicken")

    def test_a_reply_is_stored_under_its_comment(self):
        self.client.post(
            comment_url(self.post),
            comment_data(self.post, parent=str(self.first.pk), text="Ich auch!"),
            headers=SAME_ORIGIN,
        )
        assert Comment.objects.get(text="Ich auch!").parent == self.first

    def test_a_reply_to_a_reply_joins_the_same_thread(self):
        self.client.post(
            comment_url(self.post),
            comment_data(self.post, parent=str(self.reply.pk), text="Und weiter."),
            headers=SAME_ORIGIN,
        )
        assert Comment.objects.get(text="Und weiter.").parent == self.first

    def test_a_reply_to_a_comment_not_shown_is_refused_with_the_text_kept(self):
        hidden = make_comment(self.post, status=Comment.Status.PENDING)
        elsewhere = make_comment(make_post())
        for parent in (hidden, elsewhere):
            with self.subTest(parent=parent.status):
                response = self.client.post(
                    comment_url(self.post),
                    comment_data(self.post, parent=str(parent.pk), text="Hallo?"),
                    headers=SAME_ORIGIN,
                )
                self.assertContains(response, "gibt es hier nicht mehr")
                self.assertContains(response, "Hallo?</textarea>")
        assert not Comment.objects.filter(text="Hallo?").exists()

    def test_replies_sit_under_their_comment_and_the_authors_is_marked(self):
        later = make_comment(self.post, name="Jonas", text="Später dazu.")
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        first = html.index(f'id="{self.first.anchor}"')
        replies = html.index('class="comment-list comment-list--replies"', first)
        reply = html.index(f'id="{self.reply.anchor}"')
        assert first < replies < reply < html.index(f'id="{later.anchor}"')
        reply_html = html[reply : html.index("</article>", reply)]
        assert "comment--author" in html[reply - 40 : reply]
        assert '<span class="comment__badge">Autorin</span>' in reply_html
        assert "Autorin" not in html[first:replies].split("comment__text")[0]


class CommentListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.post = make_post(slug="gut-besprochen", title="Gut besprochen")
        berlin = ZoneInfo("Europe/Berlin")
        cls.old = make_comment(
            cls.post,
            name="Ältere",
            text="Zuerst da.",
            email="geheim@example.org",
            website="https://aeltere.example",
            created_at=datetime(2024, 3, 5, 14, 30, tzinfo=berlin),
        )
        cls.new = make_comment(cls.post, name="Neuere", text="Danach.")
        cls.reply = make_comment(cls.post, parent=cls.old, text="Eine Antwort.")
        cls.pending = make_comment(
            cls.post, text="Wartet noch.", status=Comment.Status.PENDING
        )
        cls.spam = make_comment(
            cls.post, text="Kauf Pillen.", status=Comment.Status.SPAM
        )
        cls.orphan = make_comment(
            cls.post, parent=cls.pending, text="Antwort unter Wartendem."
        )

    def test_approved_comments_show_oldest_first_with_german_dates(self):
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        assert html.index("Zuerst da.") < html.index("Danach.")
        assert "5. März 2024 um 14:30 Uhr" in html
        assert 'datetime="2024-03-05T14:30:00+0100"' in html

    def test_the_name_links_the_website_for_search_engines_to_ignore(self):
        self.assertContains(
            self.client.get(self.post.get_absolute_url()),
            '<a class="comment__name" href="https://aeltere.example" '
            'rel="nofollow ugc noopener" itemprop="url"><bdi itemprop="name">Ältere'
            "</bdi></a>",
            html=True,
        )

    def test_the_address_never_appears(self):
        self.assertNotContains(
            self.client.get(self.post.get_absolute_url()), "geheim@example.org"
        )

    def test_pending_spam_and_their_replies_never_show_or_count(self):
        pages = [
            self.client.get(self.post.get_absolute_url()),
            self.client.get(reverse("blog:post_list")),
            self.client.get(reverse("blog:feed")),
            self.client.get(reverse("blog:atom_feed")),
            self.client.get("/"),
        ]
        for response in pages:
            for text in ("Wartet noch.", "Kauf Pillen.", "Antwort unter Wartendem."):
                self.assertNotContains(response, text)
        self.assertContains(pages[0], "3 Kommentare", count=2)
        self.assertNotContains(pages[0], "4 Kommentare")

    def test_a_deleted_comment_is_gone_at_once(self):
        self.client.get(self.post.get_absolute_url())
        self.new.delete()
        response = self.client.get(self.post.get_absolute_url())
        self.assertNotContains(response, "Danach.")
        self.assertContains(response, "2 Kommentare")

    def test_the_post_header_links_the_count_to_the_comments(self):
        self.assertContains(
            self.client.get(self.post.get_absolute_url()),
            '<a href="#kommentare">3 Kommentare</a>',
            html=True,
        )

    def test_list_entries_show_the_count(self):
        quiet = make_post(title="Ganz still")
        one = make_post(title="Einmal")
        make_comment(one)
        html = self.client.get(reverse("blog:post_list")).content.decode()
        assert f'<a href="{self.post.get_absolute_url()}#kommentare">' in html
        assert "3 Kommentare" in html
        assert "1 Kommentar<" in html
        card = html[
            html.index(quiet.title) : html.index("Weiterlesen", html.index(quiet.title))
        ]
        assert "Kommentar" not in card

    def test_closed_comments_stay_visible_under_a_note(self):
        self.post.comments_enabled = False
        self.post.save()
        response = self.client.get(self.post.get_absolute_url())
        self.assertContains(response, "Zuerst da.")
        self.assertContains(
            response, "Die Kommentare zu diesem Beitrag sind geschlossen."
        )
        self.assertNotContains(response, 'id="kommentieren"')
        self.assertNotContains(response, "?antworten=")
        response = self.client.post(
            comment_url(self.post),
            comment_data(self.post, text="Zu spät gekommen."),
            headers=SAME_ORIGIN,
        )
        self.assertContains(
            response,
            "Inzwischen sind die Kommentare hier geschlossen, deiner wurde nicht",
            status_code=HTTPStatus.FORBIDDEN,
        )
        self.assertContains(
            response, "Zu spät gekommen.</textarea>", status_code=HTTPStatus.FORBIDDEN
        )
        assert not Comment.objects.filter(name="Anna Becker").exists()

    @override_settings(COMMENTS_CLOSE_AFTER_DAYS=30)
    def test_comments_close_by_themselves_after_the_set_days(self):
        fresh = make_post(published_at=timezone.now() - timedelta(days=29))
        old = make_post(published_at=timezone.now() - timedelta(days=31))
        self.assertContains(
            self.client.get(fresh.get_absolute_url()), 'id="kommentieren"'
        )
        self.assertContains(
            self.client.get(old.get_absolute_url()),
            "Die Kommentare zu diesem Beitrag sind geschlossen.",
        )

    def test_a_draft_takes_no_comments(self):
        draft = make_post(status="draft")
        response = self.client.post(
            comment_url(draft), comment_data(draft), headers=SAME_ORIGIN
        )
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_the_structured_data_marks_each_comment(self):
        html = self.client.get(self.post.get_absolute_url()).content.decode()
        assert len(re.findall(r'itemtype="https://schema.org/Comment"', html)) == 3
