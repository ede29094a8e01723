"""/readyz for the load balancer: may this server take requests now?

/healthz says the process is alive and touches nothing; /readyz says the database answers,
the shared cache answers and every migration in the code is applied to the database. The
answer is a short JSON reason and never an exception text, which could name a host, a user
or a path.
"""

import logging
import secrets
from functools import cache as memoise

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@memoise
def migrations_in_code() -> frozenset[tuple[str, str]]:
    """Read from disk once per process: the code does not change while it runs."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def problems() -> list[str]:
    found = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError:
        logger.warning("readyz: the database does not answer", exc_info=True)
        found.append("database unreachable")
    else:
        if migrations_in_code() - applied:
            found.append("migrations not applied")
    token = secrets.token_hex(8)
    try:
        cache.set("readyz", token, 30)
        answered = cache.get("readyz") == token
    except Exception:  # any backend's error: Redis, the database cache
        answered = False
    if not answered:
        logger.warning("readyz: the shared cache does not answer")
        found.append("cache unreachable")
    return found


@login_not_required
@require_safe
@never_cache
def readyz(request):
    found = problems()
    if found:
        return JsonResponse({"status": "unavailable", "reasons": found}, status=503)
    return JsonResponse({"status": "ok"})
