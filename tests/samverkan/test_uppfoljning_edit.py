"""Follow-ups are corrected and removed by their authors and the insats's editors, with history."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from samverkan.models import Uppfoljning
from samverkan.rules import is_author
from tests.factories import InsatsFactory, UppfoljningFactory

PERSONNUMMER = "19121212-1212"


@pytest.fixture
def insats(grupp):
    return InsatsFactory(samverkansomrade=grupp.samverkansomrade, grupp=grupp, published=True)


@pytest.fixture
def entry(insats, official):
    return UppfoljningFactory(insats=insats, author=official, is_public=False)


def edit_url(entry):
    return reverse("samverkan:uppfoljning_edit", args=[entry.insats_id, entry.pk])


def delete_url(entry):
    return reverse("samverkan:uppfoljning_delete", args=[entry.insats_id, entry.pk])


def form_data(entry, **changes):
    data = {
        "date": entry.date.isoformat(),
        "done": entry.done,
        "result": entry.result,
        "participants": "",
        "places_visited": "",
    }
    if entry.is_public:
        data["is_public"] = "on"
    data.update(changes)
    return data


def test_a_group_member_corrects_a_follow_up_and_the_change_is_in_its_history(
    client, entry, official
):
    client.force_login(official)

    response = client.post(edit_url(entry), form_data(entry, done="Vi gick två varv runt torget."))

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.done == "Vi gick två varv runt torget."
    latest = entry.history.first()
    assert latest.history_type == "~" and latest.history_user == official
    page = client.get(edit_url(entry)).content.decode()
    assert "Historik" in page and "Ändrad" in page


def test_the_author_may_correct_their_follow_up_without_being_an_editor_of_the_insats(
    client, insats, other_official
):
    own = UppfoljningFactory(insats=insats, author=other_official, is_public=True)
    someone_elses = UppfoljningFactory(insats=insats, is_public=True)
    client.force_login(other_official)

    assert client.get(edit_url(own)).status_code == 200
    assert client.get(edit_url(someone_elses)).status_code == 403
    page = client.get(reverse("samverkan:arbetsyta_insats", args=[insats.pk])).content.decode()
    assert edit_url(own) in page
    assert edit_url(someone_elses) not in page


def test_an_official_outside_the_insats_gets_404_for_an_internal_follow_up(
    client, entry, other_official
):
    client.force_login(other_official)

    assert client.get(edit_url(entry)).status_code == 404
    assert client.post(delete_url(entry)).status_code == 404
    assert Uppfoljning.objects.filter(pk=entry.pk).exists()


def test_making_a_follow_up_public_afterwards_refuses_a_personnummer(client, entry, official):
    entry.done = f"Samtal med boende {PERSONNUMMER}."
    entry.save()
    client.force_login(official)

    response = client.post(edit_url(entry), form_data(entry, is_public="on"))

    assert response.status_code == 200
    assert "ser ut som ett personnummer" in response.content.decode()
    entry.refresh_from_db()
    assert not entry.is_public


def test_removing_asks_first_and_then_removes_keeping_the_history(client, entry, official):
    client.force_login(official)

    confirm = client.get(delete_url(entry))
    assert confirm.status_code == 200
    assert "Ta bort uppföljningen?" in confirm.content.decode()
    assert Uppfoljning.objects.filter(pk=entry.pk).exists()

    response = client.post(delete_url(entry))

    assert response.status_code == 302
    assert not Uppfoljning.objects.filter(pk=entry.pk).exists()
    removal = Uppfoljning.history.filter(id=entry.pk).first()
    assert removal.history_type == "-" and removal.history_user == official


def test_nobody_is_the_author_of_a_follow_up_whose_author_is_gone(insats):
    orphan = UppfoljningFactory(insats=insats, author=None)

    assert not is_author(AnonymousUser(), orphan)
    assert not is_author(AnonymousUser(), None)
