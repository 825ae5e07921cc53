"""
Site search over whatever the apps make findable.

An app takes part by returning SearchSource objects from its AppConfig's
`search_sources()`; each names a queryset of what readers may find (never a
draft) whose model inherits `models.Searchable`. The model decides in
`searchable_text()` which text of a row is findable, and keeps it stored on
save: a plain-text column on every database, and on PostgreSQL a weighted
`tsvector` (title A, excerpt B, body C, German configuration) under a GIN
index.

On PostgreSQL a query is read as web-search syntax ("exakte Phrase",
-ausschließen, oder/or), stemmed in German and ranked; the excerpt shows the
matches in <mark>. SQLite, for development, finds rows holding every word,
ignoring case and umlauts, and ranks title hits first.
"""

import html
import operator
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher
from functools import reduce

import nh3
from django.contrib.postgres.operations import TrigramExtension
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.migrations.operations import AddIndex
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.utils.safestring import SafeString, mark_safe

from .apps import site_apps
from .markdown import without_embeds

MAX_QUERY_LENGTH = 200
# A query of more words is cut; nobody types more, and each costs a filter.
MAX_WORDS = 12
CONFIG = "german"
# ts_headline marks matches with these; they cannot occur in stored text
# (see plain_text), so escaping the headline and then turning them into
# <mark> leaves no other markup.
START_MARK, STOP_MARK = "\ue000", "\ue001"
# Characters no reader types: control characters (NUL included, which
# PostgreSQL refuses) and the private-use marks above.
UNTYPEABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000-\uf8ff]")
WORD = re.compile(r"\w+")
SUGGESTION_THRESHOLD = 0.3


@dataclass(frozen=True)
class SearchableText:
    """What of a row is findable: weighted title A, excerpt B, body C."""

    title: str
    excerpt: str = ""
    body: str = ""


@dataclass(frozen=True)
class SearchSource:
    """
    One kind of findable content: `queryset()` is what readers may find,
    `kind` the label a hit shows ("Beitrag"), `date_field` the date shown
    and used to order equally good hits. `offers_latest` puts its newest
    rows on the no-hits and 404 pages.
    """

    kind: str
    queryset: Callable[[], QuerySet]
    date_field: str
    title_field: str = "title"
    offers_latest: bool = False


@dataclass
class SearchHit:
    kind: str
    title: str
    url: str
    date: datetime | None
    excerpt: SafeString
    obj: object = field(repr=False)


@dataclass
class Suggestion:
    query: str


def sources() -> list[SearchSource]:
    return [source for app in site_apps() for source in app.search_sources()]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# Text --------------------------------------------------------------------


def plain_text(body_html: str) -> str:
    """
    The readable text of sanitised body HTML, without the embeds' notices
    and buttons, in one line of words.
    """
    text = nh3.clean(
        without_embeds(body_html),
        tags=set(),
        clean_content_tags={"aside", "button", "script"},
    )
    return clean_text(html.unescape(text))


def clean_text(text: str) -> str:
    return " ".join(UNTYPEABLE.sub(" ", text).split())


def fold(text: str) -> str:
    """Lower case without accents or umlauts ("Häuser" → "hauser")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def clean_query(raw: str) -> str:
    """A reader's query as searched: no control characters, 200 at most."""
    return clean_text(raw)[:MAX_QUERY_LENGTH].strip()


def websearch_text(query: str) -> str:
    """
    The query in PostgreSQL's web-search syntax: German "oder" means "or"
    outside quotes.
    """
    parts = query.split('"')
    for index in range(0, len(parts), 2):
        parts[index] = re.sub(r"(?i)(?<!\S)oder(?!\S)", "or", parts[index])
    return '"'.join(parts)


def fallback_terms(query: str) -> tuple[list[str], list[str]]:
    """The folded words a row must hold, and those it must not (-wort)."""
    wanted, unwanted = [], []
    for token in query.split():
        target = unwanted if token.startswith("-") and len(token) > 1 else wanted
        for word in WORD.findall(fold(token)):
            if word not in ("or", "oder"):
                target.append(word)
    return wanted[:MAX_WORDS], unwanted[:MAX_WORDS]


