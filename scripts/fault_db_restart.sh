#!/usr/bin/env bash
# Database restart under load: PostgreSQL is stopped for DOWN seconds (default 3) while wrk
# runs; a probe requests a public page every 0.1 s. Requests fail only while the database is
# down, and the portal recovers by itself (CONN_HEALTH_CHECKS): no step is taken after the
# restart. Prints the error window in seconds. Loopback only.
source "$(dirname "$0")/lib/services.sh"
DOWN="${DOWN:-3}"
ensure_packages wrk
start_postgres
start_redis
production_env
prepare_database
PORT="$(free_port)"
start_gunicorn web "$PORT"
check_pages "$PORT"
log "uptime: $(uptime)"
URL="http://127.0.0.1:$PORT/insatser/"
timeout 60 wrk -t1 -c8 -d30s --timeout 10s -s scripts/wrk_pages.lua "http://127.0.0.1:$PORT" \
  -- "${PUBLIC_PAGES[@]}" >"$WORK/wrk.txt" &
wrk_pid=$!
PIDS+=("$wrk_pid")
probe "$URL" 28 "$WORK/probe.txt" &
probe_pid=$!
sleep 8
log "Stoppar PostgreSQL i $DOWN s"
stopped_at=$SECONDS
pg_stop
sleep "$DOWN"
pg_start
log "PostgreSQL startad igen efter $((SECONDS - stopped_at)) s"
wait "$probe_pid"
wait "$wrk_pid" || true
cat "$WORK/wrk.txt"
window=$(error_window "$WORK/probe.txt")
echo "db_restart_down_seconds: $DOWN"
echo "db_restart_$window"
echo "db_restart_uptime: $(uptime | sed 's/.*load average: //')"
# Recovered: the last five probes (the last seconds) are answered.
tail -n 5 "$WORK/probe.txt" | awk '$2 != 200 {bad=1} END {exit bad}' \
  || { log "FEL: portalen svarar inte 200 efter omstarten"; exit 1; }
log "OK: portalen svarar igen utan att något gjorts efter omstarten"
