"""The analyst's work on a lägesbild: write it, fastställ it, version it, publish its summary."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import Lagesbild, Problem
from tests.factories import (
    ForumFactory,
    LagesbildFactory,
    MoteFactory,
    OrganFactory,
    UserFactory,
    approve,
)
from tests.lagesbild.conftest import make_lagesbild

PERSONNUMMER = "811218-9876"  # Luhn-valid

pytestmark = pytest.mark.django_db


def formset_data(problems, *, prefix="problem", initial=0):
    """POST data of the problem formset; each problem a dict of its fields."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(problems)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, problem in enumerate(problems):
        for name, value in problem.items():
            if value is True:
                value = "on"
            if value in (False, None):
                continue
            data[f"{prefix}-{index}-{name}"] = value
    return data


def lagesbild_data(**changes):
    organ = changes.pop("author_body", None) or OrganFactory(
        name="Centrum för kunskap och säkerhet"
    )
    data = {
        "title": "Lägesbild Borås 2024",
        "scope": "kommun",
        "period_start": "2024-01-01",
        "period_end": "2024-12-31",
        "author_body": organ.pk,
        "kartlaggning": "Våldsbrotten ökar i **stadskärnan**.",
        "ovrig_information": "Boende känner sig otrygga på torget.",
        "analys": "Alkohol och nöjesliv.",
        "sources": "Polisens statistik",
    }
    data.update(changes)
    return data


def existing_problems(lagesbild, **changes_by_priority):
    rows = []
    for problem in lagesbild.problems.order_by("priority"):
        row = {
            "id": problem.pk,
            "lagesbild": lagesbild.pk,
            "title": problem.title,
            "priority": problem.priority,
            "description": problem.description,
            "is_public": problem.is_public,
        }
        row.update(changes_by_priority.get(f"p{problem.priority}", {}))
        rows.append(row)
    return rows


def edit_data(lagesbild, rows, **changes):
    data = lagesbild_data(author_body=lagesbild.author_body, title=lagesbild.title, **changes)
    data.update(formset_data(rows, initial=lagesbild.problems.count()))
    return data


# ---------------------------------------------------------------------------
# Create and edit


def test_the_form_names_the_three_parts_of_the_law_in_swedish(client, analyst):
    client.force_login(analyst)

    html = client.get(reverse("lagesbild:create")).content.decode()

    for label in ["Kartläggning", "Övrig relevant information", "Analys", "Källor", "Prioritet"]:
        assert label in html
    assert "– Välj –" in html
    assert "Select an option" not in html


def test_analyst_creates_a_draft_with_two_prioritised_problems(client, analyst):
    client.force_login(analyst)
    data = lagesbild_data()
    data.update(
        formset_data(
            [
                {"title": "Våld i stadskärnan", "priority": 1, "is_public": True},
                {"title": "Inbrott i förråd", "priority": 2, "place": "Hässleholmen"},
            ]
        )
    )

    response = client.post(reverse("lagesbild:create"), data, follow=True)

    lagesbild = Lagesbild.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "lagesbild:detail", kwargs={"pk": lagesbild.pk}
    )
    assert "Lägesbilden sparades." in response.content.decode()
    assert lagesbild.status == Lagesbild.Status.UTKAST
    assert lagesbild.created_by == analyst
    assert [(p.priority, p.title, p.key, p.is_public) for p in lagesbild.problems.all()] == [
        (1, "Våld i stadskärnan", "vald-i-stadskarnan", True),
        (2, "Inbrott i förråd", "inbrott-i-forrad", False),
    ]
    assert "<strong>stadskärnan</strong>" in response.content.decode()


def test_empty_extra_problem_rows_are_ignored(client, analyst):
    client.force_login(analyst)
    data = lagesbild_data()
    data.update(formset_data([{"title": "Våld", "priority": 1}, {"priority": 2}]))

    client.post(reverse("lagesbild:create"), data)

    assert Problem.objects.count() == 1