# Storing -------------------------------------------------------------------


def index_values(text: SearchableText) -> dict:
    """The stored search columns for a row's findable text."""
    title, excerpt, body = (
        clean_text(text.title),
        clean_text(text.excerpt),
        clean_text(text.body),
    )
    values = {"search_text": " ".join(part for part in (excerpt, body) if part)}
    if is_postgres():
        values["search_vector"] = (
            SearchVector(Value(title, TextField()), weight="A", config=CONFIG)
            + SearchVector(Value(excerpt, TextField()), weight="B", config=CONFIG)
            + SearchVector(Value(body, TextField()), weight="C", config=CONFIG)
        )
    return values


class AddIndexOnPostgres(AddIndex):
    """An index only PostgreSQL has (GIN); other databases skip it."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            # A later migration that rebuilds the table (SQLite's way of
            # altering one) creates every index of the model's state, this
            # one too, as a plain index.
            name = schema_editor.quote_name(self.index.name)
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class TrigramExtensionOnPostgres(TrigramExtension):
    """pg_trgm; Django's operation checks the database only on the way up."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def index_rows(model, text: Callable[[object], SearchableText]) -> None:
    """Fill the search columns of every row (for data migrations)."""
    for row in model._default_manager.iterator():
        model._default_manager.filter(pk=row.pk).update(**index_values(text(row)))


# Searching -----------------------------------------------------------------


class Fold(Func):
    """fold() in SQL; SQLite gets it as a function (see register_fold)."""

    function = "pb_fold"
    output_field = TextField()


def register_fold(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "pb_fold", 1, _fold_or_none, deterministic=True
        )


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


