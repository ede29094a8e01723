"""The shared cache of anonymous public pages.

A public page that a resident (no session, no login) asks for is rendered once and then
answered from the shared cache (Redis in production) until the content it shows changes.

Invalidation is by generation, not by tracking pages: the content is split into families
(insatser, möten, nyckeltal, …); every family has a version token in the shared cache; a
page declares the families it shows, and the tokens of those families are part of its key.
Any saved or deleted row of a family's models gives the family a new random token, at once
and again when the transaction commits, so the next request computes a key that no stored
entry has. Nothing has to know which pages showed the row, so nothing can be forgotten.
Bulk writes that send no model signals (imports) call `bump()` themselves.

Which models belong to which family is `MODEL_FAMILIES` below; a model of the portal's own
apps that is in neither it nor `IGNORED_MODELS` bumps every family, so a new model errs on
the side of a fresh page. Which pages show which family is each view's decorator, listed in
README ("Cache för publika sidor").

What is never cached: a request with a session cookie or a logged-in user (an official
never gets an anonymous page, nor stores one), anything but GET/HEAD, a response that is not
200, streams and files, a response that sets a cookie, and a page that used a CSRF token
(a form that posts, such as the tips form: its token is per visitor).
"""

import gzip
import hashlib
import re
import secrets
import threading
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from saker_trygg import replica

STRUKTUR = "struktur"  # the kommun, organs, forums, samverkansområden, groups, områden
INSATSER = "insatser"  # insatser, their follow-ups and activities
MOTEN = "moten"  # meetings, agendas, decisions, attachments
NYCKELTAL = "nyckeltal"  # indicators, Kolada values, comparisons, area values, surveys
LAGESBILDER = "lagesbilder"  # lägesbilder, problems, åtgärdsplaner, positions
EST = "est"  # EST reports and the decisions that make quarters public
TIPS = "tips"  # residents' tips (public counts per område)
RAPPORTER = "rapporter"  # the annual report's versions
FAMILIES = (STRUKTUR, INSATSER, MOTEN, NYCKELTAL, LAGESBILDER, EST, TIPS, RAPPORTER)

MODEL_FAMILIES = {
    "organisation.kommun": STRUKTUR,
    "organisation.organ": STRUKTUR,
    "organisation.styrandedokument": STRUKTUR,
    "organisation.organtillhorighet": STRUKTUR,
    "organisation.forum": STRUKTUR,
    "organisation.motesrytm": STRUKTUR,
    "organisation.forumdeltagande": STRUKTUR,
    "organisation.forummedlemskap": STRUKTUR,
    "organisation.samordningsfunktion": STRUKTUR,
    "samverkan.omrade": STRUKTUR,
    "samverkan.samverkansomrade": STRUKTUR,
    "samverkan.samverkansgrupp": STRUKTUR,
    "samverkan.gruppmedlemskap": STRUKTUR,
    "samverkan.overenskommelse": STRUKTUR,
    "samverkan.fokusomrade": STRUKTUR,
    "samverkan.insats": INSATSER,
    "samverkan.uppfoljning": INSATSER,
    "samverkan.aktivitet": INSATSER,
    "organisation.mote": MOTEN,
    "organisation.dagordningspunkt": MOTEN,
    "organisation.beslut": MOTEN,
    "organisation.bilaga": MOTEN,
    "lagesbild.indikator": NYCKELTAL,
    "lagesbild.indikatorvarde": NYCKELTAL,
    "lagesbild.jamforelsekommun": NYCKELTAL,
    "lagesbild.jamforelsevarde": NYCKELTAL,
    "lagesbild.trygghetsmatning": NYCKELTAL,
    "lagesbild.metodbyte": NYCKELTAL,
    "lagesbild.omradesvarde": NYCKELTAL,
    "lagesbild.lagesbild": LAGESBILDER,
    "lagesbild.problem": LAGESBILDER,
    "lagesbild.atgardsplan": LAGESBILDER,
    "lagesbild.atgard": LAGESBILDER,
    "lagesbild.stallningstagande": LAGESBILDER,
    "lagesbild.lagesbilddokument": LAGESBILDER,
    "lagesbild.underlag": LAGESBILDER,
    # Medborgarlöften are shown with the åtgärdsplan and on the område page.
    "lagesbild.medborgarloften": LAGESBILDER,
    "lagesbild.lofte": LAGESBILDER,
    "lagesbild.estkvartalsbeslut": EST,
    "lagesbild.handelserapport": EST,
    "lagesbild.estplats": EST,
    "lagesbild.handelsekategori": EST,
    "lagesbild.estatgard": EST,
    "lagesbild.estprioritering": EST,
    "lagesbild.estperiodval": EST,
    "lagesbild.tips": TIPS,
    "lagesbild.tipsarende": TIPS,
    "lagesbild.tipsanteckning": TIPS,
    "lagesbild.arsuppfoljning": RAPPORTER,
    "lagesbild.arsuppfoljningsversion": RAPPORTER,
    "lagesbild.arsbedomning": RAPPORTER,
}
# Rows no public page shows: accounts, sign-in links, the purge log, print jobs, e-mail.
IGNORED_MODELS = {
    "organisation.kontomedbehorigheter",
    "organisation.oidcidentitet",
    "organisation.oidcrollkoppling",
    "organisation.oidcorgankoppling",
    "organisation.rensning",
    "lagesbild.rapportutskrift",
    # E-mail: officials' reminder settings and what was sent, residents' subscriptions.
    "lagesbild.paminnelseinstallning",
    "lagesbild.paminnelse",
    "lagesbild.paminnelsepost",
    "lagesbild.prenumerant",
    "lagesbild.prenumerationspost",
}
OWN_APPS = {"organisation", "samverkan", "lagesbild"}

