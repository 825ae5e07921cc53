from datetime import timedelta
from unittest import mock

from django.contrib.contenttypes.models import ContentType
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from blog.models import OldSlug, Post, PostViewCount, Tag
from blog.templatetags.blog_tags import most_read_posts
from blog.text import plain_text
from pusteblume_site.slugs import german_slugify

from .factories import make_category, make_post


class GermanSlugifyTests(SimpleTestCase):
    def test_umlauts_and_sharp_s_are_spelled_out(self):
        assert german_slugify("Grüße an Straße") == "gruesse-an-strasse"
        assert german_slugify("Ärger über Öl") == "aerger-ueber-oel"

    def test_other_accents_lose_their_marks(self):
        assert german_slugify("Café crème à la Zoë") == "cafe-creme-a-la-zoe"

    def test_decomposed_umlauts_are_spelled_out_too(self):
        assert german_slugify("Gru\u0308ße") == "gruesse"

    @given(st.text())
    def test_result_is_always_a_plain_ascii_slug(self, text):
        slug = german_slugify(text)
        assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-_" for c in slug)


class PostSlugTests(TestCase):
    def test_empty_slug_is_made_from_the_title(self):
        post = make_post(title="Grüße an Straße", slug="")
        assert post.slug == "gruesse-an-strasse"

    def test_a_taken_slug_gets_a_number(self):
        make_post(title="Gleicher Titel", slug="")
        second = make_post(title="Gleicher Titel", slug="")
        assert second.slug == "gleicher-titel-2"

    def test_an_explicit_slug_is_kept(self):
        post = make_post(title="Titel", slug="eigener-kurzname")
        assert post.slug == "eigener-kurzname"

    def test_a_title_without_letters_gets_a_fallback_slug(self):
        post = make_post(title="!!!", slug="")
        assert post.slug == "beitrag"

    def test_a_new_post_does_not_take_the_old_slug_of_another(self):
        post = make_post(title="Alt", slug="")
        post.slug = "neu"
        post.save()
        newcomer = make_post(title="Alt", slug="")
        assert newcomer.slug == "alt-2"

    def test_category_slug_is_made_from_the_name(self):
        assert make_category(name="Öffentlichkeit", slug="").slug == "oeffentlichkeit"


class TagTests(TestCase):
    def test_tag_slug_spells_umlauts_out(self):
        post = make_post(tags=["Übung macht Spaß"])
        assert post.tags.get().slug == "uebung-macht-spass"

    def test_tags_match_whatever_the_case_even_with_umlauts(self):
        first = make_post(tags=["Ärger"])
        second = make_post(tags=["ärger", "BLOG"])
        third = make_post(tags=["ÄRGER", "blog"])
        assert Tag.objects.filter(slug="aerger").count() == 1
        assert Tag.objects.count() == 2
        assert list(first.tags.names()) == ["Ärger"]
        assert set(second.tags.names()) == set(third.tags.names()) == {"Ärger", "BLOG"}

    def test_different_names_with_the_same_slug_stay_different_tags(self):
        make_post(tags=["C++", "C#"])
        assert sorted(Tag.objects.values_list("slug", flat=True)) == ["c", "c-1"]

    def test_setting_the_same_tags_again_changes_nothing(self):
        post = make_post(tags=["Blog", "Texten"])
        post.tags.set(["blog", "texten"])
        assert set(post.tags.names()) == {"Blog", "Texten"}


