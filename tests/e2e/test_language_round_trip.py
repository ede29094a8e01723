import pytest
from django.urls import reverse

from samverkan.services import load_structure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def structure(transactional_db):
    load_structure()


@pytest.mark.parametrize(
    "name, kwargs",
    [("organisation:forum", {"slug": "bra"}), ("samverkan:omraden", {})],
)
def test_resident_switches_to_english_and_back_and_stays_on_the_page(
    page, live_server, structure, name, kwargs
):
    path = reverse(name, kwargs=kwargs)
    page.goto(live_server.url + path)
    swedish_heading = page.get_by_role("heading", level=1).inner_text()

    page.get_by_role("button", name="In English").click()
    page.wait_for_url(live_server.url + "/en" + path)
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="På svenska").click()
    page.wait_for_url(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == swedish_heading
