"""Two threads create the same title at the same moment; both succeed, with different slugs.

It commits for real, and the flush after it empties the database of the migrations' data,
so it is marked to run after the ordinary tests (see the Makefile's test target).
"""

import threading

import pytest
from django.db import connection
from django.db.models.signals import pre_save

from samverkan.models import Insats
from tests.factories import InsatsFactory, OrganFactory, SamverkansgruppFactory


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_creating_the_same_title_both_succeed():
    grupp = SamverkansgruppFactory()
    organ = OrganFactory()
    both_chose = threading.Barrier(2, timeout=10)
    waited = threading.local()
    results, errors = [], []

    def wait_after_choosing(sender, instance, **kwargs):
        if not getattr(waited, "done", False):
            waited.done = True
            both_chose.wait()

    def create():
        try:
            insats = InsatsFactory.build(
                title="Krögarsamtal",
                slug="",
                samverkansomrade=grupp.samverkansomrade,
                grupp=grupp,
                responsible=organ,
            )
            insats.save()
            results.append(insats.slug)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever the thread met
            errors.append(exc)
        finally:
            connection.close()

    pre_save.connect(wait_after_choosing, sender=Insats, weak=False)
    try:
        threads = [threading.Thread(target=create) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        pre_save.disconnect(wait_after_choosing, sender=Insats)
    assert not errors
    assert sorted(results) == ["krogarsamtal", "krogarsamtal-2"]
