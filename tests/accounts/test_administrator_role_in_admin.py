"""An administrator by role, not a superuser, has the superuser's admin where the rules allow."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import RequestFactory
from django.urls import reverse

from organisation.models import KontoMedBehorigheter
from organisation.roles import ADMINISTRATOR
from tests.factories import UserFactory

# Django's raw permission screens are the superusers' own (organisation.grant_permissions).
SUPERUSERS_ONLY = {"auth.group", KontoMedBehorigheter._meta.label_lower}


@pytest.fixture
def administrator(db):
    user = UserFactory(username="admin-roll", roles=[ADMINISTRATOR])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def superuser(db):
    user = UserFactory(username="superanvandare")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _what_admin_offers(model_admin, request) -> dict:
    return {
        "module": model_admin.has_module_permission(request),
        "view": model_admin.has_view_permission(request),
        "change": model_admin.has_change_permission(request),
        "delete": model_admin.has_delete_permission(request),
        "add": model_admin.has_add_permission(request),
        "actions": sorted(model_admin.get_actions(request)),
    }


def test_every_admin_screen_offers_the_administrator_role_what_it_offers_a_superuser(
    administrator, superuser
):
    different = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.label_lower in SUPERUSERS_ONLY:
            continue
        by_role = _what_admin_offers(model_admin, _request(administrator))
        by_superuser = _what_admin_offers(model_admin, _request(superuser))
        if by_role != by_superuser:
            different[model._meta.label] = (by_role, by_superuser)

    assert different == {}


def test_the_raw_permission_screens_stay_the_superusers(administrator, superuser):
    for label in SUPERUSERS_ONLY:
        model_admin = next(
            a for m, a in admin.site._registry.items() if m._meta.label_lower == label
        )
        assert not model_admin.has_module_permission(_request(administrator))
        assert model_admin.has_module_permission(_request(superuser))


def test_an_administrator_by_role_unlocks_a_locked_out_official(client, administrator):
    attempt = AccessAttempt.objects.create(
        username="utelast",
        ip_address="192.0.2.10",
        failures_since_start=5,
        get_data="",
        post_data="",
    )
    client.force_login(administrator)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "utelast" in client.get(changelist).content.decode()

    confirm = client.post(
        changelist, {"action": "delete_selected", ACTION_CHECKBOX_NAME: [attempt.pk]}
    )
    assert confirm.status_code == 200
    client.post(
        changelist,
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [attempt.pk], "post": "yes"},
    )

    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_an_official_with_a_staff_flag_cannot_open_the_lockouts(client, db):
    user = UserFactory(username="personal")
    user.is_staff = True
    user.save()
    client.force_login(user)

    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
