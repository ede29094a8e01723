"""Pages of a list without counting it."""

from dataclasses import dataclass


@dataclass
class Page:
    """A page of a long list: one more row is read than is shown, to know whether there is
    a next page without counting every row (the workspace's insatser, thousands for an
    analyst). Has the parts of Django's ``Page`` that the templates use, bar the total."""

    number: int
    object_list: list
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_without_count(rows, number: int | None, *, per_page: int) -> Page:
    """Page ``number`` of the QuerySet ``rows``, in one query; past the last page (a stale
    link), the first."""
    number = number or 1
    start = (number - 1) * per_page
    found = list(rows[start : start + per_page + 1])
    if not found and number > 1:
        return page_without_count(rows, 1, per_page=per_page)
    return Page(number, found[:per_page], len(found) > per_page)
