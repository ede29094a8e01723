"""The publication guard in the model layer: whatever saves a row, the check runs.

Text becomes public, or changes while public, only after the personnummer check, and the
author of internal text that holds a number is warned without losing the text.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from lagesbild.models import Lagesbild
from organisation.models import Beslut, Bilaga, Organ, StyrandeDokument
from organisation.publication import (
    AlwaysPublicTextModel,
    PublicTextFormMixin,
    PublicTextModel,
    add_errors,
    check_file_text,
    text_warnings,
)
from organisation.roles import TJANSTEPERSON
from samverkan.models import Aktivitet, Insats, Uppfoljning
from tests.factories import (
    AktivitetFactory,
    ForumFactory,
    ForummedlemskapFactory,
    GruppmedlemskapFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    OrganFactory,
    ProblemFactory,
    SamverkansgruppFactory,
    UppfoljningFactory,
    UserFactory,
    insats_form_data,
)
from tests.organisation import files

NUMBER = "19121212-1212"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_public_insats_cannot_be_saved_with_a_number_from_any_entry_point(db):
    insats = InsatsFactory(published=True)
    insats.description = f"Ring {NUMBER}"

    with pytest.raises(ValidationError) as raised:
        insats.save()

    assert "description" in raised.value.message_dict
    assert NUMBER not in Insats.objects.get(pk=insats.pk).description


def test_a_body_and_a_steering_document_cannot_be_saved_with_a_number(db):
    """Both are public as they stand: the organisation page, the forum pages and the open
    dataset "organisation" show their descriptions."""
    organ = OrganFactory(kind=Organ.Kind.EXTERN)
    organ.description = f"Kontakt {NUMBER}"
    document = StyrandeDokument(name="Handlingsplan", description=f"Av {NUMBER}")

    with pytest.raises(ValidationError) as raised:
        organ.save()
    assert "description" in raised.value.message_dict
    with pytest.raises(ValidationError):
        document.save()

    assert Organ.objects.get(pk=organ.pk).description == ""
    assert not StyrandeDokument.objects.filter(name="Handlingsplan").exists()


def test_the_admin_names_the_field_of_a_bodys_number(admin_client, db):
    organ = OrganFactory(kind=Organ.Kind.EXTERN, name="Fastighetsägarna")

    response = admin_client.post(
        reverse("admin:organisation_organ_change", args=[organ.pk]),
        {
            "name": organ.name,
            "short_name": "",
            "slug": organ.slug,
            "kind": organ.kind,
            "parent": "",
            "description": f"Kontakt {NUMBER}",
            "order": 0,
        },
    )

    assert response.status_code == 200
    assert "personnummer" in response.content.decode().lower()
    assert Organ.objects.get(pk=organ.pk).description == ""


def _free_text_fields(model) -> set[str]:
    return {
        field.name
        for field in model._meta.fields
        if isinstance(field, (models.CharField, models.TextField))
        and not isinstance(field, (models.SlugField, models.URLField, models.EmailField))
        and not field.choices
    }


ALWAYS_PUBLIC = [m for m in apps.get_models() if issubclass(m, AlwaysPublicTextModel)]


@pytest.mark.parametrize("model", ALWAYS_PUBLIC, ids=lambda m: m.__name__)
def test_the_guard_reads_every_free_text_field_of_a_row_that_is_always_public(model):
    assert _free_text_fields(model) <= set(model.always_public_fields)


def test_the_rows_residents_always_read_are_guarded():
    names = {m.__name__ for m in ALWAYS_PUBLIC}

    assert {"Organ", "StyrandeDokument", "Samverkansomrade", "Overenskommelse"} <= names
    assert {"Fokusomrade", "Trygghetsmatning", "Metodbyte"} <= names


def _admins():
    for model, model_admin in admin.site._registry.items():
        yield model_admin
        yield from (inline(model, admin.site) for inline in model_admin.inlines)


def test_every_admin_form_of_a_guarded_model_shows_the_guard_as_a_field_error():
    """Without the guard's form, a number typed in the admin is a server error (500)."""
    unguarded = [
        f"{type(model_admin).__name__} ({model_admin.model.__name__})"
        for model_admin in _admins()
        if issubclass(model_admin.model, PublicTextModel)
        and not issubclass(model_admin.form, PublicTextFormMixin)
    ]

    assert unguarded == []


def test_a_draft_insats_may_hold_a_number_until_it_is_published(db):
    insats = InsatsFactory(description=f"Ring {NUMBER}")

    assert Insats.objects.get(pk=insats.pk).description == f"Ring {NUMBER}"
    assert text_warnings(insats)
    insats.publication = Insats.Publication.PUBLISHED
    with pytest.raises(ValidationError):
        insats.save()


def test_publishing_refuses_a_number_in_a_public_follow_up_or_an_activity(db):
    insats = InsatsFactory()
    UppfoljningFactory(insats=insats, is_public=True, done=f"Samtal med {NUMBER}")
    insats.publication = Insats.Publication.PUBLISHED

    with pytest.raises(ValidationError, match="Uppföljning|Follow-up"):
        insats.save()

    other = InsatsFactory()
    AktivitetFactory(insats=other, meeting_point=f"Hos {NUMBER}")
    other.publication = Insats.Publication.PUBLISHED
    with pytest.raises(ValidationError, match="Aktivitet|Activity"):
        other.save()


