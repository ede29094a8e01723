"""Password reset by e-mail for local accounts; SSO accounts and unknown addresses get none."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

RESET_URL = reverse("organisation:password_reset")
DONE_URL = reverse("organisation:password_reset_done")
NEW_PASSWORD = "sommar-trygghet-2027"


@pytest.fixture
def local_account(db):
    return UserFactory(username="lokal-nina", email="nina.nilsson@example.org")


@pytest.fixture
def sso_account(db):
    user = UserFactory(username="sso-sara", email="sara.svensson@example.org")
    user.set_unusable_password()
    user.save()
    return user


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_login_page_links_to_the_password_reset(client, db):
    page = client.get(reverse("organisation:login")).content.decode()

    assert f'href="{RESET_URL}"' in page
    assert "Glömt lösenordet?" in page


def test_a_local_account_gets_a_swedish_mail_whose_link_sets_a_new_password(client, local_account):
    response = client.post(RESET_URL, {"email": "Nina.Nilsson@example.org"})

    assert response.status_code == 302 and response.url == DONE_URL
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nina.nilsson@example.org"]
    assert message.subject.startswith("Nytt lösenord för")
    assert "Någon har bett om ett nytt lösenord för kontot lokal-nina" in message.body
    link = re.search(r"https?://[^/\s]+(/konto/nytt-losenord/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert "Välj ett nytt lösenord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.url == reverse("organisation:password_reset_complete")
    local_account.refresh_from_db()
    assert local_account.check_password(NEW_PASSWORD)
    # The link works once.
    assert "Länken är inte giltig" in client.get(link, follow=True).content.decode()


def test_an_sso_account_gets_no_mail_and_the_same_answer_as_anyone(client, sso_account):
    response = client.post(RESET_URL, {"email": sso_account.email})

    assert response.status_code == 302 and response.url == DONE_URL
    assert mail.outbox == []
    sso_account.refresh_from_db()
    assert not sso_account.has_usable_password()


def test_an_unknown_address_gets_the_same_answer_as_a_known_one(client, local_account):
    unknown = client.post(RESET_URL, {"email": "finns-inte@example.org"}, follow=True)
    known = client.post(RESET_URL, {"email": local_account.email}, follow=True)

    assert unknown.redirect_chain == known.redirect_chain == [(DONE_URL, 302)]
    assert without_csrf_token(unknown) == without_csrf_token(known)
    assert len(mail.outbox) == 1
    assert "Titta i din e-post" in known.content.decode()


def test_a_tampered_link_is_refused_in_swedish(client, local_account):
    page = client.get(
        reverse(
            "organisation:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "fel-token"}
        )
    )

    assert page.status_code == 200
    assert "Länken är inte giltig" in page.content.decode()
    assert 'name="new_password1"' not in page.content.decode()
