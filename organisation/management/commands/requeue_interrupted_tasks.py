"""Puts the tasks a killed worker was running back in the queue.

django-tasks-db marks a task RUNNING when a worker claims it and finished when it returns;
a worker killed in between (kill -9, out of memory, a power cut) leaves it RUNNING for ever.
The worker's systemd unit runs this before each start with the worker's own id, so only the
tasks of this very worker, which cannot be running any more, go back to READY; the workers
of other servers have other ids. The tasks themselves are written to be run again
(lagesbild/tasks.py: a print finishes once, a submission is refused when nothing changed).
"""

from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult, TaskResultStatus


class Command(BaseCommand):
    help = (
        "Lägger tillbaka de bakgrundsuppgifter i kön som en avbruten arbetare (med detta id) "
        "höll på med. Körs innan arbetaren startar."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id", required=True, help="Arbetarens id (db_worker --worker-id)."
        )

    def handle(self, *args, worker_id, **options):
        running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        interrupted = [
            result.pk
            for result in running.only("pk", "worker_ids")
            if result.worker_ids[-1:] == [worker_id]
        ]
        count = DBTaskResult.objects.filter(
            pk__in=interrupted, status=TaskResultStatus.RUNNING
        ).update(status=TaskResultStatus.READY, started_at=None)
        self.stdout.write(f"Avbrutna uppgifter åter i kön för {worker_id}: {count}")
