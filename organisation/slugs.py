"""Slugs made from a title, allocated safely when two requests create the same title at once.

Looking for a free slug and inserting it are two statements; another request can insert the
same slug in between. The unique constraint then refuses the second insert, and the save is
retried inside a savepoint with the next free slug, so the loser of the race gets "-2" instead
of a server error.
"""

import secrets

from django.db import IntegrityError, transaction

ATTEMPTS = 5


def free_slug(model, base: str, *, exclude_pk=None) -> str:
    """`base`, or `base-2`, `base-3`, … whichever is not taken yet; one query."""
    rows = model._default_manager.filter(slug__startswith=base)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    taken = set(rows.values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def save_with_free_slug(instance, save, *, base: str, attempts: int = ATTEMPTS) -> None:
    """Set a free slug on `instance` and call `save()`, retrying when the slug is taken first.

    After `attempts` lost races a random suffix ends the contest. Any other integrity error
    (a check constraint, a foreign key) is raised as it is.
    """
    model = type(instance)
    for attempt in range(attempts + 1):
        instance.slug = (
            free_slug(model, base, exclude_pk=instance.pk)
            if attempt < attempts
            else f"{base}-{secrets.token_hex(4)}"
        )
        try:
            with transaction.atomic():
                save()
        except IntegrityError as exc:
            if attempt == attempts or not _is_slug_conflict(exc):
                raise
        else:
            return


def _is_slug_conflict(exc: IntegrityError) -> bool:
    """Whether the constraint that refused the row is the one on the slug column.

    PostgreSQL names it (`samverkan_insats_slug_key`); SQLite only says it in the message
    (`UNIQUE constraint failed: samverkan_insats.slug`).
    """
    constraint = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    return "slug" in (constraint or str(exc))
