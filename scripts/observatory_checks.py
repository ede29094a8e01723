"""The HTTP Observatory's tests, one function each, and its score table.

Ported from https://github.com/mdn/mdn-http-observatory (src/analyzer/tests/*.js,
src/analyzer/cspParser.js, src/grader/charts.js); scripts/observatory.py runs them and scores.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

# From SCORE_TABLE in src/grader/charts.js and the pass lists at the end of each test:
# expectation, score modifier, whether the test counts as passed, description.
_SCORES = """
csp-implemented-with-no-unsafe-default-src-none                 +10 pass  CSP implemented with default-src 'none', no 'unsafe' and form-action set
csp-implemented-with-no-unsafe                                   +5 pass  CSP implemented without 'unsafe-inline' or 'unsafe-eval'
csp-implemented-with-unsafe-inline-in-style-src-only             +0 pass  CSP allows unsafe sources in style-src
csp-implemented-with-insecure-scheme-in-passive-content-only    -10 pass  CSP allows images or media over HTTP
csp-implemented-with-unsafe-eval                                -10 fail  CSP allows 'unsafe-eval'
csp-implemented-with-unsafe-inline                              -20 fail  CSP implemented unsafely (script-src/object-src)
csp-implemented-with-insecure-scheme                            -20 fail  CSP allows resources over HTTP
csp-header-invalid                                              -25 fail  CSP header cannot be parsed
csp-not-implemented                                             -25 fail  CSP header not implemented
csp-not-implemented-but-reporting-enabled                       -25 fail  CSP only as Content-Security-Policy-Report-Only
csp-implemented-but-duplicate-directives                         +0 pass  CSP implemented, but with duplicate directives
cookies-secure-with-httponly-sessions-and-samesite               +5 pass  All cookies Secure, session cookies HttpOnly, SameSite set
cookies-secure-with-httponly-sessions                            +0 pass  All cookies Secure, session cookies HttpOnly
cookies-not-found                                                +0 pass  No cookies detected
cookies-without-secure-flag-but-protected-by-hsts                -5 fail  Cookies without Secure, but HSTS
cookies-session-without-secure-flag-but-protected-by-hsts       -10 fail  Session cookie without Secure, but HSTS
cookies-without-secure-flag                                     -20 fail  Cookies without Secure or set over HTTP
cookies-samesite-flag-invalid                                   -20 fail  SameSite set to something other than Strict or Lax
cookies-anticsrf-without-samesite-flag                          -20 fail  Anti-CSRF token without SameSite
cookies-session-without-httponly-flag                           -30 fail  Session cookie without HttpOnly
cookies-session-without-secure-flag                             -40 fail  Session cookie without Secure or over HTTP
cross-origin-resource-sharing-not-implemented                    +0 pass  Content not visible via CORS
cross-origin-resource-sharing-implemented-with-public-access     +0 pass  Public content visible via Access-Control-Allow-Origin: *
cross-origin-resource-sharing-implemented-with-restricted-access   +0 pass  CORS restricted to specific origins
cross-origin-resource-sharing-implemented-with-universal-access  -50 fail  CORS reflects any origin with credentials
redirection-all-redirects-preloaded                              +0 pass  All redirected hosts are HSTS preloaded
redirection-to-https                                             +0 pass  Initial redirection to HTTPS on the same host, final is HTTPS
redirection-not-needed-no-http                                   +0 pass  Not available over HTTP, no redirection needed
redirection-off-host-from-http                                   -5 fail  HTTP redirects to HTTPS on another host
redirection-not-to-https-on-initial-redirection                 -10 fail  First redirection is to HTTP
redirection-not-to-https                                        -20 fail  Redirects, but the destination is not HTTPS
redirection-missing                                             -20 fail  Does not redirect to HTTPS
redirection-invalid-cert                                        -20 fail  Invalid certificate during redirection
referrer-policy-private                                          +5 pass  Referrer-Policy no-referrer, same-origin or strict-*
referrer-policy-not-implemented                                  +0 pass  Referrer-Policy not implemented
referrer-policy-unsafe                                           -5 fail  Referrer-Policy set unsafely
referrer-policy-header-invalid                                   -5 fail  Referrer-Policy cannot be recognised
hsts-preloaded                                                   +5 pass  Preloaded via the HSTS preload list
hsts-implemented-max-age-at-least-six-months                     +0 pass  HSTS max-age at least six months
hsts-implemented-max-age-less-than-six-months                   -10 fail  HSTS max-age below six months
hsts-not-implemented                                            -20 fail  HSTS not implemented
hsts-header-invalid                                             -20 fail  HSTS header cannot be recognised
hsts-not-implemented-no-https                                   -20 fail  HSTS cannot be set without HTTPS
hsts-invalid-cert                                               -20 fail  HSTS with an invalid certificate chain
sri-implemented-and-all-scripts-loaded-securely                  +5 pass  SRI on scripts from a similar origin
sri-implemented-and-external-scripts-loaded-securely             +5 pass  SRI implemented, scripts secure
sri-not-implemented-response-not-html                            +0 pass  SRI only needed for HTML
sri-not-implemented-but-no-scripts-loaded                        +0 pass  No script tags
sri-not-implemented-but-all-scripts-loaded-from-secure-origin    +0 pass  No SRI, all scripts from a similar origin
sri-not-implemented-but-external-scripts-loaded-securely         -5 fail  No SRI on external scripts
sri-implemented-but-external-scripts-not-loaded-securely        -20 fail  External scripts over HTTP
sri-not-implemented-and-external-scripts-not-loaded-securely    -50 fail  No SRI and external scripts over HTTP
x-content-type-options-nosniff                                   +0 pass  X-Content-Type-Options: nosniff
x-content-type-options-not-implemented                           -5 fail  X-Content-Type-Options not implemented
x-content-type-options-header-invalid                            -5 fail  X-Content-Type-Options cannot be recognised
x-frame-options-implemented-via-csp                              +5 pass  Framing controlled by CSP frame-ancestors
x-frame-options-sameorigin-or-deny                               +0 pass  X-Frame-Options SAMEORIGIN or DENY
x-frame-options-allow-from-origin                                +0 pass  X-Frame-Options ALLOW-FROM
x-frame-options-not-implemented                                 -20 fail  X-Frame-Options not implemented
x-frame-options-header-invalid                                  -20 fail  X-Frame-Options cannot be recognised
cross-origin-resource-policy-header-invalid                      -5 fail  CORP cannot be recognised
cross-origin-resource-policy-implemented-with-cross-origin       +0 pass  CORP cross-origin
cross-origin-resource-policy-implemented-with-same-origin       +10 pass  CORP same-origin
cross-origin-resource-policy-implemented-with-same-site         +10 pass  CORP same-site
cross-origin-resource-policy-not-implemented                     +0 pass  CORP not implemented
html-not-parseable                                              -20 fail  Claims to be HTML, but cannot be parsed
"""
SCORE_TABLE: dict[str, tuple[int, bool, str]] = {
    name: (int(modifier), verdict == "pass", description)
    for name, modifier, verdict, description in (
        line.split(maxsplit=3) for line in _SCORES.strip().splitlines()
    )
}

GRADE_CHART = {100: "A+", 95: "A", 90: "A", 85: "A-", 80: "B+", 75: "B", 70: "B", 65: "B-"}
GRADE_CHART |= {60: "C+", 55: "C", 50: "C", 45: "C-", 40: "D+", 35: "D", 30: "D", 25: "D-"}
GRADE_CHART |= {20: "F", 15: "F", 10: "F", 5: "F", 0: "F"}
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
HTML_TYPES = {"text/html", "application/xhtml+xml"}
OBSERVATORY_ORIGIN = "https://http-observatory.security.mozilla.org"
SIX_MONTHS = 15_552_000  # the Observatory's "white lie" for 15768000


@dataclass
class TestResult:
    name: str
    expectation: str

    @property
    def passed(self) -> bool:
        return SCORE_TABLE[self.expectation][1]

    @property
    def modifier(self) -> int:
        return SCORE_TABLE[self.expectation][0]

    @property
    def description(self) -> str:
        return SCORE_TABLE[self.expectation][2]


@dataclass
class Grade:
    score: int
    grade: str
    tests: list[TestResult] = field(default_factory=list)

    def test(self, name: str) -> TestResult:
        return next(t for t in self.tests if t.name == name)


class Headers:
    """Case-insensitive multi-valued headers, from a mapping or (name, value) pairs."""

    def __init__(self, headers: Mapping[str, str] | Iterable[tuple[str, str]] | None):
        items = headers.items() if isinstance(headers, Mapping) else (headers or [])
        self.items = [(name.lower(), value) for name, value in items]

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.items if key == name.lower()]

    def first(self, name: str) -> str | None:
        values = self.all(name)
        return values[0] if values else None


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.http_equiv: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        elif tag == "meta" and attributes.get("http-equiv") and attributes.get("content"):
            name = attributes["http-equiv"].lower()
            self.http_equiv.setdefault(name, []).append(attributes["content"])


def _parse_csp(policies: list[str]) -> dict[str, set[str]]:
    """cspParser.js: directive -> sources; raises ValueError where the Observatory does."""
    merged: dict[str, set[str]] = {}
    duplicates: set[str] = set()
    for index, raw in enumerate(policies):
        policy = raw.replace("\r", "").replace("\n", "").strip()
        if len(policy) < len("img-src") - 1:
            raise ValueError(f"invalid policy {policy!r}")
        seen: set[str] = set()
        this_policy: dict[str, set[str]] = {}
        for entry in policy.split(";"):
            parts = entry.strip().split()
            if not parts:
                continue
            directive, values = parts[0].lower(), [v.lower() for v in parts[1:]]
            if directive in seen:
                if directive in {"report-uri", "report-to"}:
                    duplicates.add(directive)
                    continue
                raise ValueError(f"duplicate directive {directive}")
            seen.add(directive)
            if not values and directive.endswith("-src"):
                values = ["'none'"]
            this_policy[directive] = set(values)
        for directive, sources in this_policy.items():
            if index and directive in merged:
                merged[directive] = (merged[directive] & sources) or {"'none'"}
            else:
                merged[directive] = sources or {"'none'"}
    if duplicates:
        merged["_duplicates"] = duplicates
    return merged


def _split_policies(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",")]


DANGEROUSLY_BROAD = {
    "ftp:",
    "http:",
    "https:",
    "*",
    "http://*",
    "http://*.*",
    "https://*",
    "https://*.*",
}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")


def content_security_policy(headers: Headers, page: PageParser, https: bool):
    http_policies = _split_policies(headers.all("content-security-policy"))
    meta_policies = _split_policies(page.http_equiv.get("content-security-policy", []))
    try:
        csp = _parse_csp(http_policies + meta_policies)
    except ValueError:
        return "csp-header-invalid", None
    try:
        header_csp = _parse_csp(http_policies)
    except ValueError:
        header_csp = {}
    try:
        meta_csp = _parse_csp(meta_policies)
        for directive in ("frame-ancestors", "report-uri", "sandbox"):
            meta_csp.pop(directive, None)
    except ValueError:
        meta_csp = {}
    if not header_csp and not meta_csp:
        if headers.first("content-security-policy-report-only"):
            return "csp-not-implemented-but-reporting-enabled", None
        return "csp-not-implemented", None

    def sources(*directives):
        for directive in directives:
            if directive in csp:
                return set(csp[directive])
        return {"*"}

    object_src = sources("object-src", "default-src")
    script_src = sources("script-src", "default-src")
    style_src = sources("style-src", "default-src")
    result = None
    for source_list in (script_src, style_src):
        if any(s.startswith(NONCES_HASHES) for s in source_list):
            source_list.discard("'unsafe-inline'")
    if any(s.startswith(NONCES_HASHES) for s in script_src) and "'strict-dynamic'" in script_src:
        for source in list(script_src):
            if source.startswith(tuple(DANGEROUSLY_BROAD)) or source in {
                "'self'",
                "'unsafe-inline'",
            }:
                script_src.discard(source)
    elif "'strict-dynamic'" in script_src:
        result = "csp-header-invalid"

    passive = {"img-src", "media-src"}
    active_sources = [
        s for d, values in csp.items() if d not in passive and d != "script-src" for s in values
    ] + list(script_src)
    passive_sources = [s for d in passive for s in csp.get(d, csp.get("default-src", set()))]

    def first(expectation):
        nonlocal result
        result = result or expectation

    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD:
        first("csp-implemented-with-unsafe-inline")
    if https and any(s.startswith(("http:", "ftp:")) for s in active_sources):
        first("csp-implemented-with-insecure-scheme")
    if "'unsafe-eval'" in script_src | style_src:
        first("csp-implemented-with-unsafe-eval")
    if https and any(s.startswith(("http:", "ftp:")) for s in passive_sources):
        first("csp-implemented-with-insecure-scheme-in-passive-content-only")
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        first("csp-implemented-with-unsafe-inline-in-style-src-only")
    if csp.get("default-src") == {"'none'"}:
        first("csp-implemented-with-no-unsafe-default-src-none")
    else:
        first("csp-implemented-with-no-unsafe")
    if (
        result
        in {
            "csp-implemented-with-no-unsafe",
            "csp-implemented-with-no-unsafe-default-src-none",
            "csp-implemented-with-unsafe-inline-in-style-src-only",
            "csp-implemented-with-insecure-scheme-in-passive-content-only",
        }
        and "_duplicates" in csp
    ):
        result = "csp-implemented-but-duplicate-directives"
    return result, csp


def _worse(new, current, goodness):
    if current is None or goodness.index(new) > goodness.index(current):
        return new
    return current


def cookies(set_cookies: list[str], hsts_passes: bool):
    goodness = [
        "cookies-without-secure-flag-but-protected-by-hsts",
        "cookies-without-secure-flag",
        "cookies-session-without-secure-flag-but-protected-by-hsts",
        "cookies-samesite-flag-invalid",
        "cookies-anticsrf-without-samesite-flag",
        "cookies-session-without-httponly-flag",
        "cookies-session-without-secure-flag",
    ]
    result = None
    parsed = []
    for raw in set_cookies:
        name, _, _ = raw.partition(";")[0].partition("=")
        attributes = {}
        for part in raw.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            attributes[key.strip().lower()] = value.strip()
        if "samesite" in attributes and attributes["samesite"].lower() not in {
            "lax",
            "strict",
            "none",
        }:
            result = _worse("cookies-samesite-flag-invalid", result, goodness)
        if name.strip():
            parsed.append((name.strip(), attributes))
    if not parsed:
        return "cookies-not-found"
    missing_samesite = False
    for name, attributes in parsed:
        session = any(marker in name.lower() for marker in ("login", "sess"))
        anticsrf = "csrf" in name.lower()
        secure = "secure" in attributes
        samesite = attributes.get("samesite", "").lower() or None
        if not secure and samesite == "none":
            result = _worse("cookies-samesite-flag-invalid", result, goodness)
        if not secure:
            result = _worse(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts_passes
                else "cookies-without-secure-flag",
                result,
                goodness,
            )
        if anticsrf and not samesite:
            result = _worse("cookies-anticsrf-without-samesite-flag", result, goodness)
        if session and not secure:
            result = _worse(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts_passes
                else "cookies-session-without-secure-flag",
                result,
                goodness,
            )
        if session and "httponly" not in attributes:
            result = _worse("cookies-session-without-httponly-flag", result, goodness)
        missing_samesite = missing_samesite or not samesite
    if result:
        return result
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions"
    return "cookies-secure-with-httponly-sessions-and-samesite"


def cross_origin_resource_sharing(cors: Headers, origin: str):
    allow_origin = cors.first("access-control-allow-origin")
    if not allow_origin:
        return "cross-origin-resource-sharing-not-implemented"
    value = allow_origin[:256].strip().lower()
    if value == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    credentials = (cors.first("access-control-allow-credentials") or "").strip().lower()
    if origin == allow_origin and credentials == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection(http_route: list[str] | None):
    if http_route is None:
        return "redirection-not-needed-no-http"
    route = [urlsplit(u) for u in http_route]
    if len(route) == 1:
        return "redirection-missing"
    if route[-1].scheme != "https":
        return "redirection-not-to-https"
    if route[1].scheme == "http":
        return "redirection-not-to-https-on-initial-redirection"
    if route[0].scheme == "http" and route[0].hostname != route[1].hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def referrer_policy(headers: Headers, page: PageParser):
    good = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]
    bad = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"]
    values = headers.all("referrer-policy") + page.http_equiv.get("referrer-policy", [])
    if not values:
        return "referrer-policy-not-implemented"
    known = [
        v.strip().lower() for v in ", ".join(values).split(",") if v.strip().lower() in good + bad
    ]
    policy = known[-1] if known else ""
    if policy in good:
        return "referrer-policy-private"
    if policy in bad:
        return "referrer-policy-unsafe"
    return "referrer-policy-header-invalid"


def strict_transport_security(headers: Headers, https: bool):
    if not https:
        return "hsts-not-implemented-no-https"
    values = headers.all("strict-transport-security")
    if not values:
        return "hsts-not-implemented"
    header = values[0][:1024]
    if "," in header:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (p.strip().lower() for p in header.split(";")):
        if parameter.startswith("max-age="):
            digits = parameter[8:128].strip()
            max_age = int(digits) if digits.isascii() and digits.isdigit() else None
    if max_age is None:
        return "hsts-header-invalid"
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


def _registrable(host: str | None) -> str:
    return ".".join((host or "").split(".")[-2:])


def subresource_integrity(headers: Headers, page: PageParser, url: str):
    mime = (headers.first("content-type") or "").split(";")[0].strip().lower()
    if mime and mime not in HTML_TYPES:
        return "sri-not-implemented-response-not-html"
    goodness = [
        "sri-implemented-and-all-scripts-loaded-securely",
        "sri-implemented-and-external-scripts-loaded-securely",
        "sri-implemented-but-external-scripts-not-loaded-securely",
        "sri-not-implemented-but-external-scripts-loaded-securely",
        "sri-not-implemented-and-external-scripts-not-loaded-securely",
        "sri-not-implemented-response-not-html",
    ]
    page_url = urlsplit(url)
    result = None
    foreign = False
    for script in page.scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = script.get("integrity")
        relative_protocol = src.startswith("//") and not src.startswith("///")
        full = src.lower().startswith(("http://", "https://"))
        relative_origin = not relative_protocol and not full
        same_domain = relative_protocol or relative_origin
        if full:
            same_domain = _registrable(urlsplit(src).hostname) == _registrable(page_url.hostname)
        secure_origin = relative_origin or (same_domain and not relative_protocol)
        foreign = foreign or not secure_origin
        secure_scheme = (full and src.lower().startswith("https://")) or (
            relative_origin and page_url.scheme == "https"
        )
        if not secure_origin:
            if integrity and not secure_scheme:
                expectation = "sri-implemented-but-external-scripts-not-loaded-securely"
            elif not integrity and secure_scheme:
                expectation = "sri-not-implemented-but-external-scripts-loaded-securely"
            elif not integrity:
                expectation = "sri-not-implemented-and-external-scripts-not-loaded-securely"
            else:
                continue
            result = _worse(expectation, result, goodness)
        elif integrity and secure_scheme and not result:
            result = "sri-implemented-and-all-scripts-loaded-securely"
    if not page.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    if result:
        return result
    if foreign:
        return "sri-implemented-and-external-scripts-loaded-securely"
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def x_content_type_options(headers: Headers):
    value = headers.first("x-content-type-options")
    if not value:
        return "x-content-type-options-not-implemented"
    if value[:256].strip().lower() == "nosniff":
        return "x-content-type-options-nosniff"
    return "x-content-type-options-header-invalid"


def x_frame_options(headers: Headers, csp: dict | None):
    if csp and "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp"
    value = headers.first("x-frame-options")
    if not value:
        return "x-frame-options-not-implemented"
    value = value[:1024].strip().lower()
    if value in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def cross_origin_resource_policy(headers: Headers, page: PageParser):
    value = headers.first("cross-origin-resource-policy")
    if not value and page.http_equiv.get("cross-origin-resource-policy"):
        value = page.http_equiv["cross-origin-resource-policy"][-1]
    if not value:
        return "cross-origin-resource-policy-not-implemented"
    return {
        "same-site": "cross-origin-resource-policy-implemented-with-same-site",
        "same-origin": "cross-origin-resource-policy-implemented-with-same-origin",
        "cross-origin": "cross-origin-resource-policy-implemented-with-cross-origin",
    }.get(value[:256].strip().lower(), "cross-origin-resource-policy-header-invalid")