def test_a_collaboration_area_scope_without_an_area_is_explained(client, analyst):
    client.force_login(analyst)
    data = lagesbild_data(scope="samverkansomrade")
    data.update(formset_data([]))

    response = client.post(reverse("lagesbild:create"), data)

    assert response.status_code == 200
    assert "Välj det samverkansområde som lägesbilden gäller." in response.content.decode()
    assert not Lagesbild.objects.exists()


def test_an_area_left_over_from_another_scope_is_dropped(client, analyst, area):
    client.force_login(analyst)
    data = lagesbild_data(scope="kommun", samverkansomrade=area.pk)
    data.update(formset_data([]))

    client.post(reverse("lagesbild:create"), data)

    assert Lagesbild.objects.get().samverkansomrade is None


def test_two_problems_with_the_same_priority_are_refused(client, analyst):
    client.force_login(analyst)
    data = lagesbild_data()
    data.update(
        formset_data([{"title": "Våld", "priority": 1}, {"title": "Inbrott", "priority": 1}])
    )

    response = client.post(reverse("lagesbild:create"), data)

    assert response.status_code == 200
    assert "Två problem har samma prioritet" in response.content.decode()
    assert not Lagesbild.objects.exists()


def test_swapping_priorities_reorders_the_problems(client, analyst):
    lagesbild = make_lagesbild(problems=["Våld", "Inbrott", "Klotter"])
    client.force_login(analyst)
    rows = existing_problems(lagesbild, p1={"priority": 2}, p2={"priority": 1})

    response = client.post(
        reverse("lagesbild:edit", kwargs={"pk": lagesbild.pk}), edit_data(lagesbild, rows)
    )

    assert response.status_code == 302
    assert [p.title for p in lagesbild.problems.order_by("priority")] == [
        "Inbrott",
        "Våld",
        "Klotter",
    ]


def test_deleting_a_problem_frees_its_priority_for_another(client, analyst):
    lagesbild = make_lagesbild(problems=["Våld", "Inbrott"])
    client.force_login(analyst)
    rows = existing_problems(lagesbild, p1={"DELETE": True}, p2={"priority": 1})
    rows.append({"title": "Klotter", "priority": 2})
    data = edit_data(lagesbild, rows)

    response = client.post(reverse("lagesbild:edit", kwargs={"pk": lagesbild.pk}), data)

    assert response.status_code == 302
    assert [(p.priority, p.title) for p in lagesbild.problems.order_by("priority")] == [
        (1, "Inbrott"),
        (2, "Klotter"),
    ]


def test_the_edit_form_offers_the_next_free_priorities(client, analyst):
    lagesbild = make_lagesbild(problems=["Våld", "Inbrott"])
    client.force_login(analyst)

    response = client.get(reverse("lagesbild:edit", kwargs={"pk": lagesbild.pk}))

    extra = [form["priority"].value() for form in response.context["formset"].extra_forms]
    assert extra == [3, 4]


# ---------------------------------------------------------------------------
# Fastställ and freezing in the views


def test_analyst_fastststaller_a_draft_with_forum_and_date(client, analyst, bra):
    lagesbild = make_lagesbild()
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk}),
        {"forum": bra.pk, "on": "2025-02-20"},
        follow=True,
    )

    lagesbild.refresh_from_db()
    assert lagesbild.status == Lagesbild.Status.FASTSTALLD
    assert (lagesbild.adopted_by, lagesbild.adopted_on) == (bra, date(2025, 2, 20))
    html = response.content.decode()
    assert "Lägesbilden är fastställd." in html
    assert "20 februari 2025 av Brottsförebyggande rådet" in html
    assert "Skapa ny version" in html


