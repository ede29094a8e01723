"""Rensa personuppgift ur historiken: a value leaves the object, every version and the log."""

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse

from organisation.erasure import erase_from_history
from organisation.models import Rensning
from organisation.roles import ADMINISTRATOR
from samverkan.models import Insats
from tests.factories import InsatsFactory, LagesbildFactory, UserFactory, approve

PERSONNUMMER = "19121212-1212"
REASON = "Begäran om radering enligt GDPR art. 17, ärende KS 2025/123"


@pytest.fixture
def administrator(db):
    user = UserFactory(username="admin-rensning", roles=[ADMINISTRATOR])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def insats_with_number(db):
    """A draft whose description held the number in three versions."""
    insats = InsatsFactory(description=f"Kontaktperson {PERSONNUMMER} vid skolan.")
    insats.summary = "Andra versionen."
    insats.save()
    insats.status = Insats.Status.PAGAENDE
    insats.description += "\n\nTredje versionen."
    insats.save()
    assert insats.history.filter(description__contains=PERSONNUMMER).count() == 3
    return insats


def history_text_containing(value: str) -> list[str]:
    """Every history table and text column in the database where ``value`` occurs."""
    found = []
    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            is_text = isinstance(field, models.CharField | models.TextField)
            if is_text and model.objects.filter(**{f"{field.attname}__contains": value}).exists():
                found.append(f"{model.__name__}.{field.attname}")
    return found


def test_erased_personnummer_occurs_in_no_history_table_and_is_recorded_without_the_value(
    insats_with_number, administrator
):
    versions = insats_with_number.history.count()

    record = erase_from_history(
        obj=insats_with_number, value=PERSONNUMMER, reason=REASON, user=administrator
    )

    assert history_text_containing(PERSONNUMMER) == []
    live = Insats.objects.get(pk=insats_with_number.pk)
    assert PERSONNUMMER not in live.description
    assert "Kontaktperson [borttaget] vid skolan." in live.description
    # The erasure itself is not a new version that would carry anything again.
    assert live.history.count() == versions
    assert (record.model, record.object_id) == ("samverkan.insats", str(live.pk))
    assert record.fields == ["description"]
    assert record.rows_changed == 1 + 3
    assert (record.user, record.reason) == (administrator, REASON)
    stored = Rensning.objects.filter(pk=record.pk).values().get()
    assert not [name for name, value in stored.items() if PERSONNUMMER in str(value)]


def test_erasure_leaves_other_objects_alone(insats_with_number, administrator):
    other = InsatsFactory(description=f"Annan insats, {PERSONNUMMER}.")

    erase_from_history(
        obj=insats_with_number, value=PERSONNUMMER, reason=REASON, user=administrator
    )

    assert PERSONNUMMER in Insats.objects.get(pk=other.pk).description
    assert other.history.filter(description__contains=PERSONNUMMER).exists()


def test_a_name_leaves_the_slug_and_the_admin_log_too(administrator):
    insats = InsatsFactory(title="Samtal med Anna Svensson", slug="samtal-med-anna-svensson")
    LogEntry.objects.log_actions(
        user_id=administrator.pk, queryset=[insats], action_flag=CHANGE, change_message=""
    )

    erase_from_history(obj=insats, value="Anna Svensson", reason=REASON, user=administrator)

    insats.refresh_from_db()
    assert (insats.title, insats.slug) == ("Samtal med [borttaget]", "samtal-med-borttaget")
    assert not insats.history.filter(slug__contains="anna-svensson").exists()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Insats), object_id=str(insats.pk)
    )
    assert "Anna Svensson" not in entry.object_repr


def test_erased_slug_that_collides_with_another_row_stays_unique(administrator):
    InsatsFactory(slug="samtal-med-borttaget")
    insats = InsatsFactory(title="Samtal med Anna Svensson", slug="samtal-med-anna-svensson")

    erase_from_history(obj=insats, value="Anna Svensson", reason=REASON, user=administrator)

    insats.refresh_from_db()
    assert insats.slug == f"samtal-med-borttaget-{insats.pk}"


def test_a_fastställd_lagesbild_can_be_erased_from_although_it_is_frozen(administrator):
    lagesbild = LagesbildFactory(analys=f"Uppgift från {PERSONNUMMER}.")
    approve(lagesbild)

    erase_from_history(obj=lagesbild, value=PERSONNUMMER, reason=REASON, user=administrator)

    assert history_text_containing(PERSONNUMMER) == []


