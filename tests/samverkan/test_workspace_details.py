"""The workspace as officials met it: the insats's facts, links that work, current choices."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.forms import InsatsForm
from samverkan.models import Samverkansgrupp, Samverkansomrade
from tests.factories import (
    AktivitetFactory,
    FokusomradeFactory,
    InsatsFactory,
    OrganFactory,
    OverenskommelseFactory,
)


@pytest.fixture
def draft(grupp):
    return InsatsFactory(samverkansomrade=grupp.samverkansomrade, grupp=grupp, title="Utkastet")


def test_the_workspace_page_of_an_insats_shows_partners_focus_area_and_target_group(
    client, official, draft
):
    draft.partners.add(OrganFactory(name="Polisen"), OrganFactory(name="AB Bostäder"))
    draft.fokusomraden.add(FokusomradeFactory(name="Trygga offentliga miljöer"))
    draft.target_group = "unga"
    draft.save()
    client.force_login(official)

    page = client.get(reverse("samverkan:arbetsyta_insats", args=[draft.pk])).content.decode()

    for text in [
        "Samverkanspartner",
        "AB Bostäder",
        "Polisen",
        "Fokusområde",
        "Trygga offentliga miljöer",
        "Målgrupp",
        "Unga",
    ]:
        assert text in page


def test_min_arbetsyta_links_a_drafts_activity_into_the_workspace_never_to_a_public_404(
    client, official, draft
):
    aktivitet = AktivitetFactory(insats=draft, title="Vandring i utkastet")
    client.force_login(official)

    page = client.get(reverse("samverkan:arbetsyta")).content.decode()

    assert "Vandring i utkastet" in page
    assert aktivitet.get_absolute_url() not in page
    assert draft.get_absolute_url() not in page
    assert reverse("samverkan:arbetsyta_insats", args=[draft.pk]) in page
    assert client.get(aktivitet.get_absolute_url()).status_code == 404


def test_a_new_insats_is_not_offered_the_focus_areas_of_an_agreement_that_has_ended(official):
    today = timezone.localdate()
    ended = OverenskommelseFactory(period_start=date(2020, 1, 1), period_end=today - timedelta(1))
    current = OverenskommelseFactory(period_start=date(2024, 1, 1), period_end=today)
    old = FokusomradeFactory(overenskommelse=ended, name="Gammalt fokus")
    now = FokusomradeFactory(overenskommelse=current, name="Gällande fokus")
    scope = {"areas": Samverkansomrade.objects.all(), "groups": Samverkansgrupp.objects.all()}

    offered = set(InsatsForm(**scope).fields["fokusomraden"].queryset)
    assert offered == {now}

    earlier = InsatsFactory()
    earlier.fokusomraden.add(old)
    kept = set(InsatsForm(instance=earlier, **scope).fields["fokusomraden"].queryset)
    assert kept == {now, old}


def test_the_only_area_and_group_an_official_can_choose_are_already_chosen(official, grupp):
    areas = Samverkansomrade.objects.editable_by(official)
    groups = Samverkansgrupp.objects.editable_by(official)

    form = InsatsForm(areas=areas, groups=groups)

    assert form["samverkansomrade"].value() == grupp.samverkansomrade_id
    assert form["grupp"].value() == grupp.pk


def test_with_two_groups_to_choose_from_none_is_chosen_for_the_official(administrator, grupp):
    InsatsFactory()  # another area and group
    form = InsatsForm(
        areas=Samverkansomrade.objects.editable_by(administrator),
        groups=Samverkansgrupp.objects.editable_by(administrator),
    )

    assert form["grupp"].value() is None


def test_a_workspace_with_many_insatser_shows_them_a_page_at_a_time_and_the_longest_overdue(
    client, official, grupp
):
    """An analyst may edit every insats of the kommun: the page stays bounded however many."""
    for number in range(60):
        InsatsFactory(
            samverkansomrade=grupp.samverkansomrade, grupp=grupp, title=f"Insats {number:02d}"
        )
    client.force_login(official)
    url = reverse("samverkan:arbetsyta")

    first = client.get(url).content.decode()
    second = client.get(url, {"sida": 2}).content.decode()

    assert "Sida 1" in first and "Sida 2" in second
    assert "?sida=2" in first and "?sida=3" not in second and "?sida=1" in second
    table = first.split('id="mina-insatser-rubrik"')[1]
    assert table.count("<tr>") == 1 + 50  # the header row and a page of insatser
    assert "Insats 49" in table and "Insats 50" not in table
    assert "Insats 50" in second.split('id="mina-insatser-rubrik"')[1]
    assert "Insats 00" in client.get(url, {"sida": 9}).content.decode()  # a stale link
    overdue = first.split('id="forsenade-rubrik"')[1].split("</section>")[0]
    assert overdue.count("<li>") == 25
    assert "Det finns fler: de 25 som har väntat längst visas." in overdue