def test_the_approval_is_linked_to_the_meeting_where_it_was_made(client, analyst, bra):
    lagesbild = make_lagesbild()
    meeting = MoteFactory(forum=bra, title="Halvdag i februari")
    other_forum_meeting = MoteFactory(title="Annat forums möte")
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    client.force_login(analyst)
    url = reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk})

    wrong_forum = client.post(url, {"forum": bra.pk, "on": day, "mote": other_forum_meeting.pk})
    assert "Mötet hör till" in wrong_forum.content.decode()
    wrong_day = client.post(url, {"forum": bra.pk, "on": "2020-01-02", "mote": meeting.pk})
    assert "Mötet hölls" in wrong_day.content.decode()
    lagesbild.refresh_from_db()
    assert lagesbild.status == Lagesbild.Status.UTKAST

    response = client.post(url, {"forum": bra.pk, "on": day, "mote": meeting.pk}, follow=True)
    lagesbild.refresh_from_db()
    assert lagesbild.adopted_at_meeting == meeting
    assert "Halvdag i februari" in response.content.decode()


def test_a_future_approval_date_is_refused(client, analyst, bra):
    lagesbild = make_lagesbild()
    client.force_login(analyst)
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk}),
        {"forum": bra.pk, "on": tomorrow.isoformat()},
    )

    assert "kan inte fastställas ett datum som inte har kommit" in response.content.decode()
    lagesbild.refresh_from_db()
    assert lagesbild.status == Lagesbild.Status.UTKAST


def test_a_lagesbild_without_problems_cannot_be_faststalld(client, analyst, bra):
    lagesbild = make_lagesbild(problems=[])
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk}),
        {"forum": bra.pk, "on": "2025-02-20"},
    )

    assert "Lägg till minst ett prioriterat problem" in response.content.decode()
    lagesbild.refresh_from_db()
    assert lagesbild.status == Lagesbild.Status.UTKAST


@pytest.mark.parametrize("method", ["get", "post"])
def test_editing_a_faststalld_lagesbild_explains_why_and_offers_a_new_version(
    client, analyst, method
):
    lagesbild = make_lagesbild(faststalld=True, analys="Fastställd analys.")
    client.force_login(analyst)
    url = reverse("lagesbild:edit", kwargs={"pk": lagesbild.pk})
    rows = existing_problems(lagesbild, p1={"title": "Ändrat"})

    response = getattr(client, method)(
        url, edit_data(lagesbild, rows, analys="Ny analys.") if method == "post" else None
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Lägesbilden är fastställd" in html
    assert "kan inte längre ändras" in html
    assert "Skapa ny version" in html
    assert reverse("lagesbild:new_version", kwargs={"pk": lagesbild.pk}) in html
    lagesbild.refresh_from_db()
    assert lagesbild.analys == "Fastställd analys."
    assert lagesbild.problems.get(priority=1).title == "Våld i stadskärnan"


def test_faststall_of_a_faststalld_lagesbild_changes_nothing(client, analyst):
    lagesbild = make_lagesbild(faststalld=True)
    forum = ForumFactory()
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:faststall", kwargs={"pk": lagesbild.pk}),
        {"forum": forum.pk, "on": "2025-03-01"},
    )

    assert response.status_code == 409
    lagesbild.refresh_from_db()
    assert lagesbild.adopted_by != forum


# ---------------------------------------------------------------------------
# Versions


def test_new_version_copies_the_problems_and_opens_the_draft(client, analyst):
    lagesbild = make_lagesbild(faststalld=True, problems=["Våld", "Inbrott"])
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:new_version", kwargs={"pk": lagesbild.pk}), follow=True
    )

    copy = Lagesbild.objects.get(previous_version=lagesbild)
    assert response.redirect_chain[-1][0] == reverse("lagesbild:edit", kwargs={"pk": copy.pk})
    assert "Version 2 är en kopia som utkast med samma problem." in response.content.decode()
    assert [p.title for p in copy.problems.order_by("priority")] == ["Våld", "Inbrott"]
    assert copy.status == Lagesbild.Status.UTKAST


def test_all_versions_are_listed_and_readable(client, analyst):
    lagesbild = make_lagesbild(faststalld=True, title="Lägesbild Borås 2024")
    client.force_login(analyst)
    client.post(reverse("lagesbild:new_version", kwargs={"pk": lagesbild.pk}))
    copy = Lagesbild.objects.get(previous_version=lagesbild)

    listing = client.get(reverse("lagesbild:list")).content.decode()
    old = client.get(reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk})).content.decode()
    new = client.get(reverse("lagesbild:detail", kwargs={"pk": copy.pk})).content.decode()

    assert "(version 1)" in listing and "(version 2)" in listing
    assert "Det finns en nyare version" in old
    assert reverse("lagesbild:detail", kwargs={"pk": copy.pk}) in old
    assert "Version 2 (den här)" in new
    assert reverse("lagesbild:detail", kwargs={"pk": lagesbild.pk}) in new
    assert "Jämfört med version 1" in new