class PostQuerySetTests(TestCase):
    def test_published_edges(self):
        now = timezone.now()
        past = make_post(published_at=now - timedelta(seconds=1))
        exactly_now = make_post(published_at=now)
        make_post(published_at=now + timedelta(seconds=1))
        make_post(published_at=now - timedelta(days=1), status=Post.Status.DRAFT)
        with mock.patch("django.utils.timezone.now", return_value=now):
            live = set(Post.objects.published())
        assert live == {past, exactly_now}

    def test_a_scheduled_post_appears_once_its_time_has_come(self):
        now = timezone.now()
        post = make_post(published_at=now + timedelta(hours=1))
        assert post not in Post.objects.published()
        assert not post.is_live
        later = now + timedelta(hours=1, seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert post in Post.objects.published()
            assert post.is_live

    def test_related_posts_prefer_shared_tags_then_category(self):
        category = make_category()
        post = make_post(category=category, tags=["A", "B"])
        two_tags = make_post(tags=["a", "b"])
        one_tag = make_post(tags=["B"])
        same_category = make_post(category=category)
        make_post()  # nothing in common
        make_post(tags=["A", "B"], status=Post.Status.DRAFT)
        make_post(tags=["A", "B"], published_at=timezone.now() + timedelta(days=1))
        related = post.related_posts()
        assert related == [two_tags, one_tag, same_category]

    def test_related_posts_are_at_most_three(self):
        category = make_category()
        post = make_post(category=category)
        for _ in range(5):
            make_post(category=category)
        assert len(post.related_posts()) == 3


class PostRenderingTests(TestCase):
    def test_body_html_is_stored_on_save(self):
        post = make_post(body="Hallo **Welt**")
        assert post.body_html == "<p>Hallo <strong>Welt</strong></p>\n"
        assert Post.objects.get(pk=post.pk).body_html == post.body_html

    def test_summary_is_the_first_forty_words_of_plain_text(self):
        words = " ".join(f"Wort{n}" for n in range(100))
        post = make_post(body=f"## Überschrift\n\n{words}")
        assert post.summary.startswith("Wort0 Wort1")
        assert "Überschrift" not in post.summary
        assert len(post.summary.split()) == 40
        assert post.summary.endswith("…")

    def test_the_editors_excerpt_wins(self):
        post = make_post(excerpt="Mein Anreißer.")
        assert post.summary == "Mein Anreißer."
        post.excerpt = "Neuer Anreißer."
        post.save()
        assert post.summary == "Neuer Anreißer."
        post.excerpt = ""
        post.save()
        assert post.summary.startswith("Ein Absatz über Sichtbarkeit")

    def test_summary_skips_embeds_and_the_gallery_marker(self):
        post = make_post(
            body="[galerie]\n\nhttps://www.youtube.com/watch?v=abcdefghijk\n\nText."
        )
        assert post.summary == "Text."

    def test_reading_time_counts_two_hundred_words_a_minute(self):
        post = make_post(body=" ".join(["Wort"] * 1000))
        assert post.reading_minutes == 5
        assert make_post(body="Kurz.").reading_minutes == 1

    def test_table_of_contents_needs_four_h2(self):
        three = "\n\n".join(f"## Teil {n}\n\nText." for n in range(3))
        assert make_post(body=three).table_of_contents == []
        four = three + "\n\n## Teil 3\n\nText.\n\n### Unterpunkt"
        toc = make_post(body=four).table_of_contents
        assert [h["id"] for h in toc] == ["teil-0", "teil-1", "teil-2", "teil-3"]

    def test_a_post_stored_by_an_older_renderer_is_rendered_again_once(self):
        post = make_post(body="Neu")
        Post.objects.filter(pk=post.pk).update(body_html="alt", renderer_version="0")
        post = Post.objects.get(pk=post.pk)
        post.ensure_rendered()
        assert post.body_html == "<p>Neu</p>\n"
        assert Post.objects.get(pk=post.pk).body_html == "<p>Neu</p>\n"

    def test_revised_at_is_set_only_when_the_text_changes_later(self):
        post = make_post()
        assert post.revised_at is None
        post.pinned = True
        post.save()
        assert post.revised_at is None
        post.body = "Ganz neuer Text."
        post.save()
        assert post.revised_at is not None

    def test_body_is_split_where_the_gallery_goes(self):
        post = make_post(body="Vorher.\n\n[Galerie]\n\nNachher.")
        before, after = post.body_html_parts
        assert "Vorher." in before
        assert "Nachher." in after

    def test_plain_text_keeps_text_after_nested_skipped_elements(self):
        html = '<figure class="embed"><div><p>Hinweis</p></div></figure><p>Danach</p>'
        assert plain_text(html) == "Danach"


class OldSlugTests(TestCase):
    def test_changing_a_slug_remembers_the_old_one(self):
        post = make_post(slug="alt")
        post.slug = "neu"
        post.save()
        old = OldSlug.objects.get()
        assert (old.slug, old.object_id) == ("alt", post.pk)

    def test_changing_back_forgets_the_now_current_slug(self):
        post = make_post(slug="alt")
        post.slug = "neu"
        post.save()
        post.slug = "alt"
        post.save()
        assert list(OldSlug.objects.values_list("slug", flat=True)) == ["neu"]

    def test_deleting_a_live_post_leaves_tombstones(self):
        post = make_post(slug="alt")
        post.slug = "neu"
        post.save()
        post.delete()
        tombstones = OldSlug.objects.filter(object_id=None)
        assert set(tombstones.values_list("slug", flat=True)) == {"alt", "neu"}

    def test_bulk_deleting_live_posts_leaves_tombstones(self):
        make_post(slug="eins")
        make_post(slug="zwei")
        Post.objects.all().delete()
        slugs = OldSlug.objects.filter(object_id=None).values_list("slug", flat=True)
        assert set(slugs) == {"eins", "zwei"}

    def test_deleting_a_draft_leaves_no_trace(self):
        post = make_post(slug="entwurf", status=Post.Status.DRAFT)
        post.slug = "entwurf-2"
        post.save()
        post.delete()
        assert not OldSlug.objects.exists()

    def test_tag_slug_changes_are_remembered(self):
        tag = make_post(tags=["Blog"]).tags.get()
        tag.slug = "bloggen"
        tag.save()
        old = OldSlug.objects.get()
        assert old.content_type == ContentType.objects.get_for_model(Tag)
        assert old.slug == "blog"


class PostViewCountTests(TestCase):
    def test_first_view_of_the_day_creates_the_counter(self):
        post = make_post()
        PostViewCount.record(post_id=post.pk)
        counter = PostViewCount.objects.get()
        assert (counter.post, counter.day, counter.count) == (
            post,
            timezone.localdate(),
            1,
        )

    def test_later_views_increment_it(self):
        post = make_post()
        for _ in range(3):
            PostViewCount.record(post_id=post.pk)
        assert PostViewCount.objects.get().count == 3

    def test_an_increment_is_a_single_query(self):
        post = make_post()
        PostViewCount.record(post_id=post.pk)
        with self.assertNumQueries(1):
            PostViewCount.record(post_id=post.pk)

    def test_drafts_and_unknown_posts_are_not_counted(self):
        draft = make_post(status=Post.Status.DRAFT)
        PostViewCount.record(post_id=draft.pk)
        PostViewCount.record(post_id=draft.pk + 1000)
        assert not PostViewCount.objects.exists()

    def test_most_read_sums_the_last_days_only_and_pins_first(self):
        today = timezone.localdate()
        old_favourite, recent, busier, draft = (make_post() for _ in range(4))
        pinned = make_post(pinned=True)
        PostViewCount.objects.create(
            post=old_favourite, day=today - timedelta(days=100), count=1000
        )
        PostViewCount.objects.create(post=recent, day=today, count=5)
        PostViewCount.objects.create(post=busier, day=today, count=3)
        PostViewCount.objects.create(
            post=busier, day=today - timedelta(days=80), count=3
        )
        PostViewCount.objects.create(post=draft, day=today, count=50)
        Post.objects.filter(pk=draft.pk).update(status=Post.Status.DRAFT)
        since = today - timedelta(days=89)
        assert most_read_posts(since=since) == [pinned, busier, recent]
