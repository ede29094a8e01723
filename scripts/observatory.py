#!/usr/bin/env python3
"""Grade a page's response headers by the MDN HTTP Observatory's scoring rules.

    python3 scripts/observatory.py https://trygghet.example.org/ [--insecure]

A port of the HTTP Observatory's tests and score table (algorithm v2, the one the MDN
Observatory runs since 2024), followed from https://github.com/mdn/mdn-http-observatory:
src/scanner/index.js (two-round scoring), src/grader/charts.js (SCORE_TABLE, GRADE_CHART),
src/analyzer/tests/*.js (one function per test, in scripts/observatory_checks.py) and
src/analyzer/cspParser.js, and the method at
https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring.

Scoring: start at 100 and subtract every penalty; only if that leaves 90 or more are the
bonuses added. Grades go in steps of 5, A+ from 100. Where this port cannot do what the
Observatory does, it says so: it has no copy of the HSTS preload list (a site is never
"preloaded", which only forgoes the +5 of hsts-preloaded, so 140 is the most it can give), it
takes the registrable domain to be the last two labels of the host name (the Observatory uses
the public suffix list) and it merges several CSP policies by keeping the sources every policy
allows.

Only the standard library: it runs with any Python 3.12, inside or outside the project.
"""

from __future__ import annotations

import argparse
import ssl
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# The script runs from anywhere (and tests load it by path), so its sibling is found here.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from observatory_checks import (  # noqa: E402
    GRADE_CHART,
    MINIMUM_SCORE_FOR_EXTRA_CREDIT,
    OBSERVATORY_ORIGIN,
    SCORE_TABLE,
    Grade,
    Headers,
    PageParser,
    TestResult,
    content_security_policy,
    cookies,
    cross_origin_resource_policy,
    cross_origin_resource_sharing,
    redirection,
    referrer_policy,
    strict_transport_security,
    subresource_integrity,
    x_content_type_options,
    x_frame_options,
)

__all__ = ["OBSERVATORY_ORIGIN", "grade", "letter", "main"]


def letter(score: int) -> str:
    score = max(score, 0)
    return GRADE_CHART[min(score - score % 5, 100)]


def grade(
    headers,
    url: str,
    *,
    body: str = "",
    status: int = 200,
    set_cookies: list[str] | None = None,
    http_route: list[str] | None = None,
    cors_headers=None,
    cors_origin: str = OBSERVATORY_ORIGIN,
) -> Grade:
    """Grade one response.

    ``headers``: the final response's headers (a mapping or (name, value) pairs, so several
    Set-Cookie survive); ``url``: the address it came from; ``body``: its HTML, for SRI and
    <meta http-equiv>; ``set_cookies``: every Set-Cookie seen on the way (default: the final
    response's); ``http_route``: the addresses visited starting from the http:// address, the
    start included (None: not reachable over http); ``cors_headers``: the response to a request
    sent with ``Origin: cors_origin`` (default: ``headers``).
    """
    if not 200 <= status < 300:
        raise ValueError(f"{url} answered {status}; the Observatory only grades a 2xx response")
    final = Headers(headers)
    page = PageParser()
    page.feed(body or "")
    https = urlsplit(url).scheme == "https"
    hsts = strict_transport_security(final, https)
    csp_result, csp = content_security_policy(final, page, https)
    cookie_headers = final.all("set-cookie") if set_cookies is None else set_cookies
    cors = final if cors_headers is None else Headers(cors_headers)
    results = {
        "content-security-policy": csp_result,
        "cookies": cookies(cookie_headers, SCORE_TABLE[hsts][1]),
        "cross-origin-resource-sharing": cross_origin_resource_sharing(cors, cors_origin),
        "redirection": redirection(http_route),
        "referrer-policy": referrer_policy(final, page),
        "strict-transport-security": hsts,
        "subresource-integrity": subresource_integrity(final, page, url),
        "x-content-type-options": x_content_type_options(final),
        "x-frame-options": x_frame_options(final, csp),
        "cross-origin-resource-policy": cross_origin_resource_policy(final, page),
    }
    tests = [TestResult(name, result) for name, result in results.items()]
    uncurved = 100 + sum(t.modifier for t in tests if t.modifier < 0)
    score = 100 + sum(t.modifier for t in tests)
    if uncurved < MINIMUM_SCORE_FOR_EXTRA_CREDIT:
        score = uncurved
    score = max(score, 0)
    return Grade(score=score, grade=letter(score), tests=tests)


class _Recorder(urllib.request.HTTPRedirectHandler):
    def __init__(self):
        self.route: list[str] = []
        self.set_cookies: list[str] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.set_cookies += headers.get_all("Set-Cookie") or []
        self.route.append(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _fetch(url: str, context: ssl.SSLContext, extra_headers=None):
    if urlsplit(url).scheme not in {"http", "https"}:
        raise SystemExit(f"Bara http- och https-adresser kan betygsättas: {url}")
    recorder = _Recorder()
    recorder.route.append(url)
    opener = urllib.request.build_opener(recorder, urllib.request.HTTPSHandler(context=context))
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        headers={"Accept": "text/html,*/*", "User-Agent": "observatory.py"} | (extra_headers or {}),
    )
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read(2_000_000).decode("utf-8", errors="replace")
        recorder.set_cookies += response.headers.get_all("Set-Cookie") or []
        return response, body, recorder


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument(
        "--insecure",
        action="store_true",
        help="accept a self-signed certificate (a local TLS proxy); the real Observatory would not",
    )
    args = parser.parse_args(argv)
    context = ssl.create_default_context()
    if args.insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    try:
        response, body, recorder = _fetch(args.url, context)
    except (urllib.error.URLError, OSError) as error:
        print(f"Kunde inte hämta {args.url}: {error}", file=sys.stderr)
        return 1
    parts = urlsplit(args.url)
    http_route = None
    if parts.scheme == "https":
        try:
            _, _, http = _fetch(
                urlunsplit(("http", parts.hostname, parts.path, parts.query, "")), context
            )
            http_route = http.route
        except (urllib.error.URLError, OSError):
            http_route = None
    else:
        http_route = recorder.route
    cors, _, _ = _fetch(args.url, context, {"Origin": OBSERVATORY_ORIGIN})
    if not 200 <= response.status < 300:
        print(
            f"{response.geturl()} svarade {response.status}; bara 2xx betygsätts", file=sys.stderr
        )
        return 1
    result = grade(
        response.headers.items(),
        response.geturl(),
        body=body,
        status=response.status,
        set_cookies=recorder.set_cookies,
        http_route=http_route,
        cors_headers=cors.headers.items(),
    )
    for test in result.tests:
        mark = "ok " if test.passed else "FEL"
        print(f"{mark} [{test.modifier:+4d}] {test.name}: {test.expectation} ({test.description})")
    print(f"score: {result.score}")
    print(f"grade: {result.grade}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