def test_a_second_new_version_request_leads_to_the_existing_draft(client, analyst):
    lagesbild = make_lagesbild(faststalld=True)
    client.force_login(analyst)
    client.post(reverse("lagesbild:new_version", kwargs={"pk": lagesbild.pk}))

    response = client.post(reverse("lagesbild:new_version", kwargs={"pk": lagesbild.pk}))

    copy = Lagesbild.objects.get(previous_version=lagesbild)
    assert response["Location"] == reverse("lagesbild:edit", kwargs={"pk": copy.pk})
    assert Lagesbild.objects.count() == 2


# ---------------------------------------------------------------------------
# Public summary


def test_publishing_the_summary_of_a_draft_is_refused(client, analyst):
    lagesbild = make_lagesbild(public_summary="Sammanfattning.")
    client.force_login(analyst)

    response = client.post(reverse("lagesbild:publish", kwargs={"pk": lagesbild.pk}), follow=True)

    assert (
        "Bara sammanfattningen av en fastställd lägesbild kan publiceras."
        in response.content.decode()
    )
    lagesbild.refresh_from_db()
    assert lagesbild.summary_published_at is None


def test_publishing_an_empty_summary_is_refused(client, analyst):
    lagesbild = make_lagesbild(faststalld=True)
    client.force_login(analyst)

    response = client.post(reverse("lagesbild:publish", kwargs={"pk": lagesbild.pk}), follow=True)

    assert (
        "Skriv den publika sammanfattningen innan du publicerar den." in response.content.decode()
    )
    assert not Lagesbild.objects.published().exists()


def test_a_summary_with_a_personnummer_is_not_published(client, analyst):
    lagesbild = make_lagesbild(faststalld=True, public_summary=f"Anmälan gällde {PERSONNUMMER}.")
    client.force_login(analyst)

    response = client.post(reverse("lagesbild:publish", kwargs={"pk": lagesbild.pk}), follow=True)

    html = response.content.decode()
    assert "Publik sammanfattning innehåller något som ser ut som ett personnummer" in html
    assert "811218-****" in html
    assert not Lagesbild.objects.published().exists()


def test_a_public_problem_title_with_a_personnummer_stops_the_publication(client, analyst):
    lagesbild = make_lagesbild(
        faststalld=True, problems=[f"Hot mot {PERSONNUMMER}"], public_summary="Sammanfattning."
    )
    client.force_login(analyst)

    response = client.post(reverse("lagesbild:publish", kwargs={"pk": lagesbild.pk}), follow=True)

    assert "Publikt problem" in response.content.decode()
    assert not Lagesbild.objects.published().exists()


def test_analyst_publishes_and_unpublishes_the_summary(client, analyst):
    lagesbild = make_lagesbild(faststalld=True, public_summary="Tryggheten har ökat.")
    client.force_login(analyst)

    published = client.post(reverse("lagesbild:publish", kwargs={"pk": lagesbild.pk}), follow=True)
    public_page = client.get(lagesbild.get_absolute_url())
    client.post(reverse("lagesbild:unpublish", kwargs={"pk": lagesbild.pk}))

    assert "Sammanfattningen är publicerad." in published.content.decode()
    assert "Tryggheten har ökat." in public_page.content.decode()
    assert client.get(lagesbild.get_absolute_url()).status_code == 404


def test_editing_a_published_summary_checks_for_personnummer(client, analyst):
    lagesbild = LagesbildFactory(published=True)
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:summary", kwargs={"pk": lagesbild.pk}),
        {"public_summary": f"Gäller {PERSONNUMMER}"},
    )

    assert response.status_code == 200
    assert "ser ut som ett personnummer" in response.content.decode()
    lagesbild.refresh_from_db()
    assert PERSONNUMMER not in lagesbild.public_summary


