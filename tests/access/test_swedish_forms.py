"""Every form of the portal offers the Swedish empty choice, never Django's dashes.

The empty choice is one translation (Django's "- Select an option -" in the .po file), not a
label set form by form; this walks every page of the URL matrix that an administrator can
open, and the admin's add pages, and reads the selects as rendered in Swedish.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.access.matrix import EXPECTED, build_population, cases

UNTRANSLATED = ["---------", "Select an option", "- Select"]
SELECT = re.compile(r"<select\b.*?</select>", re.S)
ADMIN_ADD_PAGES = [
    "admin:auth_user_add",
    "admin:samverkan_insats_add",
    "admin:organisation_mote_add",
    "admin:lagesbild_lagesbild_add",
]


def _selects(response) -> list[str]:
    if response.streaming or not response["Content-Type"].startswith("text/html"):
        return []
    return SELECT.findall(response.content.decode())


@pytest.mark.django_db
def test_every_select_of_every_form_offers_the_swedish_empty_choice(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with translation.override("sv"):
        population = build_population()
        client = Client()
        administrator = population.users["administrator"]
        administrator.is_staff = True
        administrator.save()
        client.force_login(administrator)
        pages = {}
        for name in EXPECTED:
            for case in cases(name):
                if case.method == "get" and case.statuses["administrator"] == 200:
                    url = reverse(name, kwargs=case.kwargs(population))
                    pages[url] = _selects(client.get(url))
        for name in ADMIN_ADD_PAGES:
            url = reverse(name)
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = _selects(response)

    wrong = [
        (url, word)
        for url, selects in pages.items()
        for word in UNTRANSLATED
        if word in "".join(selects)
    ]
    assert wrong == []
    with_empty_choice = [url for url, selects in pages.items() if "– Välj –" in "".join(selects)]
    # The insats, meeting, lägesbild and EST forms and the admin: the walk did reach forms.
    assert len(with_empty_choice) >= 8, with_empty_choice
