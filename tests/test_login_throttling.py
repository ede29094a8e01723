"""Login throttling (django-axes) and idle session expiry for officials."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.session_idle import RENEWED_AT
from tests.factories import UserFactory
from tests.test_settings import start_django_and_print

PASSWORD = "korrekt-hast-batteri"
LOGIN = "/konto/logga-in/"
ADMIN_LOGIN = "/admin/login/"
LOCKED_MESSAGE = "För många misslyckade inloggningar"


@pytest.fixture
def samordnare(db):
    return UserFactory(username="samordnare")


def log_in(client, username, password, *, path=LOGIN, ip="198.51.100.7"):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def fail(client, username, times, **kwargs):
    for _ in range(times):
        response = log_in(client, username, "fel-losenord", **kwargs)
        assert response.status_code in {200, 429}


def test_four_wrong_passwords_still_let_the_right_one_in(client, samordnare):
    fail(client, "samordnare", 4)

    response = log_in(client, "samordnare", PASSWORD)

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(samordnare.pk)


def test_after_five_wrong_passwords_the_right_one_is_refused_with_a_swedish_message(
    client, samordnare
):
    fail(client, "samordnare", 5)

    response = log_in(client, "samordnare", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert LOCKED_MESSAGE in page
    assert "15 minuter" in page
    # The login page itself, not a bare error: the form is still there.
    assert 'name="username"' in page


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, samordnare):
    fail(client, "samordnare", 30)

    response = log_in(client, "samordnare", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_username_is_locked_whatever_address_the_attempts_come_from(client, samordnare):
    for number in range(5):
        log_in(client, "samordnare", "fel-losenord", ip=f"203.0.113.{number + 1}")

    response = log_in(client, "samordnare", PASSWORD, ip="203.0.113.99")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_is_locked_whatever_usernames_it_tries(client, samordnare):
    for number in range(5):
        log_in(client, f"gissning{number}", "fel-losenord", ip="192.0.2.50")

    refused = log_in(client, "samordnare", PASSWORD, ip="192.0.2.50")
    other_address = log_in(client, "samordnare", PASSWORD, ip="192.0.2.51")

    assert refused.status_code == 429
    assert other_address.status_code == 302


def test_the_admin_login_is_throttled_too(client, samordnare):
    samordnare.is_staff = True
    samordnare.save()
    fail(client, "samordnare", 5, path=ADMIN_LOGIN)

    response = log_in(client, "samordnare", PASSWORD, path=ADMIN_LOGIN)

    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_the_admin_login_count_for_the_portal_login(client, samordnare):
    fail(client, "samordnare", 5, path=ADMIN_LOGIN)

    assert log_in(client, "samordnare", PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_cool_off_time(client, samordnare):
    from axes.models import AccessAttempt  # axes is not installed on main

    fail(client, "samordnare", 5)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=16)
    )

    response = log_in(client, "samordnare", PASSWORD)

    assert response.status_code == 302


def test_the_limit_and_cool_off_come_from_the_environment():
    values = start_django_and_print(
        "settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME.total_seconds()",
        DJANGO_AXES_FAILURE_LIMIT="3",
        DJANGO_AXES_COOLOFF_MINUTES="60",
    )

    assert values == "(3, 3600.0)"


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(username="admin-test")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def test_an_administrator_unlocks_an_account_by_deleting_its_attempt_in_admin(
    client, admin_client, samordnare
):
    from axes.models import AccessAttempt  # axes is not installed on main

    locked_out = Client()
    fail(locked_out, "samordnare", 5)
    attempt = AccessAttempt.objects.get(username="samordnare")

    listing = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "samordnare" in listing.content.decode()
    confirm = admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert confirm.status_code == 302

    response = log_in(locked_out, "samordnare", PASSWORD)
    assert response.status_code == 302


def test_a_proxy_header_is_ignored_unless_the_portal_is_behind_a_proxy(client, samordnare):
    for number in range(5):
        client.post(
            LOGIN,
            {"username": f"gissning{number}", "password": "x"},
            REMOTE_ADDR="192.0.2.60",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )

    assert log_in(client, "samordnare", PASSWORD, ip="192.0.2.60").status_code == 429


def test_behind_a_proxy_the_address_the_proxy_saw_is_the_one_counted(client, samordnare, settings):
    settings.BEHIND_PROXY = True
    for number in range(5):
        client.post(
            LOGIN,
            {"username": f"gissning{number}", "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            # A client may send its own X-Forwarded-For; the proxy appends the real address.
            HTTP_X_FORWARDED_FOR=f"1.2.3.{number}, 192.0.2.70",
        )

    locked = client.post(
        LOGIN,
        {"username": "samordnare", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.70",
    )
    other = client.post(
        LOGIN,
        {"username": "samordnare", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="192.0.2.71",
    )

    assert locked.status_code == 429
    assert other.status_code == 302


def test_a_forged_forwarded_address_never_causes_a_server_error(client, samordnare, settings):
    settings.BEHIND_PROXY = True

    response = client.post(
        LOGIN,
        {"username": "samordnare", "password": "x"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="<script>, not-an-address",
    )

    assert response.status_code == 200


# Idle sessions. Time passing is simulated by moving the session's expiry back by the idle
# time: what the database would hold if the last request had been that long ago.


def idle_for(client, duration):
    """The session's expiry, and the time it was last renewed, moved back by `duration`."""
    session = Session.objects.get(session_key=client.session.session_key)
    session.expire_date -= duration
    data = session.get_decoded()
    data[RENEWED_AT] = data.get(RENEWED_AT, int(time.time())) - int(duration.total_seconds())
    session.session_data = SessionStore().encode(data)
    session.save()


