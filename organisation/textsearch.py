"""Swedish text search that answers the same on PostgreSQL and on SQLite.

A text matches a query when the query's words all match words of the text once both are
stemmed the Swedish way (full-text search: "trygghetsvandringen" finds
"Trygghetsvandringar"), or when the query is similar to a run of the text's trigrams
(pg_trgm's word similarity: "vandring" finds "trygghetsvandringar", "klotter"
"klottersanering", and small misspellings are forgiven). Both work on accent-folded
text, so "hassleholmen" finds "Hässleholmen".

On PostgreSQL this is ``to_tsvector('swedish', …)`` and pg_trgm's ``%>`` over
``sok_fold()`` (``unaccent`` and ``lower`` in an immutable function), with GIN indexes on
the same expressions. SQLite has neither, so the app registers functions of the same
names on every SQLite connection: the same Snowball stemmer and stop words PostgreSQL's
``swedish`` configuration uses, and a port of pg_trgm's word similarity. The demo in
``make run`` therefore finds what production finds.
"""

import re
import struct
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from django.db.models import BooleanField, Expression, F, FloatField, Func, TextField

# pg_trgm's default pg_trgm.word_similarity_threshold, which ``%>`` applies.
WORD_SIMILARITY_THRESHOLD = 0.6
# A document is searched in its first characters: word similarity is quadratic in the
# worst case, and no request may take unbounded time.
DOCUMENT_CAP = 20_000
QUERY_CAP = 100
# A list filtered by search words holds at most this many rows, the newest: a common word
# would otherwise have its match computed for every row of the table.
MATCH_LIMIT = 500
MIN_PART = 4

STOP_WORDS = frozenset(
    line.strip()
    for line in (Path(__file__).parent / "data" / "swedish.stop").read_text("utf-8").splitlines()
    if line.strip()
)
_WORD = re.compile(r"[^\W_]+")
_stemmer = snowballstemmer.stemmer("swedish")


def fold(text: str | None) -> str | None:
    """``lower(unaccent(text))``: 'Hässleholmen' → 'hassleholmen'."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def clean_query(text: str | None) -> str:
    return " ".join((text or "").split())[:QUERY_CAP]


@lru_cache(maxsize=4096)
def _stem(word: str) -> str:
    return word if word.isdigit() else _stemmer.stemWord(word)


def stems(folded: str) -> set[str]:
    """The lexemes ``to_tsvector('swedish', folded)`` keeps."""
    return {_stem(w) for w in _WORD.findall(folded.lower()) if w not in STOP_WORDS}


def stem_match(folded_query: str | None, folded_document: str | None) -> bool:
    """``to_tsvector('swedish', document) @@ plainto_tsquery('swedish', query)``."""
    if not folded_query or not folded_document:
        return False
    wanted = stems(folded_query)
    return bool(wanted) and wanted <= stems(folded_document)


def _trigrams(text: str) -> list[str]:
    out = []
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        out.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return out


def _float4(value: float) -> float:
    return struct.unpack("f", struct.pack("f", value))[0]


def word_similarity(query: str | None, document: str | None) -> float:
    """pg_trgm's ``word_similarity(query, document)`` (calc_word_similarity, non-strict)."""
    if not query or not document:
        return 0.0
    trg1, trg2 = _trigrams(query), _trigrams(document)
    ids: dict[str, int] = {}
    for trigram in sorted(set(trg1) | set(trg2)):
        ids[trigram] = len(ids)
    found = [False] * len(ids)
    for trigram in trg1:
        found[ids[trigram]] = True
    ulen1 = len(set(trg1))
    indexes = [ids[t] for t in trg2]

    def similarity(count, ulen2):
        return _float4(count / (ulen1 + ulen2 - count))

    lastpos = [-1] * len(ids)
    ulen2 = count = 0
    upper = lower = -1
    best = 0.0
    for i, index in enumerate(indexes):
        if lower >= 0 or found[index]:
            if lastpos[index] < 0:
                ulen2 += 1
                if found[index]:
                    count += 1
            lastpos[index] = i
        if not found[index]:
            continue
        upper = i
        if lower == -1:
            lower = i
            ulen2 = 1
        current = similarity(count, ulen2)
        tmp_count, tmp_ulen2, previous_lower = count, ulen2, lower
        for tmp_lower in range(lower, upper + 1):
            candidate = similarity(tmp_count, tmp_ulen2)
            if candidate > current:
                current, ulen2, lower, count = candidate, tmp_ulen2, tmp_lower, tmp_count
            tmp_index = indexes[tmp_lower]
            if lastpos[tmp_index] == tmp_lower:
                tmp_ulen2 -= 1
                if found[tmp_index]:
                    tmp_count -= 1
        best = max(best, current)
        for tmp_lower in range(previous_lower, lower):
            if lastpos[indexes[tmp_lower]] == tmp_lower:
                lastpos[indexes[tmp_lower]] = -1
    return best


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created: SQLite gets the functions PostgreSQL's migration creates."""
    if connection.vendor != "sqlite":
        return
    create = connection.connection.create_function
    create("sok_fold", 1, fold, deterministic=True)
    create("sok_stem_match", 2, stem_match, deterministic=True)
    create("sok_word_similarity", 2, word_similarity, deterministic=True)


