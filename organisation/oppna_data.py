"""Open data files: streamed JSON and CSV, each carrying the kommun's licence.

Every dataset answers through these two functions, so every file says under what licence it
may be reused (a ``Link: <…>; rel="license"`` header, and in JSON a ``licens`` field), may be
read by other sites (``Access-Control-Allow-Origin: *``) and is written row by row: the rows
come from a generator over ``QuerySet.iterator()``, so memory stays flat however many there are.
What a dataset contains, and that it is only public rows, is the caller's QuerySet.
"""

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.http import StreamingHttpResponse

from organisation.models import CC0, Kommun
from organisation.spreadsheets import neutralise_formula

# Names shown for the licences a kommun is likely to choose; any other is shown as its address.
LICENSE_NAMES = {
    CC0: "CC0 1.0",
    "https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0",
    "https://creativecommons.org/licenses/by-sa/4.0/": "CC BY-SA 4.0",
}


@dataclass(frozen=True)
class License:
    url: str
    name: str


def open_data_license(kommun: Kommun | None = None) -> License:
    if kommun is None:
        kommun = Kommun.objects.only("open_data_license").first()
    url = (kommun.open_data_license if kommun else "") or CC0
    return License(url=url, name=LICENSE_NAMES.get(url, url))


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
    if isinstance(value, list):
        value = "; ".join(value)
    elif value is None:
        value = ""
    return neutralise_formula(value)


def csv_response(filename: str, header: list[str], rows: Iterable[dict]) -> StreamingHttpResponse:
    """A UTF-8 CSV file with ``header`` as its first line; lists are joined with "; "."""
    licence = open_data_license()
    writer = csv.writer(_Echo())

    def stream() -> Iterator[str]:
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([csv_cell(row[name]) for name in header])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _public(response, licence)
