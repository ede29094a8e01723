"""An official logs in through the kommun's OpenID Provider in Chromium, and out again.

The provider is the real local one (tests/oidc_provider/provider.js): its own login and
consent pages, the code exchange and the id token check, then RP-initiated logout.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from organisation.models import OidcRollkoppling
from organisation.roles import TJANSTEPERSON
from tests.e2e.test_accessibility import serious_violations
from tests.oidc_provider.server import configure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def sso(settings, oidc_provider):
    configure(settings, oidc_provider)
    oidc_provider.set_accounts(
        {
            "eva": {
                "given_name": "Eva",
                "family_name": "Ek",
                "email": "eva.ek@boras.example",
                "groups": ["SST-Tjansteperson"],
            },
            "utan-roll": {"name": "Utan Roll", "groups": ["Fikaklubben"]},
        }
    )
    OidcRollkoppling.objects.create(
        claim_value="SST-Tjansteperson", role=Group.objects.get_or_create(name=TJANSTEPERSON)[0]
    )
    return oidc_provider


def sign_in_at_provider(page, login):
    page.get_by_role("link", name="Logga in med kommunens konto").click()
    page.wait_for_selector('input[name="login"]')
    page.fill('input[name="login"]', login)
    page.fill('input[name="password"]', "valfritt")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def test_an_official_logs_in_with_the_kommuns_account_and_logs_out_of_both(page, live_server, sso):
    page.goto(live_server.url + reverse("organisation:login"))
    assert serious_violations(page) == []

    sign_in_at_provider(page, "eva")

    page.wait_for_url(live_server.url + reverse("samverkan:arbetsyta"))
    assert page.get_by_role("heading", name="Min arbetsyta").is_visible()

    page.get_by_role("button", name="Logga ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("link", name="Logga in", exact=True).is_visible()


def test_an_account_without_a_role_is_told_whom_to_ask(page, live_server, sso):
    page.goto(live_server.url + reverse("organisation:login"))

    sign_in_at_provider(page, "utan-roll")

    page.wait_for_url(live_server.url + reverse("organisation:ingen_roll"))
    assert page.get_by_role("heading", name="Ditt konto har ingen roll ännu").is_visible()
    assert serious_violations(page) == []
