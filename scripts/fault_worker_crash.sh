#!/usr/bin/env bash
# Worker crash: the background worker is killed with SIGKILL in the middle of printing the
# annual report's PDF. Started again as systemd does (requeue_interrupted_tasks, then
# db_worker with the same id), it prints the report to the end: the task finishes exactly
# once and the print is stored once. Then the reminder run (send_reminders) is killed with
# SIGKILL in the middle of sending to a local SMTP server (scripts/lib/counting_smtp.py);
# run again, it sends nobody a second message, and every due recipient either got theirs
# or is reported uncertain; the uncertain ones the server's log does not show are released
# with --release-uncertain and go out once. Loopback only; no web server is needed.
# PARTS="print" or PARTS="reminders" runs one of the two.
source "$(dirname "$0")/lib/services.sh"
start_postgres
production_env
prepare_database
log "uptime: $(uptime)"
print_crash() {
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
}

reminders_crash() {
OFFICIALS="${OFFICIALS:-2000}" SUBSCRIBERS="${SUBSCRIBERS:-3000}"
SMTP_PORT="$(free_port)"
SMTP_LOG="$WORK/smtp.log"
: >"$SMTP_LOG"
"$PY" scripts/lib/counting_smtp.py "$SMTP_PORT" "$SMTP_LOG" "${SMTP_DELAY:-0.005}" &
PIDS+=("$!")
wait_for 20 "SMTP-servern startade inte" "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $SMTP_PORT), 0.2)"
export DJANGO_EMAIL_BACKEND=smtp DJANGO_EMAIL_HOST=127.0.0.1 DJANGO_EMAIL_PORT="$SMTP_PORT"
"$PY" - "$OFFICIALS" "$SUBSCRIBERS" <<'PYEOF'
import sys
sys.path.insert(0, "benchmarks")
import mail  # benchmarks/mail.py: its officials (each with due items) and subscribers
mail.populate(int(sys.argv[1]), int(sys.argv[2]))
PYEOF
delivered() { wc -l <"$SMTP_LOG"; }
sender_done_or_at() { ! kill -0 "$1" 2>/dev/null || (( $(delivered) >= $2 )); }
"$PY" manage.py send_reminders >"$WORK/remind1.log" 2>&1 &
sender=$!
PIDS+=("$sender")
wait_for 300 "påminnelsekörningen kom inte halvvägs" sender_done_or_at "$sender" "${KILL_AT:-1500}"
kill -0 "$sender" 2>/dev/null || { log "FEL: körningen blev klar före dödandet; höj OFFICIALS eller sänk KILL_AT"; exit 1; }
kill -9 "$sender"
wait "$sender" 2>/dev/null || true
log "send_reminders dödad med SIGKILL efter $(delivered) levererade meddelanden"
started=$SECONDS
timeout 600 "$PY" manage.py send_reminders >"$WORK/remind2.log" 2>&1 || { cat "$WORK/remind2.log" >&2; exit 1; }
echo "reminder_crash_rerun_seconds: $((SECONDS - started))"
sed 's/^/  /' "$WORK/remind2.log" >&2
check_mail() {  # check_mail STAGE: the sink's log against what the database recorded
  "$PY" - "$SMTP_LOG" "$OFFICIALS" "$SUBSCRIBERS" "$1" <<'PYEOF'
import collections, sys, django
django.setup()
from lagesbild.models import Paminnelse, Prenumerationspost
log, officials, subscribers, stage = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
counts = collections.Counter(line.split("\t")[0] for line in open(log, encoding="utf-8"))
due = {f"bench{n}@example.org" for n in range(officials)} | {
    f"invanare{n}@example.org" for n in range(subscribers)}
def addresses(status):
    return set(Paminnelse.objects.filter(status=status).values_list("user__email", flat=True)) | set(
        Prenumerationspost.objects.filter(status=status).values_list("prenumerant__email", flat=True))
sent, uncertain = addresses("skickat"), addresses("skickas")
twice = sorted(r for r, n in counts.items() if n > 1)
lost = sorted(due - set(counts) - uncertain)
print(f"reminder_crash_{stage}_delivered: {len(counts)}")
print(f"reminder_crash_{stage}_delivered_twice: {len(twice)}")
print(f"reminder_crash_{stage}_uncertain: {len(uncertain)}")
print(f"reminder_crash_{stage}_uncertain_delivered: {len(uncertain & set(counts))}")
print(f"reminder_crash_{stage}_lost: {len(lost)}")
assert not twice, twice[:5]
assert not lost, lost[:5]
assert sent <= set(counts), "a message recorded as sent never reached the server"
if stage == "released":
    assert not uncertain and due <= set(counts)
PYEOF
}
check_mail rerun
# What the operator does with the server's log: what it shows as delivered is confirmed,
# the rest released (README, "Fel och avbrott"); the next run sends those, once.
"$PY" - "$SMTP_LOG" <<'PYEOF'
import sys, django
django.setup()
from django.utils import timezone
from lagesbild.models import Paminnelse, Prenumerationspost
delivered = {line.split("\t")[0] for line in open(sys.argv[1], encoding="utf-8")}
Paminnelse.objects.filter(status="skickas", user__email__in=delivered).update(
    status="skickat", sent_at=timezone.now())
Prenumerationspost.objects.filter(status="skickas", prenumerant__email__in=delivered).update(
    status="skickat")
PYEOF
timeout 600 "$PY" manage.py send_reminders --release-uncertain --uncertain-minutes 0 >"$WORK/remind3.log" 2>&1 \
  || { cat "$WORK/remind3.log" >&2; exit 1; }
sed 's/^/  /' "$WORK/remind3.log" >&2
check_mail released
log "OK: ingen fick ett meddelande två gånger, och inget som skulle skickas försvann"
}

for part in ${PARTS:-print reminders}; do "${part}_crash"; done
