import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, boras):
    user = UserFactory(username="admin-test", roles=["Administratör"])
    user.is_staff = user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def project_models():
    return [
        model
        for model in admin.site._registry
        if model._meta.app_label in {"organisation", "samverkan", "lagesbild"}
    ]


def test_every_project_model_is_in_the_admin():
    registered = {m._meta.model_name for m in project_models()}
    assert {
        "kommun",
        "organ",
        "forum",
        "styrandedokument",
        "forummedlemskap",
        "samverkansomrade",
        "samverkansgrupp",
        "omrade",
        "gruppmedlemskap",
        "indikator",
        "indikatorvarde",
    } <= registered


@pytest.mark.parametrize("model", project_models(), ids=lambda m: m._meta.model_name)
def test_admin_list_search_and_edit_pages_open(admin_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Borås"}).status_code == 200
    first = model.objects.first()
    if first is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        assert admin_client.get(change).status_code == 200


def test_official_without_staff_flag_is_kept_out_of_the_admin(client, boras):
    client.force_login(UserFactory(roles=["Tjänsteperson"]))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