# --- Expressions ------------------------------------------------------------------------


def document_sql(columns: list[str]) -> str:
    """The indexed expression, written once for the migrations and the queries alike."""
    joined = " || ' ' || ".join(f"COALESCE({c}, '')" for c in columns)
    return f"sok_fold(substr({joined}, 1, {DOCUMENT_CAP}))"


class Document(Func):
    """The folded text of some columns of the queried model, as the GIN indexes hold it."""

    output_field = TextField()

    def __init__(self, *columns: str):
        super().__init__(*[F(c) for c in columns])

    def as_sql(self, compiler, connection, **extra):
        names, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            names.append(sql)
            params.extend(more)
        return document_sql(names), params


class _QueryExpression(Expression):
    def __init__(self, document: Document, query: str):
        super().__init__()
        self.document = document
        self.query = clean_query(query)

    def get_source_expressions(self):
        return [self.document]

    def set_source_expressions(self, exprs):
        (self.document,) = exprs

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, *a):
        copy = self.copy()
        copy.document = self.document.resolve_expression(query, allow_joins, reuse, summarize)
        return copy


def _like_pattern(query: str) -> str:
    return query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Matches(_QueryExpression):
    """True when the document matches the query by stems, word similarity or as a part.

    The part ("tunnel" in "gångtunneln", where the trigram similarity is 4/7) is asked
    for queries of at least ``MIN_PART`` characters; trigram GIN indexes answer LIKE too.
    """

    output_field = BooleanField()

    def _part(self, doc, params):
        if len(self.query) < MIN_PART:
            return "", []
        return f" OR {doc} LIKE '%%' || sok_fold(%s) || '%%' ESCAPE '\\'", [
            *params,
            _like_pattern(self.query),
        ]

    def as_postgresql(self, compiler, connection):
        doc, params = compiler.compile(self.document)
        part, part_params = self._part(doc, params)
        sql = (
            f"(to_tsvector('swedish'::regconfig, {doc}) @@ "
            f"plainto_tsquery('swedish'::regconfig, sok_fold(%s)) OR {doc} %%> sok_fold(%s)"
            f"{part})"
        )
        return sql, [*params, self.query, *params, self.query, *part_params]

    def as_sqlite(self, compiler, connection):
        doc, params = compiler.compile(self.document)
        part, part_params = self._part(doc, params)
        sql = (
            f"(sok_stem_match(sok_fold(%s), {doc}) "
            f"OR sok_word_similarity(sok_fold(%s), {doc}) >= {WORD_SIMILARITY_THRESHOLD}{part})"
        )
        return sql, [self.query, *params, self.query, *params, *part_params]


class Relevance(_QueryExpression):
    """How well the document answers: word similarity, plus one when the stems all match."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection):
        doc, params = compiler.compile(self.document)
        sql = (
            f"(word_similarity(sok_fold(%s), {doc}) + CASE WHEN "
            f"to_tsvector('swedish'::regconfig, {doc}) @@ "
            f"plainto_tsquery('swedish'::regconfig, sok_fold(%s)) THEN 1 ELSE 0 END)"
        )
        return sql, [self.query, *params, *params, self.query]

    def as_sqlite(self, compiler, connection):
        doc, params = compiler.compile(self.document)
        sql = (
            f"(sok_word_similarity(sok_fold(%s), {doc}) + "
            f"CASE WHEN sok_stem_match(sok_fold(%s), {doc}) THEN 1 ELSE 0 END)"
        )
        return sql, [self.query, *params, self.query, *params]


# --- Migrations -----------------------------------------------------------------------

FOLD_FUNCTION = """
CREATE OR REPLACE FUNCTION sok_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
"""


def index_statements(table: str, name: str, columns: list[str]) -> list[str]:
    """GIN indexes for full-text and trigram search of some columns, PostgreSQL only."""
    doc = document_sql(columns)
    return [
        f"CREATE INDEX IF NOT EXISTS {name}_fts ON {table} "
        f"USING gin (to_tsvector('swedish'::regconfig, {doc}))",
        f"CREATE INDEX IF NOT EXISTS {name}_trgm ON {table} USING gin (({doc}) gin_trgm_ops)",
    ]


def create_indexes(*specs):
    """A RunPython operation creating the indexes of ``specs`` on PostgreSQL only."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table, name, columns in specs:
            for statement in index_statements(table, name, columns):
                schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for _table, name, _columns in specs:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}_fts")
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}_trgm")

    return forwards, backwards
