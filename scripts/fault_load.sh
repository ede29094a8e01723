#!/usr/bin/env bash
# Load: gunicorn with DEBUG off and the demo data, wrk at 32 connections for 60 s over the
# public pages; passes only with zero errors. DURATION=20 for a shorter run. Loopback only.
source "$(dirname "$0")/lib/services.sh"
DURATION="${DURATION:-60}"
ensure_packages wrk
start_postgres
start_redis
production_env
prepare_database
PORT="$(free_port)"
WEB_CONCURRENCY="${WEB_CONCURRENCY:-3}" start_gunicorn web "$PORT"
check_pages "$PORT"
log "uptime: $(uptime)"
log "wrk: 32 anslutningar i $DURATION s över ${PUBLIC_PAGES[*]}"
timeout $((DURATION + 30)) wrk -t2 -c32 -d"${DURATION}s" --timeout 10s --latency \
  -s scripts/wrk_pages.lua "http://127.0.0.1:$PORT" -- "${PUBLIC_PAGES[@]}" | tee "$WORK/wrk.txt"
errors=$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",",""); n+=$4+$6+$8+$10} END {print n+0}' "$WORK/wrk.txt")
requests=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
p99=$(awk '/ 99%/ {print $2}' "$WORK/wrk.txt")
echo "load_requests: $requests"
echo "load_requests_per_second: $rps"
echo "load_latency_p99: $p99"
echo "load_errors: $errors"
echo "load_uptime: $(uptime | sed 's/.*load average: //')"
(( errors == 0 )) || { log "FEL: $errors fel under lasten"; exit 1; }
log "OK: inga fel"
