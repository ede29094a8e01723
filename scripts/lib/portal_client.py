"""A browser-like client for the scripts: cookies, CSRF tokens from forms, no redirects followed.

Usage from bash: python scripts/lib/portal_client.py COMMAND ...; see two_servers.sh.
"""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, jar=None):
        self.jar = jar or http.cookiejar.CookieJar()
        self.last_headers = {}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        if not url.startswith("http://127.0.0.1:"):
            raise SystemExit(f"loopback only: {url}")
        request = urllib.request.Request(url, data=body, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(request, timeout=10) as response:
                self.last_headers = response.headers
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            self.last_headers = error.headers
            return error.code, error.read().decode(errors="replace")

    def page(self, url):
        """(status, X-Public-Cache, body): hit means the shared cache served it."""
        status, body = self.request(url)
        return status, self.last_headers.get("X-Public-Cache", "-"), body

    def csrf_token(self, url):
        status, html = self.request(url)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not match:
            raise SystemExit(f"no CSRF token on {url} ({status})")
        return match.group(1)

    def login(self, base, username, password):
        token = self.csrf_token(f"{base}/konto/logga-in/")
        return self.request(
            f"{base}/konto/logga-in/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
            headers={"Referer": f"{base}/konto/logga-in/"},
        )[0]

    def post(self, base, path, referer_path):
        token = self.csrf_token(f"{base}{referer_path}")
        return self.request(
            f"{base}{path}",
            {"csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}{referer_path}"},
        )[0]

    def move_session_to(self, base):
        """Copy the cookies to another host:port, as a load balancer sends one browser anywhere."""
        host = urllib.parse.urlsplit(base).hostname
        for cookie in list(self.jar):
            cookie.domain = host
        return self


def wait_for_status(client, url, expected, limit):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if client.request(url)[0] == expected:
            return time.monotonic() - start
        time.sleep(0.05)
    raise SystemExit(f"{url} did not answer {expected} within {limit} s")
