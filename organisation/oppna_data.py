"""Open data files: one writer for every dataset, streamed JSON and CSV with the licence.

A dataset is a ``Table``: its documented fields (name, type, meaning) and the public
QuerySets its rows come from. The writer makes both files from it, so every file says under
what licence it may be reused (a ``Link: <…>; rel="license"`` header; in JSON the fields
``licens`` and ``licensnamn``, in CSV a last column ``licens``, so the licence follows a
downloaded file), may be read by other sites (``Access-Control-Allow-Origin: *``) and is
written row by row: the rows come from ``QuerySet.iterator()``, so memory stays flat however
many there are. A row's lists (its districts, say) come in the same query as a ``JSONList``
column, not by prefetching per chunk, so a file costs the same queries however many rows. That the rows are only public ones is the table's QuerySets' doing, which
are the access layer's public QuerySets.
"""

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import JSONField, QuerySet, Subquery
from django.http import HttpRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from organisation.models import CC0, Kommun
from organisation.spreadsheets import neutralise_formula

# Names shown for the licences a kommun is likely to choose; any other is shown as its address.
LICENSE_NAMES = {
    CC0: "CC0 1.0",
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
}

# The CSV column that carries the licence on every row.
LICENSE_COLUMN = "licens"

# The types a field is documented with on the open-data page.
TEXT = _("text")
INTEGER = _("integer")
DECIMAL = _("decimal number")
BOOLEAN = _("true or false")
DATE = _("date (ISO 8601)")
DATETIME = _("date and time (ISO 8601, with time zone)")
URL = _("web address")
TEXT_LIST = _("list of text")
INTEGER_LIST = _("list of integers")


class JSONList(Subquery):
    """One column of an ordered, one-column QuerySet (``.values(item=…)``) as a JSON list in
    one column of the outer query: ``[]`` or ``None`` when there are none. The list is read
    from the ordered rows, so it keeps their order (PostgreSQL's and SQLite's aggregates read
    a sorted subquery in its order; SQLite before 3.44 has no ORDER BY in an aggregate)."""

    template = "(SELECT %(function)s(items.item) FROM (%(subquery)s) AS items)"

    def __init__(self, queryset, **extra):
        super().__init__(queryset, output_field=JSONField(), **extra)

    def as_sql(self, compiler, connection, template=None, **extra_context):
        extra_context.setdefault("function", "JSON_GROUP_ARRAY")
        return super().as_sql(compiler, connection, template, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


@dataclass(frozen=True)
class License:
    url: str
    name: str


def open_data_license(kommun: Kommun | None = None) -> License:
    if kommun is None:
        kommun = Kommun.objects.only("open_data_license").first()
    url = (kommun.open_data_license if kommun else "") or CC0
    return License(url=url, name=LICENSE_NAMES.get(url, url))


@dataclass(frozen=True)
class Field:
    """One documented field: the CSV column and the JSON key, its type and meaning."""

    name: str
    type: str
    meaning: str


@dataclass(frozen=True)
class Source:
    """Rows of one kind: a public QuerySet, built per request, and how one object reads."""

    queryset: Callable[[], QuerySet]
    row: Callable[[Any, HttpRequest], dict]


@dataclass(frozen=True)
class Table:
    """A dataset's fields and rows; ``name`` is the JSON key and the files' base name."""

    name: str
    fields: list[Field]
    sources: tuple[Source, ...]
    # Rows read per fetch from the server-side cursor: memory stays bounded by one chunk. A
    # source that prefetches runs its prefetches once per chunk; the big tables (insatser,
    # aktiviteter) read their lists as ``JSONList`` columns instead, in the one query.
    chunk_size: int = 2000

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]

    def rows(self, request) -> Iterator[dict]:
        # The files are Swedish whatever the address's language prefix, as the catalogue is:
        # a choice's label (a target group, say) must not change with the reader.
        with translation.override("sv"):
            for source in self.sources:
                for item in source.queryset().iterator(chunk_size=self.chunk_size):
                    yield source.row(item, request)

    def json_response(self, request) -> StreamingHttpResponse:
        return json_response(self.name, self.rows(request))

    def csv_response(self, request) -> StreamingHttpResponse:
        return csv_response(f"{self.name}.csv", self.field_names, self.rows(request))


def open_data_views(table: Table):
    """The two public views of a table: ``(json_view, csv_view)``."""

    @login_not_required
    @require_safe
    def as_json(request):
        return table.json_response(request)

    @login_not_required
    @require_safe
    def as_csv(request):
        return table.csv_response(request)

    as_json.__name__ = f"{table.name}_json"
    as_csv.__name__ = f"{table.name}_csv"
    as_json.__qualname__, as_csv.__qualname__ = as_json.__name__, as_csv.__name__
    return as_json, as_csv


def _public(response: StreamingHttpResponse, licence: License) -> StreamingHttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Link"] = f'<{licence.url}>; rel="license"'
    return response


def json_response(key: str, rows: Iterable[dict]) -> StreamingHttpResponse:
    """``{"licens": …, "licensnamn": …, key: [rows…]}``, written as the rows come."""
    licence = open_data_license()

    def stream() -> Iterator[str]:
        head = {"licens": licence.url, "licensnamn": licence.name}
        yield json.dumps(head, ensure_ascii=False)[:-1] + f", {json.dumps(key)}: ["
        for index, row in enumerate(rows):
            yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    response = StreamingHttpResponse(stream(), content_type="application/json; charset=utf-8")
    return _public(response, licence)


class _Echo:
    def write(self, value):
        return value


def csv_cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    elif value is None:
        value = ""
    return neutralise_formula(value)


def csv_response(filename: str, header: list[str], rows: Iterable[dict]) -> StreamingHttpResponse:
    """A UTF-8 CSV file: ``header`` and the licence column first, lists joined with "; "."""
    licence = open_data_license()
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow([*header, LICENSE_COLUMN])
        for row in rows:
            yield writer.writerow([*(csv_cell(row[name]) for name in header), licence.url])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _public(response, licence)
