import pytest

from tests.smtp_server import SmtpServer


@pytest.fixture(scope="session")
def smtp_server():
    """One local SMTP server for the session, stopped at its end whatever failed."""
    with SmtpServer() as server:
        yield server


@pytest.fixture
def smtp(smtp_server, settings):
    """Django's mail goes to the local SMTP server; each test starts with an empty mailbox."""
    settings.MAILERS = smtp_server.mailer_settings
    settings.SITE_URL = "https://trygg.example.se"
    smtp_server.clear()
    yield smtp_server
    smtp_server.clear()
