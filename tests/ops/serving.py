"""A request answered by a fresh interpreter with its own environment, as a server would."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

REQUEST = """
import json, sys, django
django.setup()
from django.test import Client
response = Client().get(sys.argv[1], headers=json.loads(sys.argv[2]))
print(response.status_code)
print(json.dumps(dict(response.headers)))
print(response.content.decode())
"""


def database_url_of_this_test() -> str:
    """The URL of the test database the current test runs against (committed rows only)."""
    params = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{params['NAME']}"
    host = quote(params["HOST"] or "localhost", safe="")
    port = f":{params['PORT']}" if params["PORT"] else ""
    return f"postgres://{params['USER']}@{host}{port}/{params['NAME']}"


def request_in_fresh_process(path: str, headers: dict | None = None, **env):
    """(status, headers, body, stderr) of GET path in a new interpreter."""
    import json

    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment["DJANGO_ALLOWED_HOSTS"] = "testserver"
    environment.update(env)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", REQUEST, path, json.dumps(headers or {})],
        cwd=ROOT,
        env=environment | {"DJANGO_SETTINGS_MODULE": "saker_trygg.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, header_line, body = result.stdout.split("\n", 2)
    return int(status), json.loads(header_line), body, result.stderr
