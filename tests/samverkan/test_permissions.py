"""Who may do what in the workspace (/arbetsyta/).

Objects outside a user's scope answer 404, so nobody learns that they exist; an action
the user may not take on an insats they can see answers 403. The matrix below runs every
workspace view for every role against a draft insats of the area.
"""

import pytest
from django.urls import reverse

from samverkan.models import Aktivitet, Insats
from tests.factories import (
    AktivitetFactory,
    InsatsFactory,
    SamverkansomradeFactory,
    UserFactory,
    insats_form_data,
)

LOGIN = "login"
OK = "ok"
NOT_FOUND = "404"
FORBIDDEN = "403"


@pytest.fixture
def draft(grupp):
    """A draft insats of the group, with an activity and two versions in its history."""
    insats = InsatsFactory(
        samverkansomrade=grupp.samverkansomrade, grupp=grupp, title="Nattvandring i Hulta"
    )
    insats.title = "Nattvandringar i Hulta"
    insats.save()
    # Both versions were saved by someone through the workspace.
    insats.history.update(history_user=UserFactory(username="forfattare"))
    AktivitetFactory(insats=insats)
    return insats


@pytest.fixture
def published(grupp):
    return InsatsFactory(
        published=True, samverkansomrade=grupp.samverkansomrade, grupp=grupp, title="Grannsamverkan"
    )


def _kwargs(view, insats):
    if view in {"arbetsyta", "insats_create"}:
        return {}
    if view in {"aktivitet_edit", "aktivitet_cancel"}:
        return {"pk": insats.pk, "aktivitet_pk": insats.aktiviteter.get().pk}
    if view == "insats_restore":
        return {"pk": insats.pk, "history_id": insats.history.earliest("history_date").history_id}
    return {"pk": insats.pk}


WORKSPACE = [
    ("arbetsyta", "get"),
    ("insats_create", "get"),
    ("insats_create", "post"),
    ("arbetsyta_insats", "get"),
    ("insats_edit", "get"),
    ("insats_edit", "post"),
    ("insats_publish", "post"),
    ("insats_unpublish", "post"),
    ("insats_archive", "post"),
    ("uppfoljning_create", "get"),
    ("uppfoljning_create", "post"),
    ("aktivitet_create", "get"),
    ("aktivitet_create", "post"),
    ("aktivitet_edit", "get"),
    ("aktivitet_edit", "post"),
    ("aktivitet_cancel", "post"),
    ("insats_history", "get"),
    ("insats_restore", "post"),
]
PUBLISHING = {"insats_publish", "insats_unpublish"}
OWN_PAGES = {"arbetsyta"}
READING = {"arbetsyta", "arbetsyta_insats"}


def expected(role, view):
    if role == "anonymous":
        return LOGIN
    if role in {"coordinator", "administrator", "superuser"}:
        return OK
    if role == "official":
        return FORBIDDEN if view in PUBLISHING else OK
    if role == "other_official":
        # May start an insats in their own area, but sees nothing of another group's draft.
        return OK if view in OWN_PAGES | {"insats_create"} else NOT_FOUND
    if role == "analyst":
        # Reads every insats, changes none.
        return OK if view in READING else FORBIDDEN
    raise AssertionError(role)


ROLES = [
    "anonymous",
    "official",
    "other_official",
    "coordinator",
    "analyst",
    "administrator",
    "superuser",
]
MATRIX = [
    (role, view, method, expected(role, view)) for role in ROLES for view, method in WORKSPACE
]


def _login(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize(
    ("role", "view", "method", "outcome"),
    MATRIX,
    ids=[f"{role}-{view}-{method}" for role, view, method, _ in MATRIX],
)
def test_workspace_permission_matrix(client, request, draft, role, view, method, outcome):
    _login(client, request, role)
    url = reverse(f"samverkan:{view}", kwargs=_kwargs(view, draft))

    response = getattr(client, method)(url)

    if outcome == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("organisation:login"))
    elif outcome == NOT_FOUND:
        assert response.status_code == 404
    elif outcome == FORBIDDEN:
        assert response.status_code == 403
    else:
        # A form posted empty is shown again with its errors; an action redirects.
        assert response.status_code in {200, 302}
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("organisation:login"))


PK_VIEWS = [
    (view, method) for view, method in WORKSPACE if view not in {"arbetsyta", "insats_create"}
]


@pytest.mark.parametrize(("view", "method"), PK_VIEWS, ids=[f"{v}-{m}" for v, m in PK_VIEWS])
def test_official_of_another_group_may_read_a_published_insats_but_not_change_it(
    client, other_official, published, view, method
):
    AktivitetFactory(insats=published)
    client.force_login(other_official)
    url = reverse(f"samverkan:{view}", kwargs=_kwargs(view, published))

    response = getattr(client, method)(url)

    assert response.status_code == (200 if view == "arbetsyta_insats" else 403)


