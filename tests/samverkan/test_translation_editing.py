"""Officials write the translations beside the Swedish original, in the workspace and admin."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from organisation.models import Forum
from samverkan.models import Insats
from tests.factories import ForumFactory, InsatsFactory, UserFactory, insats_form_data

PERSONNUMMER = "811218-9876"


def _legends(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", legend).strip()
        for legend in re.findall(r"<legend[^>]*>(.*?)</legend>", html, re.S)
    ]


def test_the_edit_form_has_one_labelled_fieldset_per_language_swedish_first(
    client, official, grupp
):
    insats = InsatsFactory(grupp=grupp, samverkansomrade=grupp.samverkansomrade)
    client.force_login(official)

    html = client.get(reverse("samverkan:insats_edit", args=[insats.pk])).content.decode()

    assert _legends(html)[:3] == [
        "Svenska (obligatoriskt)",
        "Engelska (valfritt)",
        "Finska (valfritt)",
    ]
    assert 'name="title_en"' in html and 'name="description_fi"' in html
    assert "Titel (engelska)" in html


def test_an_official_saves_an_english_translation_and_residents_read_it(client, official, grupp):
    insats = InsatsFactory(grupp=grupp, samverkansomrade=grupp.samverkansomrade, published=True)
    client.force_login(official)

    response = client.post(
        reverse("samverkan:insats_edit", args=[insats.pk]),
        insats_form_data(insats, title_en="Safety walk", summary_en="We walk together."),
    )

    assert response.status_code == 302
    insats.refresh_from_db()
    assert (insats.title_en, insats.summary_en) == ("Safety walk", "We walk together.")
    client.logout()
    assert "Safety walk" in client.get("/en" + insats.get_absolute_url()).content.decode()


def test_swedish_is_required_and_a_translation_alone_is_not_enough(client, official, grupp):
    insats = InsatsFactory(grupp=grupp, samverkansomrade=grupp.samverkansomrade)
    client.force_login(official)

    response = client.post(
        reverse("samverkan:insats_edit", args=[insats.pk]),
        insats_form_data(insats, title="", title_en="Safety walk"),
    )

    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert Insats.objects.get(pk=insats.pk).title_en == ""


def test_a_personnummer_in_the_english_text_of_a_published_insats_is_a_field_error(
    client, official, grupp
):
    insats = InsatsFactory(grupp=grupp, samverkansomrade=grupp.samverkansomrade, published=True)
    client.force_login(official)

    response = client.post(
        reverse("samverkan:insats_edit", args=[insats.pk]),
        insats_form_data(insats, description_en=f"Call {PERSONNUMMER}"),
    )

    assert response.status_code == 200
    assert "description_en" in response.context["form"].errors
    assert Insats.objects.get(pk=insats.pk).description_en == ""


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="admin-oversattning", roles=["Administratör"])
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_admin_groups_a_forums_texts_by_language(client, admin_user):
    forum = ForumFactory()
    client.force_login(admin_user)

    html = client.get(reverse("admin:organisation_forum_change", args=[forum.pk])).content.decode()

    # The admin names a fieldset by a heading it is labelled by (aria-labelledby).
    legends = re.findall(r'class="fieldset-heading">([^<]*)<', html)
    for legend in ["Svenska (obligatoriskt)", "Engelska (valfritt)", "Finska (valfritt)"]:
        assert legend in legends
    assert 'name="purpose_en"' in html


def test_a_personnummer_in_a_forums_finnish_text_is_refused_in_the_admin(client, admin_user):
    forum = ForumFactory(purpose="Rådet samordnar.")
    client.force_login(admin_user)
    url = reverse("admin:organisation_forum_change", args=[forum.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and not isinstance(value, list)
    }
    # The inlines' management forms are left out: the forum's own form is what is refused.
    data["purpose_fi"] = f"Soita {PERSONNUMMER}"

    response = client.post(url, data)

    assert response.status_code == 200
    assert Forum.objects.get(pk=forum.pk).purpose_fi == ""
    assert "purpose_fi" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "language, label",
    [("sv", "Titel (engelska)"), ("en", "Title (in English)"), ("fi", "Titel (englanniksi)")],
)
def test_a_translation_fields_label_names_its_language_as_the_interface_language_writes_it(
    language, label
):
    with translation.override(language):
        assert capfirst(Insats._meta.get_field("title_en").verbose_name) == label