class SiteSearch:
    """
    One search over every source. `page_queryset()` gives the ranked rows
    as (source number, pk, rank, date), a union the paginator counts and
    cuts in the database; `hits()` turns a page of those into SearchHits.
    """

    def __init__(self, query: str):
        self.query = query
        self.sources = sources()
        self.wanted, self.unwanted = fallback_terms(query)
        self.ts_query = (
            SearchQuery(websearch_text(query), search_type="websearch", config=CONFIG)
            if is_postgres()
            else None
        )

    @property
    def is_empty(self) -> bool:
        return not self.wanted

    def matches(self, source: SearchSource) -> QuerySet:
        rows = source.queryset()
        if self.ts_query is not None:
            return rows.filter(search_vector=self.ts_query).annotate(
                hit_rank=SearchRank(F("search_vector"), self.ts_query)
            )
        title = Fold(source.title_field)
        rows = rows.annotate(folded_title=title, folded_text=Fold("search_text"))
        for word in self.wanted:
            rows = rows.filter(
                Q(folded_title__contains=word) | Q(folded_text__contains=word)
            )
        for word in self.unwanted:
            rows = rows.exclude(folded_title__contains=word).exclude(
                folded_text__contains=word
            )
        # Rows with more words in the title first.
        title_hits = [
            Case(When(folded_title__contains=word, then=1.0), default=0.0)
            for word in self.wanted
        ]
        return rows.annotate(
            hit_rank=ExpressionWrapper(
                reduce(operator.add, title_hits), output_field=FloatField()
            )
        )

    def page_queryset(self) -> QuerySet:
        ranked = [
            self.matches(source)
            .order_by()
            .annotate(
                hit_source=Value(number, IntegerField()),
                hit_pk=F("pk"),
                hit_date=F(source.date_field),
            )
            .values_list("hit_source", "hit_pk", "hit_rank", "hit_date")
            for number, source in enumerate(self.sources)
        ]
        first, *others = ranked
        return first.union(*others, all=True).order_by("-hit_rank", "-hit_date")

    def hits(self, rows: list[tuple]) -> list[SearchHit]:
        wanted: dict[int, list[int]] = {}
        for number, pk, _rank, _date in rows:
            wanted.setdefault(number, []).append(pk)
        found = {}
        for number, pks in wanted.items():
            source = self.sources[number]
            for obj in self.with_excerpts(source.queryset().filter(pk__in=pks)):
                found[number, obj.pk] = obj
        hits = []
        for number, pk, _rank, date in rows:
            obj = found.get((number, pk))
            if obj is None:
                continue
            source = self.sources[number]
            hits.append(
                SearchHit(
                    kind=source.kind,
                    title=getattr(obj, source.title_field),
                    url=obj.get_absolute_url(),
                    date=date,
                    excerpt=self.excerpt(obj),
                    obj=obj,
                )
            )
        return hits

    def with_excerpts(self, rows: QuerySet) -> QuerySet:
        if self.ts_query is None:
            return rows
        return rows.annotate(
            search_headline=SearchHeadline(
                "search_text",
                self.ts_query,
                config=CONFIG,
                start_sel=START_MARK,
                stop_sel=STOP_MARK,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )

    def excerpt(self, obj) -> SafeString:
        headline = getattr(obj, "search_headline", None)
        if headline is None:
            return highlight(obj.search_text, self.wanted)
        escaped = html.escape(headline, quote=False)
        return mark_safe(  # noqa: S308 - escaped above; only the marks are markup
            escaped.replace(START_MARK, "<mark>").replace(STOP_MARK, "</mark>")
        )

    def suggestion(self) -> Suggestion | None:
        """
        The closest spelling from the titles (trigram similarity, PostgreSQL
        only), when it differs from the query.
        """
        if not is_postgres() or not self.wanted:
            return None
        best_title, best_score = None, SUGGESTION_THRESHOLD
        for source in self.sources:
            row = (
                source.queryset()
                .annotate(
                    similarity=TrigramWordSimilarity(
                        Value(self.query), source.title_field
                    )
                )
                .filter(similarity__gt=best_score)
                .order_by("-similarity")
                .values_list(source.title_field, "similarity")
                .first()
            )
            if row is not None:
                best_title, best_score = row
        if best_title is None:
            return None
        title_words = WORD.findall(best_title)
        words = []
        for word in WORD.findall(self.query):
            closest = max(
                title_words,
                key=lambda candidate: similarity(word, candidate),
            )
            words.append(closest if similarity(word, closest) >= 0.6 else word)
        suggested = " ".join(words)
        return Suggestion(suggested) if fold(suggested) != fold(self.query) else None


def similarity(word: str, other: str) -> float:
    return SequenceMatcher(None, fold(word), fold(other)).ratio()


def highlight(text: str, words: list[str], *, length: int = 35) -> SafeString:
    """
    An escaped excerpt of `text` around the first word holding one of the
    folded `words`, with each such word in <mark>.
    """
    tokens = list(WORD.finditer(text))
    if not tokens:
        return SafeString("")

    def matches(token) -> bool:
        folded = fold(token.group())
        return any(word in folded for word in words)

    first = next((i for i, token in enumerate(tokens) if matches(token)), 0)
    start = max(0, first - 8)
    window = tokens[start : start + length]
    parts = ["… " if start else ""]
    position = window[0].start()
    for token in window:
        parts.append(html.escape(text[position : token.start()], quote=False))
        word = html.escape(token.group(), quote=False)
        parts.append(f"<mark>{word}</mark>" if matches(token) else word)
        position = token.end()
    if start + length < len(tokens):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped


def latest(limit: int = 5) -> list[object]:
    """The newest rows of the sources that offer them, newest first."""
    rows = []
    for source in sources():
        if source.offers_latest:
            newest = source.queryset().order_by(f"-{source.date_field}", "-pk")
            rows.extend(
                (getattr(row, source.date_field), row) for row in newest[:limit]
            )
    rows.sort(key=lambda pair: pair[0], reverse=True)
    return [row for _date, row in rows[:limit]]