def test_official_of_another_group_sees_no_edit_buttons_on_a_published_insats(
    client, other_official, published
):
    client.force_login(other_official)

    html = client.get(reverse("samverkan:arbetsyta_insats", kwargs={"pk": published.pk})).content
    html = html.decode()

    assert published.title in html
    assert reverse("samverkan:insats_edit", kwargs={"pk": published.pk}) not in html
    assert reverse("samverkan:insats_archive", kwargs={"pk": published.pk}) not in html


POST_ONLY = [
    view for view, method in WORKSPACE if method == "post" and (view, "get") not in WORKSPACE
]
GET_ONLY = [
    view for view, method in WORKSPACE if method == "get" and (view, "post") not in WORKSPACE
]


@pytest.mark.parametrize("view", POST_ONLY)
def test_action_is_refused_for_get(client, coordinator, draft, view):
    client.force_login(coordinator)

    response = client.get(reverse(f"samverkan:{view}", kwargs=_kwargs(view, draft)))

    assert response.status_code == 405
    draft.refresh_from_db()
    assert draft.publication == Insats.Publication.DRAFT
    assert draft.archived_at is None
    assert draft.title == "Nattvandringar i Hulta"
    assert not Aktivitet.objects.filter(insats=draft, cancelled=True).exists()


@pytest.mark.parametrize("view", GET_ONLY)
def test_page_is_refused_for_post(client, coordinator, draft, view):
    client.force_login(coordinator)

    response = client.post(reverse(f"samverkan:{view}", kwargs=_kwargs(view, draft)))

    assert response.status_code == 405


def test_official_cannot_publish_and_the_insats_stays_a_draft(client, official, draft):
    client.force_login(official)

    response = client.post(reverse("samverkan:insats_publish", kwargs={"pk": draft.pk}))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.publication == Insats.Publication.DRAFT
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_official_cannot_unpublish_a_published_insats(client, official, published):
    client.force_login(official)

    response = client.post(reverse("samverkan:insats_unpublish", kwargs={"pk": published.pk}))

    assert response.status_code == 403
    published.refresh_from_db()
    assert published.publication == Insats.Publication.PUBLISHED


def test_official_sees_no_publish_button_on_their_draft(client, official, draft):
    client.force_login(official)

    html = client.get(reverse("samverkan:arbetsyta_insats", kwargs={"pk": draft.pk})).content
    html = html.decode()

    assert reverse("samverkan:insats_edit", kwargs={"pk": draft.pk}) in html
    assert reverse("samverkan:insats_publish", kwargs={"pk": draft.pk}) not in html


@pytest.mark.parametrize("role", ["coordinator", "administrator", "superuser"])
def test_coordinator_and_administrator_publish_and_residents_see_it(client, request, draft, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(reverse("samverkan:insats_publish", kwargs={"pk": draft.pk}))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publication == Insats.Publication.PUBLISHED
    assert draft.published_at is not None
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_coordinator_of_another_area_cannot_publish(client, draft, other_official):
    elsewhere = UserFactory(username="annan-samordnare", roles=["Samordnare"])
    SamverkansomradeFactory().coordinators.add(elsewhere)
    client.force_login(elsewhere)

    response = client.post(reverse("samverkan:insats_publish", kwargs={"pk": draft.pk}))

    # Another area's draft is outside their scope: they do not learn that it exists.
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.publication == Insats.Publication.DRAFT


def test_official_of_the_group_edits_the_insats(client, official, draft):
    client.force_login(official)

    response = client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": draft.pk}),
        insats_form_data(draft, title="Nattvandringar i Hulta och Norrby"),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Nattvandringar i Hulta och Norrby"


@pytest.mark.parametrize("role", ["other_official", "analyst"])
def test_posting_an_edit_outside_ones_scope_changes_nothing(client, request, draft, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": draft.pk}),
        insats_form_data(draft, title="Kapad titel"),
    )

    # The analyst reads every insats, so is refused (403); the other official sees nothing.
    assert response.status_code == (403 if role == "analyst" else 404)
    draft.refresh_from_db()
    assert draft.title == "Nattvandringar i Hulta"


def test_anonymous_post_to_publish_changes_nothing(client, draft):
    response = client.post(reverse("samverkan:insats_publish", kwargs={"pk": draft.pk}))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publication == Insats.Publication.DRAFT


def test_official_cannot_make_a_published_internal_insats_public_by_editing_it(
    client, official, grupp
):
    """Publishing to residents is the coordinator's decision (services.can_publish).

    A published internal insats is shown to officials only; switching its visibility to
    public puts it on the public pages at once, so an official who may not publish must
    not be able to do that through the edit form.
    """
    internal = InsatsFactory(
        published=True,
        internal=True,
        samverkansomrade=grupp.samverkansomrade,
        grupp=grupp,
        title="Intern lägesgenomgång",
    )
    client.force_login(official)

    client.post(
        reverse("samverkan:insats_edit", kwargs={"pk": internal.pk}),
        insats_form_data(internal, visibility=Insats.Visibility.PUBLIC),
    )

    client.logout()
    assert client.get(internal.get_absolute_url()).status_code == 404
    assert not Insats.objects.published().filter(pk=internal.pk).exists()
