# Throwaway services for the fault and scaling scripts: PostgreSQL, Redis and gunicorn on
# loopback only, under one temporary directory, all stopped by one EXIT trap even when the
# script fails. Source it; call start_postgres, start_redis, start_gunicorn NAME PORT.
# Every wait is bounded: a script that cannot get a service up within its limit fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
UV="$(make -s uv-path)"
PY="$ROOT/.venv/bin/python"
export DJANGO_SETTINGS_MODULE=saker_trygg.settings
WORK="$(mktemp -d /tmp/saker-trygg-ops.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
PG_BIN=""
PG_DATA="$WORK/pg"
REDIS_PORT=""

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

as_pg() {
  if [[ "$(id -u)" == "0" ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  local status=$?
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  for data in "$WORK"/pg*; do
    [[ -f "$data/PG_VERSION" ]] && as_pg "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
  done
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT INT TERM

# wrk and redis-server from Debian, as `make system-deps` installs its packages.
ensure_packages() {
  local missing=""
  for p in "$@"; do command -v "$p" >/dev/null || missing="$missing $p"; done
  [[ -z "$missing" ]] && return
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    log "Installerar:$missing"
    # redis-server is the package of redis-server; wrk of wrk.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; }
  else
    log "FEL: saknas:$missing (installera med apt-get)"; exit 1
  fi
}

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local limit=$1 what=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then log "FEL: $what inom $limit s"; exit 1; fi
    sleep 0.2
  done
}

start_postgres() {
  for candidate in /usr/lib/postgresql/{18,17,16,15}/bin; do
    [[ -x "$candidate/initdb" ]] && { PG_BIN="$candidate"; break; }
  done
  [[ -n "$PG_BIN" ]] || { log "FEL: PostgreSQL-servern saknas (apt-get install postgresql)"; exit 1; }
  if [[ "$(id -u)" == "0" ]]; then chown postgres "$WORK"; fi
  as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1
  PG_PORT="$(free_port)"
  pg_start
  as_pg "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE saker_trygg" postgres
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/saker_trygg"
  log "PostgreSQL på 127.0.0.1:$PG_PORT"
}

pg_start() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK -c fsync=off -c wal_level=replica -c max_wal_senders=4" start >/dev/null
}

pg_stop() { as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null; }

start_redis() {
  ensure_packages redis-server
  REDIS_PORT="$(free_port)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" \
    >"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  wait_for 10 "Redis startade inte" "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $REDIS_PORT), 0.2)"
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  log "Redis på 127.0.0.1:$REDIS_PORT"
}

# Production-like settings over plain HTTP on loopback, as `make serve`.
production_env() {
  export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY="fault-scripts-$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_STATIC_ROOT="$WORK/static"
  export DJANGO_MEDIA_ROOT="$WORK/media" DJANGO_LOG_LEVEL=WARNING
}

prepare_database() {  # migrate, cache table, demo data, static files
  "$PY" manage.py migrate --no-input -v0
  "$PY" manage.py createcachetable
  DJANGO_DEBUG=1 "$PY" manage.py load_demo >/dev/null
  "$PY" manage.py compilemessages --ignore=.venv --ignore=var -v0
  "$PY" manage.py collectstatic --no-input -v0
}

start_gunicorn() {  # start_gunicorn NAME PORT [extra env...]
  local name=$1 port=$2; shift 2
  env "$@" GUNICORN_BIND="127.0.0.1:$port" WEB_CONCURRENCY="${WEB_CONCURRENCY:-2}" \
    "$ROOT/.venv/bin/gunicorn" saker_trygg.wsgi -c deploy/gunicorn.conf.py \
    --access-logfile "$WORK/$name.access.log" --error-logfile "$WORK/$name.error.log" &
  PIDS+=("$!")
  wait_for 60 "gunicorn $name startade inte" curl -fsS "http://127.0.0.1:$port/healthz"
  log "gunicorn $name på 127.0.0.1:$port"
}

# The public pages the load and probes go over.
PUBLIC_PAGES=(/ /organisation/ /insatser/ /samverkansomraden/ /nyckeltal/ /forum/bra/ /sok/?q=trygghet /tipsa/)

# check_pages PORT: every public page answers 200 before any load is put on it.
check_pages() {
  local bad=0 status
  for page in "${PUBLIC_PAGES[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://127.0.0.1:$1$page")
    [[ "$status" == 200 ]] || { log "FEL: $page svarar $status"; bad=1; }
  done
  return $bad
}

# probe URL SECONDS OUT: one request each 0.1 s (a shared machine may take seconds for one); writes "t status" per line to OUT.
probe() {
  "$PY" - "$@" <<'PYEOF'
import sys, time, urllib.request, urllib.error
url, seconds, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
start = time.monotonic()
with open(out, "w") as f:
    while (now := time.monotonic() - start) < seconds:
        try:
            status = urllib.request.urlopen(url, timeout=10).status
        except urllib.error.HTTPError as e:
            status = e.code
        except Exception:
            status = 0
        f.write(f"{now:.2f} {status}\n"); f.flush()
        time.sleep(0.1)
PYEOF
}

# error_window OUT: seconds between the first and the last failed probe, and the count.
error_window() {
  awk '$2 != 200 { if (!first) first=$1; last=$1; n++ } END {
    if (n) printf "fel: %d svar, felfönster %.1f s (%.1f–%.1f s)\n", n, last-first+0.1, first, last;
    else print "fel: 0 svar, felfönster 0 s" }' "$1"
}