def test_an_official_idle_for_eight_hours_and_a_minute_is_logged_out(client, samordnare):
    client.force_login(samordnare)
    assert client.get(reverse("samverkan:arbetsyta")).status_code == 200

    idle_for(client, timedelta(hours=8, minutes=1))
    response = client.get(reverse("samverkan:arbetsyta"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organisation:login"))


def test_an_official_idle_for_seven_hours_and_59_minutes_stays_logged_in(client, samordnare):
    client.force_login(samordnare)
    client.get(reverse("samverkan:arbetsyta"))

    idle_for(client, timedelta(hours=7, minutes=59))
    response = client.get(reverse("samverkan:arbetsyta"))

    assert response.status_code == 200


def test_every_request_restarts_the_idle_time(client, samordnare):
    client.force_login(samordnare)
    client.get(reverse("samverkan:arbetsyta"))
    idle_for(client, timedelta(hours=7))
    client.get(reverse("samverkan:arbetsyta"))

    idle_for(client, timedelta(hours=7))
    response = client.get(reverse("samverkan:arbetsyta"))

    assert response.status_code == 200


def test_requests_within_a_minute_do_not_write_the_session_again(client, samordnare):
    client.force_login(samordnare)
    client.get(reverse("samverkan:arbetsyta"))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("samverkan:arbetsyta"))

    assert response.status_code == 200
    writes = [
        q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]
    assert writes == []


def test_anonymous_visitors_get_no_session_written(client, boras):
    before = Session.objects.count()

    for path in ["/", "/insatser/", "/forum/bra/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "sessionid" not in response.cookies

    assert Session.objects.count() == before


def test_the_idle_time_comes_from_the_environment():
    values = start_django_and_print(
        "settings.SESSION_COOKIE_AGE, "
        "'organisation.session_idle.SessionIdleTimeoutMiddleware' in settings.MIDDLEWARE",
        DJANGO_SESSION_IDLE_HOURS="2",
    )

    assert values == "(7200, True)"


def test_a_login_with_an_absurdly_long_user_name_is_refused_not_a_server_error(client, db):
    response = client.post(
        reverse("organisation:login"), {"username": "a" * 5000, "password": "fel"}
    )

    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "a" * 150