_VERSION_KEY = "public-page:version:{}"

# Pages are kept gzip-compressed and sent so to a client that accepts it (every browser and
# calendar program does): a fifth of the bytes over the network and in Redis. Safe from
# BREACH because nothing stored here holds a secret (no session, no CSRF token).
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
_COMPRESS_FROM = 1024


def enabled() -> bool:
    return settings.PUBLIC_PAGE_CACHE_SECONDS > 0


def families_of(model) -> tuple[str, ...]:
    """The families a row of this model belongs to; () for rows no public page shows."""
    meta = model._meta
    if meta.app_label not in OWN_APPS or meta.model_name.startswith("historical"):
        return ()
    label = meta.label_lower
    if label in IGNORED_MODELS:
        return ()
    if label in MODEL_FAMILIES:
        return (MODEL_FAMILIES[label],)
    return FAMILIES


def _new_tokens(families) -> None:
    token = secrets.token_hex(8)
    if replica.configured():
        # "token@WAL position": how far a replica must have replayed to render this version.
        token = f"{token}@{replica.primary_position()}"
    cache.set_many({_VERSION_KEY.format(f): token for f in families}, None)


_local = threading.local()


@contextmanager
def one_bump_per_family():
    """Within this block row signals are collected and each family is bumped once at the end.

    For imports that save thousands of rows: a cache write per row would be the import's
    largest cost. Bulk writes inside the block (which send no signals) call `bump()`, which
    is collected too.
    """
    if getattr(_local, "collected", None) is not None:
        yield
        return
    _local.collected = set()
    try:
        yield
    finally:
        collected, _local.collected = _local.collected, None
        if collected:
            bump(*collected)


def bump(*families: str) -> None:
    """New versions for these families: now, and again once the transaction has committed.

    Now, so that the writing request (and a test inside one transaction) sees its change;
    after the commit, because a reader between the first bump and the commit may have stored
    the old content under the new version.
    """
    if not enabled():
        return
    families = tuple(families) or FAMILIES
    collected = getattr(_local, "collected", None)
    if collected is not None:
        collected.update(families)
        return
    _new_tokens(families)
    transaction.on_commit(lambda: _new_tokens(families))


def _versions(families) -> list[str]:
    keys = [_VERSION_KEY.format(f) for f in families]
    found = cache.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        # A lost token (an evicted key, a cleared cache) gets a fresh one, never a default
        # that an entry stored before a bump could still carry.
        for key in missing:
            cache.add(key, secrets.token_hex(8), None)
        found |= cache.get_many(missing)
    return [str(found.get(k, "")) for k in keys]