@pytest.mark.parametrize("value", ["", "   ", "121", " 12 "], ids=["empty", "blank", "3", "3s"])
def test_erasure_refuses_an_empty_or_too_short_value(insats_with_number, administrator, value):
    with pytest.raises(ValidationError) as refused:
        erase_from_history(obj=insats_with_number, value=value, reason=REASON, user=administrator)

    assert "value" in refused.value.error_dict
    assert not Rensning.objects.exists()
    assert insats_with_number.history.filter(description__contains=PERSONNUMMER).count() == 3


def test_erasure_refuses_a_reason_that_repeats_the_value(insats_with_number, administrator):
    with pytest.raises(ValidationError) as refused:
        erase_from_history(
            obj=insats_with_number,
            value=PERSONNUMMER,
            reason=f"Ta bort {PERSONNUMMER}",
            user=administrator,
        )

    assert "reason" in refused.value.error_dict
    assert not Rensning.objects.exists()


def test_only_administrators_may_erase(insats_with_number):
    official = UserFactory(username="tjansteperson-rensning", roles=["Tjänsteperson"])

    with pytest.raises(PermissionDenied):
        erase_from_history(obj=insats_with_number, value=PERSONNUMMER, reason=REASON, user=official)

    assert insats_with_number.history.filter(description__contains=PERSONNUMMER).count() == 3


# --- Through the admin ----------------------------------------------------------------


def test_administrator_erases_through_the_admin_page_of_the_insats(
    client, insats_with_number, administrator
):
    client.force_login(administrator)
    change_url = reverse("admin:samverkan_insats_change", args=[insats_with_number.pk])
    erasure_url = reverse("admin:samverkan_insats_erasure", args=[insats_with_number.pk])
    assert erasure_url in client.get(change_url).text

    page = client.get(erasure_url)
    response = client.post(erasure_url, {"value": PERSONNUMMER, "reason": REASON}, follow=True)

    assert "Rensa personuppgift ur historiken" in page.text
    assert "Minst 4 tecken." in page.text
    assert response.redirect_chain == [(change_url, 302)]
    assert "Texten rensades ur 4 rader" in response.text
    assert history_text_containing(PERSONNUMMER) == []
    assert Rensning.objects.get().reason == REASON


def test_admin_erasure_page_shows_why_a_short_value_is_refused(
    client, insats_with_number, administrator
):
    client.force_login(administrator)
    erasure_url = reverse("admin:samverkan_insats_erasure", args=[insats_with_number.pk])

    response = client.post(erasure_url, {"value": "1212", "reason": ""})

    assert response.status_code == 200
    assert "Ange varför texten rensas" in response.text
    assert not Rensning.objects.exists()


def test_admin_erasure_page_is_refused_to_a_staff_user_who_is_not_an_administrator(
    client, insats_with_number
):
    staff = UserFactory(username="personal-rensning", roles=["Tjänsteperson"])
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    erasure_url = reverse("admin:samverkan_insats_erasure", args=[insats_with_number.pk])

    response = client.post(erasure_url, {"value": PERSONNUMMER, "reason": REASON})

    assert response.status_code == 403
    assert insats_with_number.history.filter(description__contains=PERSONNUMMER).count() == 3


def test_erasure_records_are_read_only_in_the_admin(client, insats_with_number, administrator):
    record = erase_from_history(
        obj=insats_with_number, value=PERSONNUMMER, reason=REASON, user=administrator
    )
    client.force_login(administrator)
    change_url = reverse("admin:organisation_rensning_change", args=[record.pk])

    page = client.get(change_url)
    client.post(change_url, {"reason": "Ändrad"})

    assert page.status_code == 200
    assert REASON in page.text
    assert client.get(reverse("admin:organisation_rensning_add")).status_code == 403
    assert (
        client.get(reverse("admin:organisation_rensning_delete", args=[record.pk])).status_code
        == 403
    )
    assert Rensning.objects.get().reason == REASON


def test_erasure_of_a_text_that_is_not_there_changes_nothing_and_says_so(
    insats_with_number, administrator
):
    with pytest.raises(ValidationError) as refused:
        erase_from_history(
            obj=insats_with_number, value="19121212 1212", reason=REASON, user=administrator
        )

    assert refused.value.error_dict["value"][0].code == "not_found"
    assert not Rensning.objects.exists()


def test_erasure_list_in_the_admin_names_the_fields_but_not_the_value(
    client, insats_with_number, administrator
):
    erase_from_history(
        obj=insats_with_number, value=PERSONNUMMER, reason=REASON, user=administrator
    )
    client.force_login(administrator)

    response = client.get(reverse("admin:organisation_rensning_changelist"))

    assert "description" in response.text
    assert PERSONNUMMER not in response.text


def test_admin_erasure_page_of_a_missing_object_is_404(client, administrator):
    client.force_login(administrator)

    response = client.get(reverse("admin:samverkan_insats_erasure", args=[999999]))

    assert response.status_code == 404
