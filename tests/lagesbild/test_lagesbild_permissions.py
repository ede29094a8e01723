"""Who may read and change lägesbilder in the workspace.

Analysts, members of Brå and administrators edit. Other officials read the internal
parts where they work: a group or the coordination of the lägesbild's samverkansområde;
kommun-wide lägesbilder only in a strategic forum. Everyone else gets 404, residents the
login page (and the published summary on the public pages).
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from lagesbild.models import Lagesbild
from tests.factories import InsatsFactory, LagesbildFactory, OmradeFactory
from tests.lagesbild.conftest import make_lagesbild

LOGIN, OK, NOT_FOUND, FORBIDDEN = "login", "ok", "404", "403"

ROLES = [
    "anonymous",
    "analyst",
    "bra_member",
    "group_member",
    "coordinator",
    "strategic_member",
    "other_official",
    "administrator",
]
EDITORS = {"analyst", "bra_member", "administrator"}
AREA_READERS = {"group_member", "coordinator"}

# view, method, which lägesbild it is tried on
WORKSPACE = [
    ("list", "get", None),
    ("create", "get", None),
    ("create", "post", None),
    ("detail", "get", "draft"),
    ("detail", "get", "faststalld"),
    ("edit", "get", "draft"),
    ("edit", "post", "draft"),
    ("faststall", "get", "draft"),
    ("faststall", "post", "draft"),
    ("new_version", "post", "faststalld"),
    ("summary", "get", "faststalld"),
    ("summary", "post", "faststalld"),
    ("publish", "post", "faststalld"),
    ("unpublish", "post", "faststalld"),
]


def _reads(role, scope):
    return (scope == "samverkansomrade" and role in AREA_READERS) or (
        scope == "kommun" and role == "strategic_member"
    )


def expected(role, view, scope):
    if role == "anonymous":
        return LOGIN
    if view == "list" or role in EDITORS:
        return OK
    if view == "detail":
        return OK if _reads(role, scope) else NOT_FOUND
    if view == "create":
        return FORBIDDEN
    # A lägesbild they may read but not change: 403; one they may not read: 404.
    return FORBIDDEN if _reads(role, scope) else NOT_FOUND


# Scope only matters for who reads; the kommun-wide rows are tried on the detail page.
MATRIX = [
    (scope, role, view, method, which, expected(role, view, scope))
    for scope in ["samverkansomrade", "kommun"]
    for role in ROLES
    for view, method, which in WORKSPACE
    if scope == "samverkansomrade" or view == "detail"
]


@pytest.fixture
def lagesbilder(area, bra, strategic_forum):
    def make(scope, which):
        kwargs = {"scope": scope, "public_summary": "Sammanfattning för invånarna."}
        if scope == "samverkansomrade":
            kwargs["samverkansomrade"] = area
        return make_lagesbild(faststalld=which == "faststalld", **kwargs)

    return make


@pytest.mark.parametrize(
    ("scope", "role", "view", "method", "which", "outcome"),
    MATRIX,
    ids=[f"{s}-{r}-{v}-{m}-{w}" for s, r, v, m, w, _ in MATRIX],
)
def test_workspace_permission_matrix(
    client, request, lagesbilder, scope, role, view, method, which, outcome
):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    kwargs = {"pk": lagesbilder(scope, which).pk} if which else {}

    response = getattr(client, method)(reverse(f"lagesbild:{view}", kwargs=kwargs))

    if outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("organisation:login"))
    elif outcome == NOT_FOUND:
        assert response.status_code == 404
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
    else:
        assert response.status_code in {200, 302}
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("organisation:login"))


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("analyst", {"area", "kommun", "district"}),
        ("bra_member", {"area", "kommun", "district"}),
        ("administrator", {"area", "kommun", "district"}),
        ("group_member", {"area", "district"}),
        ("coordinator", {"area", "district"}),
        ("strategic_member", {"kommun"}),
        ("other_official", set()),
    ],
)
def test_the_workspace_list_shows_what_each_role_may_read(
    client, request, area, grupp, bra, strategic_forum, role, sees
):
    district = OmradeFactory(name="Hulta i test")
    # The group works in the district, so its members read the district's lägesbild.
    InsatsFactory(samverkansomrade=area, grupp=grupp, omraden=[district])
    made = {
        "area": make_lagesbild(
            title="Lägesbild område", scope="samverkansomrade", samverkansomrade=area
        ),
        "kommun": make_lagesbild(title="Lägesbild kommun", scope="kommun"),
        "district": make_lagesbild(title="Lägesbild stadsdel", scope="omrade", omrade=district),
    }
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("lagesbild:list"))

    listed = {lagesbild.pk for lagesbild in response.context["lagesbilder"]}
    assert listed == {made[name].pk for name in sees}
    if not sees:
        assert "Det finns ingen lägesbild som du kan läsa." in response.content.decode()


def test_readers_see_no_edit_buttons(client, group_member, area):
    lagesbild = make_lagesbild(scope="samverkansomrade", samverkansomrade=area)
    client.force_login(group_member)

    html = client.get(reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk})).content.decode()

    assert lagesbild.analys in html
    assert reverse("lagesbild:edit", kwargs={"pk": lagesbild.pk}) not in html
    assert reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk}) not in html
    assert "Ny lägesbild" not in client.get(reverse("lagesbild:list")).content.decode()


def test_editors_see_the_edit_and_approve_buttons(client, analyst):
    lagesbild = make_lagesbild()
    client.force_login(analyst)

    html = client.get(reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk})).content.decode()

    assert reverse("lagesbild:edit", kwargs={"pk": lagesbild.pk}) in html
    assert reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk}) in html


def test_a_resident_reads_no_lagesbild_in_full_only_the_published_summaries(bra):
    published = LagesbildFactory(published=True)
    make_lagesbild(faststalld=True)

    assert list(Lagesbild.objects.visible_to(AnonymousUser())) == []
    assert list(Lagesbild.objects.published()) == [published]
    assert list(Lagesbild.objects.editable_by(AnonymousUser())) == []