def _anonymous(request) -> bool:
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return not request.user.is_authenticated


def _key(request) -> str:
    """The key of the page's entry: the address, the language and the date (the layout's
    "upcoming" moves with the day). The families' versions are not in it but in the entry,
    so that one round trip to the cache reads the entry and the current versions together."""
    parts = [
        request.get_full_path(),
        translation.get_language() or "",
        timezone.localdate().isoformat(),
    ]
    # The entry's form is in the key ("2"), so that processes of two releases sharing one
    # Redis during a deploy never read each other's entries.
    return "public-page:2:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _lookup(request, families) -> tuple[str, list[str], tuple | None]:
    """The entry's key, the families' current versions and the stored entry, if it was
    stored under these versions: one read of the shared cache for a hit."""
    key = _key(request)
    version_keys = [_VERSION_KEY.format(f) for f in families]
    found = cache.get_many([*version_keys, key])
    if not all(k in found for k in version_keys):
        # A lost token: a fresh one is made (never a default an old entry could carry),
        # and the entry, stored under the old one, cannot be current.
        return key, _versions(families), None
    versions = [str(found[k]) for k in version_keys]
    stored = found.get(key)
    # An entry of another shape (written by an earlier release) is as good as none.
    if not isinstance(stored, tuple) or len(stored) != 4 or stored[0] != versions:
        return key, versions, None
    return key, versions, stored


def _storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _positions(versions: list[str]) -> list[str]:
    """The WAL positions in the versions ("token@position"): how far a replica must have
    replayed to render them."""
    return [v.split("@", 1)[1] for v in versions if "@" in v]


def _current(positions: list[str]) -> bool:
    """False for a page read from a replica that has not yet replayed the latest change."""
    return not replica.reads_replica() or replica.replica_has_replayed(positions)


def _entry(versions: list[str], response) -> tuple:
    """What is stored: the versions, the body (compressed when worth it) and the headers."""
    headers = [(n, v) for n, v in response.items() if n.lower() != "set-cookie"]
    content = response.content
    compressed = len(content) >= _COMPRESS_FROM and not response.has_header("Content-Encoding")
    if compressed:
        content = gzip.compress(content, compresslevel=6, mtime=0)
    return (versions, content, headers, compressed)


def _from_entry(request, stored) -> HttpResponse:
    _versions_stored, content, headers, compressed = stored
    gzip_accepted = compressed and _ACCEPTS_GZIP.search(
        request.META.get("HTTP_ACCEPT_ENCODING", "")
    )
    if compressed and not gzip_accepted:
        content = gzip.decompress(content)
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    if gzip_accepted:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    response["X-Public-Cache"] = "hit"
    return response


def public_page(*families: str):
    """Serve this public view from the shared cache for anonymous visitors.

    `families` are the kinds of content the page shows; STRUKTUR is always added (the
    layout shows the kommun and the example-data banner).
    """
    unknown = set(families) - set(FAMILIES)
    if unknown:
        raise ValueError(f"Okända innehållsfamiljer: {sorted(unknown)}")
    shown = tuple(sorted({STRUKTUR, *families}))

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not enabled() or request.method not in ("GET", "HEAD") or not _anonymous(request):
                return view(request, *args, **kwargs)
            key, versions, stored = _lookup(request, shown)
            if stored is not None:
                return _from_entry(request, stored)
            response = view(request, *args, **kwargs)
            if _storable(request, response) and _current(_positions(versions)):
                cache.set(key, _entry(versions, response), settings.PUBLIC_PAGE_CACHE_SECONDS)
                patch_vary_headers(response, ("Accept-Encoding",))
                response["X-Public-Cache"] = "miss"
            return response

        wrapper.public_page_families = shown
        return wrapper

    return decorator


def _on_change(sender, **kwargs):
    # Every process that shares the cache has the same setting (one environment); a
    # process with the cache off does not pay for versions nobody reads.
    families = families_of(sender)
    if families and enabled():
        bump(*families)


def _on_m2m(sender, instance, action, model, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        _on_change(type(instance))
        _on_change(model)


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="public_cache_save")
    post_delete.connect(_on_change, dispatch_uid="public_cache_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="public_cache_m2m")
