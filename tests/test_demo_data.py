import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lagesbild.management.commands.load_demo import DEMO_PASSWORD
from organisation.models import Forum


@pytest.mark.django_db
def test_demo_command_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="bara i utvecklingsläge"):
        call_command("load_demo")

    assert get_user_model().objects.count() == 0
    assert Forum.objects.count() == 0


@pytest.mark.django_db
def test_demo_command_creates_one_account_per_role_and_can_run_again(settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")

    users = get_user_model().objects.order_by("username")
    assert [(u.username, [g.name for g in u.groups.all()]) for u in users] == [
        ("admin", ["Administratör"]),
        ("analytiker", ["Analytiker"]),
        ("est-rapportor", ["Tjänsteperson"]),
        ("samordnare", ["Samordnare"]),
        ("tjansteperson", ["Tjänsteperson"]),
    ]
    assert get_user_model().objects.get(username="admin").is_superuser
    assert not get_user_model().objects.get(username="samordnare").is_staff
    output = capsys.readouterr().out
    assert "samordnare" in output and DEMO_PASSWORD in output


@pytest.mark.django_db
def test_demo_official_logs_in_and_sees_their_groups(client, settings):
    settings.DEBUG = True
    call_command("load_demo")

    response = client.post(
        reverse("organisation:login"),
        {"username": "samordnare", "password": DEMO_PASSWORD},
        follow=True,
    )

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("samverkan:arbetsyta")
    assert "Min arbetsyta" in html
    assert "Lokala områdesnätverk" in html
    assert "Brottsförebyggande rådet" in html
    assert "Lokal samverkan" in html


@pytest.mark.django_db
def test_wrong_password_gets_a_swedish_message(client, boras):
    response = client.post(
        reverse("organisation:login"), {"username": "samordnare", "password": "fel"}
    )

    assert response.status_code == 200
    assert "korrekt användarnamn och lösenord" in response.content.decode()
