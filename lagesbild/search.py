"""One search over everything residents may read.

Each kind of hit starts from the access layer's own public QuerySet (``published()``,
``public()``, ``with_published_minutes()``) and only narrows it with the text match of
``organisation.textsearch``; nothing here decides what is public. Every kind is one
query, capped at ``PER_KIND`` rows, so a search costs the same number of queries and a
bounded amount of work whatever the data.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from lagesbild.models import Lagesbild
from organisation.models import Forum, Mote
from organisation.textsearch import (
    WORD_SIMILARITY_THRESHOLD,
    Document,
    Matches,
    Relevance,
    clean_query,
    fold,
    stems,
    word_similarity,
)
from samverkan.models import Aktivitet, Insats, Omrade, Uppfoljning

PER_KIND = 50
# A word found in thousands of rows ranks the newest of them (see _ranked).
CANDIDATES = 300
SNIPPET_CHARS = 220
# Markdown's marks, so that a snippet reads as text: links' targets, heading and quote
# marks at line starts, emphasis, code, tables.
_MARKDOWN = re.compile(r"\]\([^)]*\)|(?m:^\s*[#>]+)|[*_`|\[\]]+")
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    title_columns: tuple[str, ...]
    text_columns: tuple[str, ...]
    # Of two equally good hits, the area and the insats come before a follow-up that
    # mentions them.
    boost: float = 0.0


KINDS = {
    k.key: k
    for k in [
        Kind("omrade", _("Area"), ("name",), ("name", "description"), 1.0),
        Kind("insats", _("Intervention"), ("title",), ("title", "summary", "description"), 0.5),
        Kind("aktivitet", _("Activity"), ("title",), ("title", "meeting_point", "description")),
        Kind("uppfoljning", _("Follow-up"), ("done",), ("done", "result"), -1.0),
        Kind("forum", _("Forum"), ("name",), ("name", "short_name", "purpose", "description")),
        Kind("mote", _("Minutes"), ("title",), ("title", "place", "minutes")),
        Kind("lagesbild", _("Situational picture"), ("title",), ("title", "public_summary")),
    ]
}


@dataclass
class Hit:
    kind: Kind
    title: str
    url: str
    snippet: SafeString
    rank: float
    when: datetime | None = None


def _matching_areas(query: str):
    return Omrade.objects.filter(Matches(Document("name"), query))


def _ranked(queryset, kind: Kind, query: str, extra: Q | None = None):
    """The best ``PER_KIND`` of the newest ``CANDIDATES`` matching rows.

    Ranking computes similarity row by row, so it is given a bounded number of candidates:
    a word found in thousands of rows ranks the newest of them. Newest first also lets
    PostgreSQL stop early when most rows match, and read the GIN indexes when few do. The
    text match is a subquery of its own because ORed in one WHERE with another subquery
    (an area's name) it would be computed for every row.
    """
    matching = queryset.filter(Matches(Document(*kind.text_columns), query))
    condition = Q(pk__in=matching.order_by("-pk").values("pk")[:CANDIDATES])
    if extra is not None:
        condition |= Q(pk__in=queryset.filter(extra).order_by("-pk").values("pk")[:CANDIDATES])
    return (
        queryset.filter(condition)
        .annotate(
            title_rank=Relevance(Document(*kind.title_columns), query),
            text_rank=Relevance(Document(*kind.text_columns), query),
        )
        .annotate(rank=F("title_rank") * 2 + F("text_rank"))
        .order_by("-rank", "pk")[:PER_KIND]
    )


def _tagged(model, query: str) -> Q:
    """Rows tagged with an area whose name matches: "Hässleholmen" finds its insatser."""
    through = model.omraden.through
    return Q(pk__in=through.objects.filter(omrade__in=_matching_areas(query)).values("insats_id"))


def _public_sources(query: str):
    """(kind, QuerySet) pairs, each from the public QuerySet of its model."""
    k = KINDS
    area_match = Q(omrade__in=_matching_areas(query))
    return [
        (k["omrade"], _ranked(Omrade.objects.all(), k["omrade"], query)),
        (
            k["insats"],
            _ranked(Insats.objects.published(), k["insats"], query, _tagged(Insats, query)),
        ),
        (
            k["aktivitet"],
            _ranked(
                Aktivitet.objects.published().select_related("insats"),
                k["aktivitet"],
                query,
                area_match,
            ),
        ),
        (
            k["uppfoljning"],
            _ranked(
                Uppfoljning.objects.published().select_related("insats"), k["uppfoljning"], query
            ),
        ),
        (k["forum"], _ranked(Forum.objects.public(), k["forum"], query)),
        (
            k["mote"],
            _ranked(
                Mote.objects.with_published_minutes().select_related("forum"), k["mote"], query
            ),
        ),
        (
            k["lagesbild"],
            _ranked(
                Lagesbild.objects.published().only("title", "slug", "public_summary"),
                k["lagesbild"],
                query,
            ),
        ),
    ]


def _hit(kind: Kind, row, query: str) -> Hit:
    texts = [getattr(row, c) or "" for c in kind.text_columns]
    title = getattr(row, kind.title_columns[0])
    when = None
    url = row.get_absolute_url() if hasattr(row, "get_absolute_url") else ""
    if kind.key == "uppfoljning":
        title = row.insats.title
        url = row.insats.get_absolute_url()
        when = row.date
    elif kind.key == "aktivitet":
        when = row.starts_at
    elif kind.key == "mote":
        title = f"{row.forum.name}: {row.title}"
        when = row.starts_at
    body = " ".join(t for t in texts[1:] if t) if len(texts) > 1 else texts[0]
    if kind.key == "uppfoljning":
        body = " ".join(texts)
    return Hit(kind, title, url, snippet(body, query), float(row.rank) + kind.boost, when)


def search(text: str, *, kind: str | None = None) -> list[Hit]:
    """Every public hit for the query, best first; at most ``PER_KIND`` of each kind."""
    query = clean_query(text)
    if not query:
        return []
    hits = []
    for source_kind, rows in _public_sources(query):
        if kind and source_kind.key != kind:
            continue
        hits.extend(_hit(source_kind, row, query) for row in rows)
    hits.sort(key=lambda h: (-h.rank, h.title))
    return hits


def _is_hit(word: str, query_stems: set[str], query_words: list[str]) -> bool:
    folded = fold(word)
    if stems(folded) & query_stems:
        return True
    return any(
        len(q) >= 3 and word_similarity(q, folded) >= WORD_SIMILARITY_THRESHOLD for q in query_words
    )


def snippet(text: str, query: str) -> SafeString:
    """A short, escaped piece of the text around the first hit, hits marked with <mark>."""
    plain = " ".join(_MARKDOWN.sub(" ", text or "").split())
    folded_query = fold(query)
    query_stems = stems(folded_query)
    query_words = _WORDS.findall(folded_query)
    words = list(_WORDS.finditer(plain))
    first = next((m for m in words if _is_hit(m.group(), query_stems, query_words)), None)
    start = 0
    if first is not None and first.start() > SNIPPET_CHARS // 3:
        start = plain.rfind(" ", 0, first.start() - SNIPPET_CHARS // 3) + 1
    end = min(len(plain), start + SNIPPET_CHARS)
    if end < len(plain):
        end = plain.rfind(" ", start, end) if plain.rfind(" ", start, end) > start else end
    parts, position = [], start
    for match in words:
        if match.start() < start or match.end() > end:
            continue
        if _is_hit(match.group(), query_stems, query_words):
            parts.append(escape(plain[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(plain[position:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(plain) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308 – every piece is escaped
