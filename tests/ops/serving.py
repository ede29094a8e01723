"""Requests answered by other interpreters with their own environment, as a server would."""

import json
import os
import selectors
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


SERVE = """
import json, sys, django
django.setup()
from django.test import Client
print("ready", flush=True)
for path in sys.stdin:
    response = Client().get(path.strip())
    print(json.dumps({
        "status": response.status_code,
        "cache": response.get("X-Public-Cache"),
        "body": response.content.decode(),
    }), flush=True)
"""


class ServerProcess:
    """One long-lived interpreter answering GET requests, one path per line, like a worker.

    It keeps its own memory between requests, so what it serves after another process
    changed the data shows whether anything was remembered per process.
    """

    def __init__(self, timeout: float = 60, **env):
        environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        environment |= {"DJANGO_ALLOWED_HOSTS": "testserver"} | env
        environment["DJANGO_SETTINGS_MODULE"] = "saker_trygg.settings"
        self.timeout = timeout
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", SERVE],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ)
        assert self._line() == "ready"

    def _line(self) -> str:
        if not self.selector.select(self.timeout):
            raise TimeoutError(f"no answer within {self.timeout} s")
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the server process ended: {self.process.stderr.read()[-2000:]}")
        return line.strip()

    def get(self, path: str) -> dict:
        self.process.stdin.write(path + "\n")
        self.process.stdin.flush()
        return json.loads(self._line())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(10)
        self.selector.close()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()
