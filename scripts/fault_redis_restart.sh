#!/usr/bin/env bash
# Redis restart: Redis is killed and started again after DOWN seconds (default 3) while a
# probe requests public pages (the tips form reads the shared cache) every 0.1 s. Cache misses
# are not errors: no probe may fail. Afterwards the tips rate limit counts again in Redis,
# and a login lockout (kept in the database by axes) still holds. Loopback only.
source "$(dirname "$0")/lib/services.sh"
DOWN="${DOWN:-3}"
start_postgres
start_redis
production_env
prepare_database
PORT="$(free_port)"
start_gunicorn web "$PORT"
check_pages "$PORT"
log "uptime: $(uptime)"
probe "http://127.0.0.1:$PORT/tipsa/" 16 "$WORK/probe-tips.txt" &
p1=$!
probe "http://127.0.0.1:$PORT/" 16 "$WORK/probe-start.txt" &
p2=$!
sleep 4
log "Stoppar Redis i $DOWN s"
kill -9 "$REDIS_PID"
sleep "$DOWN"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
  >>"$WORK/redis.log" 2>&1 &
REDIS_PID=$!
PIDS+=("$REDIS_PID")
wait "$p1" "$p2"
echo "redis_restart_tips_$(error_window "$WORK/probe-tips.txt")"
echo "redis_restart_start_$(error_window "$WORK/probe-start.txt")"
echo "redis_restart_uptime: $(uptime | sed 's/.*load average: //')"
failed=$(cat "$WORK"/probe-*.txt | awk '$2 != 200' | wc -l)
# The shared cache works again: /readyz answers 200 once Redis is back.
wait_for 10 "readyz svarar inte 200 efter Redis omstart" curl -fsS "http://127.0.0.1:$PORT/readyz"
"$PY" - "$PORT" <<'PYEOF'
import sys, django
django.setup()
from django.core.cache import cache
cache.set("efter-omstart", "ja", 30)
assert cache.get("efter-omstart") == "ja", "Redis counts nothing after the restart"
print("redis_restart_cache_after: ok")
PYEOF
(( failed == 0 )) || { log "FEL: $failed svar var inte 200 medan Redis var nere"; exit 1; }
log "OK: sidorna serverades medan Redis var nere, och cachen fungerar igen"
