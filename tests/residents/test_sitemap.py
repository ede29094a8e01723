"""The sitemap lists every kind of public page: each public URL pattern is either a page kind
with at least one entry (the demo has such a page) or is named here with why it is not a page
for search engines. A new public URL that is neither fails the test."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from lagesbild.models import Atgardsplan

# Public URLs that are not pages to list: files, feeds, forms and steps of a flow, private
# token pages and machine endpoints.
NOT_PAGES = {
    "healthz": "machine endpoint",
    "readyz": "machine endpoint",
    "sitemap": "the sitemap itself",
    "set_language": "a form post",
    "admin:login": "sign-in",
    "oidc:start": "sign-in",
    "oidc:callback": "sign-in",
    "organisation:login": "sign-in",
    "organisation:password_reset": "account flow",
    "organisation:password_reset_done": "account flow",
    "organisation:password_reset_confirm": "account flow with a private token",
    "organisation:password_reset_complete": "account flow",
    "organisation:bilaga": "a file, linked from its meeting's page",
    "lagesbild:sok": "search results",
    "lagesbild:oppna_data_katalog": "a data file, listed on the open-data page",
    "lagesbild:rapport_public_pdf": "a PDF, linked from the reports page",
    "lagesbild:version_public_pdf": "a PDF, linked from the reports page",
    "lagesbild:tips_challenge": "a step of the tips form",
    "lagesbild:tips_kvitto": "a private token page",
    "lagesbild:tips_status": "a private token page",
    "lagesbild:prenumerera": "a form of the area's page",
    "lagesbild:bekrafta_prenumeration": "a private token page",
    "lagesbild:avprenumerera": "a private token page",
}
# Files by their ending: calendars, feeds and open-data files.
FILE_ENDINGS = (".ics", ".atom", ".json", ".jsonld", ".csv", ".pdf")


def _public_routes():
    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    pattern.namespace or namespace,
                )
            elif (
                isinstance(pattern, URLPattern)
                and pattern.name
                and getattr(pattern.callback, "login_required", True) is False
            ):
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, prefix + str(pattern.pattern)

    return dict(walk(get_resolver().url_patterns, "", None))


def _page_kinds() -> set[str]:
    return {
        name
        for name, route in _public_routes().items()
        if name not in NOT_PAGES and not route.endswith(FILE_ENDINGS)
    }


@pytest.fixture(scope="module")
def demo(demo_module, django_db_blocker):
    with django_db_blocker.unblock():
        # The demo's plan is adopted but not published; publish it so the kind has a page.
        Atgardsplan.objects.filter(status="antagen").update(published_at=timezone.now())


@pytest.fixture
def listed(client, demo) -> dict[str, list[str]]:
    body = client.get("/sitemap.xml").content.decode()
    by_kind: dict[str, list[str]] = {}
    for loc in re.findall(r"<loc>([^<]+)</loc>", body):
        path = urlsplit(loc).path
        by_kind.setdefault(resolve(path).view_name, []).append(path)
    return by_kind


def test_every_excluded_url_is_still_a_public_url():
    assert set(NOT_PAGES) <= set(_public_routes())


def test_the_sitemap_has_an_entry_for_every_kind_of_public_page(listed):
    missing = sorted(_page_kinds() - set(listed))

    assert missing == []
    assert {"samverkan:aktivitet", "lagesbild:public_plan", "lagesbild:medborgarloften"} <= set(
        listed
    )


def test_the_sitemap_lists_nothing_but_public_pages(client, listed):
    assert set(listed) <= _page_kinds()
    for paths in listed.values():
        response = client.get(paths[0])
        assert response.status_code == 200, paths[0]


def test_the_sitemap_never_lists_an_unpublished_plan(client, listed, demo):
    plan = Atgardsplan.objects.get(status="antagen")
    Atgardsplan.objects.filter(pk=plan.pk).update(published_at=None)

    body = client.get("/sitemap.xml").content.decode()

    assert f"/atgardsplaner/{plan.pk}/" not in body
    assert f"/atgardsplaner/{plan.pk}/" in listed["lagesbild:public_plan"]