def test_the_summary_of_a_faststalld_lagesbild_can_be_edited(client, analyst):
    lagesbild = make_lagesbild(faststalld=True)
    client.force_login(analyst)

    response = client.post(
        reverse("lagesbild:summary", kwargs={"pk": lagesbild.pk}), {"public_summary": "Ny text."}
    )

    assert response.status_code == 302
    lagesbild.refresh_from_db()
    assert lagesbild.public_summary == "Ny text."


# ---------------------------------------------------------------------------
# Admin


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="admin-test")
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def test_admin_shows_a_faststalld_lagesbild_read_only(admin_client):
    lagesbild = make_lagesbild(faststalld=True, analys="Fastställd analys.")
    url = reverse("admin:lagesbild_lagesbild_change", args=[lagesbild.pk])

    page = admin_client.get(url)
    posted = admin_client.post(url, {"title": "Ändrad", "analys": "Ändrad analys."})

    html = page.content.decode()
    assert 'name="analys"' not in html
    assert 'name="_save"' not in html
    assert posted.status_code == 403
    lagesbild.refresh_from_db()
    assert lagesbild.analys == "Fastställd analys."


def test_admin_cannot_revert_a_faststalld_lagesbild_to_its_draft_history(admin_client):
    lagesbild = make_lagesbild(analys="Utkastets analys.")
    draft_record = lagesbild.history.earliest("history_date")
    lagesbild.analys = "Fastställd analys."
    lagesbild.save()
    approve(lagesbild)
    url = reverse(
        "admin:lagesbild_lagesbild_simple_history",
        args=[lagesbild.pk, draft_record.history_id],
    )

    response = admin_client.post(url, {"title": lagesbild.title, "analys": "Utkastets analys."})

    assert response.status_code == 403
    lagesbild.refresh_from_db()
    assert lagesbild.analys == "Fastställd analys."


def test_admin_cannot_delete_a_faststalld_lagesbild(admin_client):
    lagesbild = make_lagesbild(faststalld=True)

    response = admin_client.post(
        reverse("admin:lagesbild_lagesbild_delete", args=[lagesbild.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Lagesbild.objects.filter(pk=lagesbild.pk).exists()


def test_admin_cannot_change_a_problem_of_a_faststalld_lagesbild(admin_client):
    problem = make_lagesbild(faststalld=True).problems.first()

    html = admin_client.get(
        reverse("admin:lagesbild_problem_change", args=[problem.pk])
    ).content.decode()

    assert 'name="title"' not in html


def test_admin_cannot_revert_a_problem_of_a_faststalld_lagesbild(admin_client):
    lagesbild = make_lagesbild(problems=["Våld"])
    problem = lagesbild.problems.get()
    record = problem.history.earliest("history_date")
    approve(lagesbild)
    url = reverse("admin:lagesbild_problem_simple_history", args=[problem.pk, record.history_id])

    response = admin_client.post(url, {"title": "Ändrat", "priority": 1, "lagesbild": lagesbild.pk})

    assert response.status_code == 403
    assert Problem.objects.get(pk=problem.pk).title == "Våld"


def test_admin_edits_a_draft(admin_client):
    lagesbild = make_lagesbild()

    html = admin_client.get(
        reverse("admin:lagesbild_lagesbild_change", args=[lagesbild.pk])
    ).content.decode()

    assert 'name="analys"' in html
    assert 'name="_save"' in html


def test_staff_with_change_permission_still_cannot_change_a_faststalld_lagesbild(client):
    user = UserFactory(username="personal")
    user.is_staff = True
    user.save()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_lagesbild", "change_lagesbild"])
    )
    client.force_login(user)
    lagesbild = make_lagesbild(faststalld=True)

    response = client.post(
        reverse("admin:lagesbild_lagesbild_change", args=[lagesbild.pk]), {"title": "Ändrad"}
    )

    assert response.status_code == 403
