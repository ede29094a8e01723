#!/usr/bin/env bash
# Worker crash: the background worker is killed with SIGKILL in the middle of printing the
# annual report's PDF. Started again as systemd does (requeue_interrupted_tasks, then
# db_worker with the same id), it prints the report to the end: the task finishes exactly
# once and the print is stored once. Loopback only; no web server is needed.
source "$(dirname "$0")/lib/services.sh"
start_postgres
production_env
prepare_database
log "uptime: $(uptime)"
"$PY" - >"$WORK/task.txt" <<'PYEOF'
import django
django.setup()
from django.utils import timezone
from lagesbild.models import Rapportutskrift
from lagesbild.rapport import build_report_data
from lagesbild.tasks import print_report
report = build_report_data(year=timezone.localdate().year, public=True)
row = Rapportutskrift.objects.create(year=report.year, public=True, checksum=report.checksum(),
                                     status=Rapportutskrift.Status.QUEUED)
result = print_report.enqueue(row.pk)
print(result.id, row.pk)
PYEOF
read -r TASK_ID PRINT_ID <"$WORK/task.txt"
status() {
  "$PY" -c "import django; django.setup(); from lagesbild.models import Rapportutskrift as R; print(R.objects.get(pk=$PRINT_ID).status)"
}
is_status() { [[ "$(status)" == "$1" ]]; }
WORKER_ID="fault-worker"
"$PY" manage.py db_worker --worker-id "$WORKER_ID" --interval 0.2 >"$WORK/worker1.log" 2>&1 &
worker=$!
PIDS+=("$worker")
wait_for 60 "arbetaren började inte skriva ut" is_status pagar
sleep "${KILL_AFTER:-0.5}"
kill -9 "$worker"
state="$(status)"
log "Arbetaren dödad med SIGKILL mitt i utskriften (status: $state)"
[[ "$state" == pagar ]] || { log "FEL: utskriften var inte mitt i (status $state); sänk KILL_AFTER"; exit 1; }
"$PY" manage.py requeue_interrupted_tasks --worker-id "$WORKER_ID"
"$PY" manage.py db_worker --worker-id "$WORKER_ID" --interval 0.2 >"$WORK/worker2.log" 2>&1 &
PIDS+=("$!")
started=$SECONDS
wait_for 180 "utskriften blev inte klar efter omstarten" is_status klar
echo "worker_crash_print_seconds_after_restart: $((SECONDS - started))"
"$PY" - "$TASK_ID" "$PRINT_ID" <<'PYEOF'
import sys, django
django.setup()
from django_tasks_db.models import DBTaskResult
from lagesbild.models import Rapportutskrift
task = DBTaskResult.objects.get(pk=sys.argv[1])
prints = Rapportutskrift.objects.filter(year=Rapportutskrift.objects.get(pk=sys.argv[2]).year, public=True)
print(f"worker_crash_task_status: {task.status}")
print(f"worker_crash_attempts: {len(task.worker_ids)}")
print(f"worker_crash_stored_prints: {prints.count()}")
assert task.status == "SUCCESSFUL", task.status
assert len(task.worker_ids) == 2, task.worker_ids
assert DBTaskResult.objects.filter(task_path__endswith="print_report").count() == 1
assert prints.count() == 1 and bytes(prints.get().pdf).startswith(b"%PDF")
PYEOF
log "OK: uppgiften kördes om och blev klar en gång"
