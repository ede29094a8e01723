"""The local OpenID Provider (provider.js, the certified oidc-provider package on Node.js).

One process per test session, on a free port on 127.0.0.1; `make test` installs its
packages from the committed lock. ``login`` walks its login and consent pages with
``requests`` the way a browser would, for tests that use Django's test client.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

HERE = Path(__file__).resolve().parent
CLIENT_ID = "saker-trygg-portal"
CLIENT_SECRET = "local-test-provider-secret-not-a-real-one"
STARTUP_SECONDS = 30


@dataclass
class LocalProvider:
    issuer: str
    accounts_file: Path

    def set_accounts(self, accounts: dict) -> None:
        """Who may log in and with which claims; read by the provider at every login."""
        temporary = self.accounts_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(accounts), encoding="utf-8")
        temporary.replace(self.accounts_file)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules").is_dir():
        pytest.fail("Node.js eller oidc-provider saknas: kör `make test`, som installerar dem.")
    directory = tmp_path_factory.mktemp("oidc-provider")
    provider = LocalProvider(
        issuer=f"http://127.0.0.1:{_free_port()}", accounts_file=directory / "accounts.json"
    )
    provider.set_accounts({})
    log_path = directory / "provider.log"
    environment = {
        **os.environ,
        "PORT": urlsplit(provider.issuer).port.__str__(),
        "ACCOUNTS": str(provider.accounts_file),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 – our own script, a fixed argument list
            [node, str(HERE / "provider.js")],
            cwd=HERE,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_discovery(provider, process, log_path)
            yield provider
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_discovery(provider, process, log_path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    url = f"{provider.issuer}/.well-known/openid-configuration"
    while True:
        if process.poll() is not None:
            pytest.fail(f"OpenID-providern avslutades: {log_path.read_text()}")
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"OpenID-providern svarade inte på {url}: {log_path.read_text()}")
        time.sleep(0.05)  # polling for the process to listen, not waiting for a result


def configure(settings, provider: LocalProvider) -> None:
    """Point the portal at the local provider, as the environment would in production."""
    from organisation import oidc

    settings.OIDC_ISSUER = provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.OIDC_GROUPS_CLAIM = "groups"
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], provider.issuer],
    }
    oidc.forget_provider()


_FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def at_provider(location: str, provider: LocalProvider) -> bool:
    return location.startswith(provider.issuer)


def walk_provider(session: requests.Session, url: str, provider, *, login: str) -> str:
    """Follow the provider's pages from ``url`` (sign in as ``login``, consent) until it
    redirects back to the portal; the portal URL it redirects to."""
    for _step in range(10):
        response = session.get(url, allow_redirects=False, timeout=5)
        while response.is_redirect:
            url = urljoin(response.url, response.headers["Location"])
            if not at_provider(url, provider):
                return url
            response = session.get(url, allow_redirects=False, timeout=5)
        action = _FORM_ACTION.search(response.text)
        assert action, response.text[:2000]
        data = (
            {"prompt": "login", "login": login, "password": "any"}
            if 'name="login"' in response.text
            else {"prompt": "consent"}
        )
        response = session.post(
            urljoin(response.url, unescape(action.group(1))),
            data=data,
            allow_redirects=False,
            timeout=5,
        )
        assert response.is_redirect, response.text[:2000]
        url = urljoin(response.url, response.headers["Location"])
        if not at_provider(url, provider):
            return url
    raise AssertionError("the provider never sent the browser back to the portal")


def portal_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