def test_children_of_a_public_insats_are_checked_when_they_are_saved(db):
    insats = InsatsFactory(published=True)

    with pytest.raises(ValidationError):
        UppfoljningFactory(insats=insats, is_public=True, result=f"Gäller {NUMBER}")
    with pytest.raises(ValidationError):
        AktivitetFactory(insats=insats, description=f"Gäller {NUMBER}")

    assert not Uppfoljning.objects.exists()
    assert not Aktivitet.objects.exists()
    # Internal follow-ups are not public, whatever the insats.
    UppfoljningFactory(insats=insats, is_public=False, result=f"Gäller {NUMBER}")


def test_decisions_of_published_minutes_are_checked(db):
    mote = MoteFactory(forum=ForumFactory(), published=True)

    with pytest.raises(ValidationError):
        Beslut.objects.create(mote=mote, text=f"Kontakta {NUMBER}")

    assert not Beslut.objects.exists()
    unpublished = MoteFactory(forum=ForumFactory())
    Beslut.objects.create(mote=unpublished, text=f"Kontakta {NUMBER}")


def test_a_published_summary_and_its_public_problem_titles_are_checked(db):
    lagesbild = LagesbildFactory(published=True)
    lagesbild.public_summary = f"Sammanfattning {NUMBER}"

    with pytest.raises(ValidationError):
        lagesbild.save(update_fields=["public_summary"])

    draft = LagesbildFactory()
    ProblemFactory(lagesbild=draft, title=f"Problem {NUMBER}", is_public=True)
    assert "public_summary" not in draft.public_text()
    assert Lagesbild.objects.get(pk=draft.pk).public_text() == {}


def test_an_attachment_the_guard_cannot_read_is_not_made_public(db):
    mote = MoteFactory(forum=ForumFactory())
    attachment = Bilaga.objects.create(
        mote=mote,
        title="Presentation",
        file=SimpleUploadedFile("p.pdf", b"%PDF-1.4 trasig"),
        original_name="p.pdf",
        file_type="pdf",
        size=15,
    )

    with pytest.raises(ValidationError, match="läsa|read"):
        check_file_text(attachment)


def test_the_text_of_a_stored_pdf_attachment_is_read(db):
    mote = MoteFactory(forum=ForumFactory())
    content = files.build_pdf([f"Anna {NUMBER}"])
    attachment = Bilaga.objects.create(
        mote=mote,
        title="Lista",
        file=SimpleUploadedFile("lista.pdf", content),
        original_name="lista.pdf",
        file_type="pdf",
        size=len(content),
    )

    with pytest.raises(ValidationError) as raised:
        check_file_text(Bilaga.objects.get(pk=attachment.pk))

    assert "file" in raised.value.message_dict


def test_guard_errors_land_on_the_field_or_on_top_of_the_form():
    from django import forms

    class Form(forms.Form):
        title = forms.CharField()

    form = Form({"title": "x"})
    form.is_valid()
    add_errors(form, ValidationError({"title": "på fältet", "agenda-3": "överst"}))
    add_errors(form, ValidationError("också överst"))

    assert form.errors["title"] == ["på fältet"]
    assert form.non_field_errors() == ["överst", "också överst"]


def test_the_author_of_a_draft_with_a_number_is_warned_and_the_text_is_kept(client, db):
    grupp = SamverkansgruppFactory()
    user = UserFactory(username="forfattare", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=user, grupp=grupp)
    insats = InsatsFactory(samverkansomrade=grupp.samverkansomrade, grupp=grupp)
    client.force_login(user)

    response = client.post(
        reverse("samverkan:insats_edit", args=[insats.pk]),
        insats_form_data(insats, description=f"Kontakt {NUMBER}"),
        follow=True,
    )

    insats.refresh_from_db()
    assert insats.description == f"Kontakt {NUMBER}"
    page = response.content.decode()
    assert "personnummer" in page
    assert "121212-****" in page


def test_the_author_of_internal_minutes_with_a_number_is_warned(client, db):
    forum = ForumFactory(is_public=False)
    user = UserFactory(username="protokollforare", roles=[TJANSTEPERSON])
    ForummedlemskapFactory(user=user, forum=forum)
    mote = MoteFactory(forum=forum, is_public=False)
    client.force_login(user)

    response = client.post(
        reverse("organisation:mote_minutes", args=[mote.pk]),
        {
            "minutes": f"Närvarande: {NUMBER}",
            "beslut-TOTAL_FORMS": "0",
            "beslut-INITIAL_FORMS": "0",
            "beslut-MIN_NUM_FORMS": "0",
            "beslut-MAX_NUM_FORMS": "1000",
        },
        follow=True,
    )

    mote.refresh_from_db()
    assert NUMBER in mote.minutes
    assert "121212-****" in response.content.decode()
