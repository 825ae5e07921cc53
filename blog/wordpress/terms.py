"""Authors, categories and tags of the export, matched by WordPress id."""

from urllib.parse import unquote

from django.contrib.auth import get_user_model

from blog.models import Category, Tag, WordPressItem
from pusteblume_site.slugs import german_slugify, unique_slug

from . import wxr
from .digests import make_digest, unescaped

Kind = WordPressItem.Kind


class TermImport:
    """The part of WordPressImport that brings in authors and terms."""

    def import_author(self, author: wxr.Author) -> None:
        if not author.login:
            return
        User = get_user_model()
        first, last = author.first_name, author.last_name
        if not (first or last) and author.display_name:
            first, _, last = author.display_name.partition(" ")
        values = {"email": author.email[:254], "first_name": first[:150]}
        values["last_name"] = last[:150]
        digest = make_digest(values)
        user, earlier_digest = self.earlier(Kind.AUTHOR, author.login, User)
        outcome = self.outcome("authors", user, digest, earlier_digest)
        if user is None:
            user = User.objects.filter(username=author.login[:150]).first()
            if user is None:
                user = User(username=author.login[:150], **values)
                user.set_unusable_password()
                user.save()
        elif outcome == "updated":
            for name, value in values.items():
                setattr(user, name, value)
            user.save()
        self.report.count("authors", outcome)
        self.authors[author.login] = user
        self.remember(Kind.AUTHOR, author.login, user, digest)

    def import_category(self, term: wxr.Term) -> None:
        name = unescaped(term.name)[:80] or unquote(term.slug)
        values = {"name": name, "description": unescaped(term.description)}
        digest = make_digest(values, term.slug)
        category, earlier_digest = self.earlier(Kind.CATEGORY, term.wp_id, Category)
        outcome = self.outcome("categories", category, digest, earlier_digest)
        slug = german_slugify(unquote(term.slug)) or german_slugify(name)
        if category is None:
            category = (
                Category.objects.filter(slug=slug).first()
                or Category.objects.filter(name=name).first()
            )
            if category is None:
                category = Category(**values)
                category.slug = unique_slug(category, slug, fallback="kategorie")
                category.save()
        elif outcome == "updated":
            for field_name, value in values.items():
                setattr(category, field_name, value)
            category.save()
        self.report.count("categories", outcome)
        self.categories[term.slug] = category
        self.category_paths[term.slug] = (term.parent, term.wp_id)
        self.remember(Kind.CATEGORY, term.wp_id, category, digest)

    def import_tag(self, term: wxr.Term) -> None:
        name = unescaped(term.name)[:100] or unquote(term.slug)
        digest = make_digest(name, term.slug)
        tag, earlier_digest = self.earlier(Kind.TAG, term.wp_id, Tag)
        outcome = self.outcome("tags", tag, digest, earlier_digest)
        slug = german_slugify(unquote(term.slug)) or german_slugify(name)
        if tag is None:
            tag = next(
                (t for t in Tag.objects.filter(slug=slug) if t.slug == slug), None
            ) or next(
                (
                    t
                    for t in Tag.objects.filter(name__iexact=name)
                    if t.name.casefold() == name.casefold()
                ),
                None,
            )
            if tag is None:
                tag = Tag(name=name, slug=unique_slug(Tag(), slug, fallback="tag"))
                tag.save()
        elif outcome == "updated" and tag.name != name:
            tag.name = name
            tag.save()
        self.report.count("tags", outcome)
        self.tags[term.slug] = tag
        self.remember(Kind.TAG, term.wp_id, tag, digest)

    def category_for(self, item: wxr.Item) -> Category:
        for domain, nicename, name in item.terms:
            if domain != "category":
                continue
            if nicename not in self.categories:
                self.import_category(
                    wxr.Term("category", f"slug:{nicename}", nicename, name)
                )
            return self.categories[nicename]
        if "" not in self.categories:
            self.categories[""] = Category.objects.filter(slug="allgemein").first() or (
                Category.objects.create(name="Allgemein", slug="allgemein")
            )
        return self.categories[""]

    def tags_for(self, item: wxr.Item) -> list[Tag]:
        tags = []
        for domain, nicename, name in item.terms:
            if domain != "post_tag":
                continue
            if nicename not in self.tags:
                self.import_tag(
                    wxr.Term("post_tag", f"slug:{nicename}", nicename, name)
                )
            tags.append(self.tags[nicename])
        return tags
