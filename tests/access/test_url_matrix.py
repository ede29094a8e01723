"""Every named URL answers every role as the rules say: the URL × role matrix.

The URL names come from the URL conf itself, so a new view without an entry in
``tests/access/matrix.py`` fails here with its name: a new URL must declare its rules.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.access.matrix import EXPECTED, LOGIN, ROLES, build_population, cases

# Admin has its own tests; these answer the same to everyone and carry no object.
NOT_IN_MATRIX = {"sitemap", "healthz", "readyz", "set_language"}
FORBIDDEN_PAGE = "Åtkomst nekad"


def url_names(resolver=None, namespace="") -> set[str]:
    """Every named pattern, namespaced; the /en/ variants have the same names, so once each."""
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names - NOT_IN_MATRIX


def test_every_url_in_the_url_conf_declares_who_may_use_it():
    undeclared = sorted(url_names() - set(EXPECTED))
    stale = sorted(set(EXPECTED) - url_names())

    assert undeclared == [], f"URLs without an entry in tests/access/matrix.py: {undeclared}"
    assert stale == [], f"entries in tests/access/matrix.py for URLs that are gone: {stale}"


def test_the_walk_finds_the_urls_of_every_app_and_skips_the_admin():
    names = url_names()

    assert {"samverkan:insats_edit", "organisation:mote_publish", "lagesbild:rapport"} <= names
    assert not any(name.startswith("admin:") for name in names)
    assert len(names) >= 70


def _answer(population, role, case, name):
    """One request in a savepoint that is rolled back, so no role sees another's changes."""
    user = population.users[role]
    client = Client()
    sid = transaction.savepoint_create()
    try:
        if user is not None:
            client.force_login(user)
        url = reverse(name, kwargs=case.kwargs(population))
        return getattr(client, case.method)(url, case.data(population))
    finally:
        transaction.savepoint_rollback(sid)


def _mismatch(response, expected) -> str | None:
    location = response.get("Location", "")
    to_login = response.status_code == 302 and location.startswith(reverse("organisation:login"))
    if expected == LOGIN:
        return None if to_login else f"expected the login redirect, got {response.status_code}"
    if response.status_code != expected:
        return f"expected {expected}, got {response.status_code} {location}".rstrip()
    if to_login:
        return "expected a redirect after the action, got the login redirect"
    if expected == 403 and FORBIDDEN_PAGE not in response.content.decode():
        return "403 without the Swedish access denied page"
    return None


@pytest.fixture(scope="module")
def population(module_db, tmp_path_factory):
    """The roles and their rows, built once for the module: every request of the matrix runs
    in a savepoint that is rolled back (`_answer`), so no URL sees another's changes."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), translation.override("sv"):
        yield build_population()


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(url_names()))
def test_url_answers_every_role_as_its_rules_say(name, population):
    assert name in EXPECTED, f"{name} has no entry in tests/access/matrix.py"
    with translation.override("sv"):
        wrong = []
        for case in cases(name):
            assert set(case.statuses) == set(ROLES), f"{name} {case.label}: not every role"
            for role in ROLES:
                response = _answer(population, role, case, name)
                problem = _mismatch(response, case.statuses[role])
                if problem:
                    wrong.append(f"{name}[{case.label}] as {role}: {problem}")

    assert wrong == []


@pytest.mark.django_db
def test_an_action_in_the_matrix_leaves_nothing_behind_for_the_next_role(population):
    archive = cases("samverkan:insats_archive")[0]

    response = _answer(population, "administrator", archive, "samverkan:insats_archive")

    assert response.status_code == 302
    population.published.refresh_from_db()
    assert population.published.archived_at is None
