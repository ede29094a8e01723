#!/usr/bin/env bash
# Two app servers: gunicorn A and B on different ports against one PostgreSQL and one Redis,
# plus server R that reads anonymous public pages from a streaming replica (pg_basebackup).
# Shows: a change made through A is visible through B at once, also when B had the page in
# the shared public page cache (REDIS_URL + DJANGO_PUBLIC_CACHE_SECONDS); a login made on A holds on B;
# a lockout made on A applies on B; a publish through A is visible on the primary at once and
# on the replica after replication. Loopback only; everything stops on exit.
source "$(dirname "$0")/lib/services.sh"
start_postgres
start_redis
production_env
# The public page cache is on, as in production with Redis (600 s is the default there too).
export DJANGO_PUBLIC_CACHE_SECONDS="${DJANGO_PUBLIC_CACHE_SECONDS:-600}"
prepare_database

REPLICA_DATA="$WORK/pg-replica"
REPLICA_PORT="$(free_port)"
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PG_PORT" -U postgres -D "$REPLICA_DATA" -R -X stream \
  --checkpoint=fast
as_pg "$PG_BIN/pg_ctl" -D "$REPLICA_DATA" -l "$WORK/pg-replica.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $REPLICA_PORT -k $WORK -c hot_standby=on" start >/dev/null
log "Streamande replik på 127.0.0.1:$REPLICA_PORT"

A="$(free_port)"; B="$(free_port)"; R="$(free_port)"
REPLICA_URL="postgres://postgres@127.0.0.1:$REPLICA_PORT/saker_trygg"
# A and R have the replica configured, as every server of an installation with one would:
# A's changes then record the primary's WAL position in the page cache's versions, and R
# stores a page it read from the replica only once the replica has replayed that far.
# B reads the primary only, to show the change at once.
WEB_CONCURRENCY=1 start_gunicorn a "$A" DATABASE_REPLICA_URL="$REPLICA_URL"
WEB_CONCURRENCY=1 start_gunicorn b "$B"
WEB_CONCURRENCY=1 start_gunicorn r "$R" DATABASE_REPLICA_URL="$REPLICA_URL"
log "uptime: $(uptime)"

# One published, public insats that the demo coordinator may publish, and its title.
read -r PK PUBLIC_PATH TITLE < <("$PY" - <<'PYEOF'
import django
django.setup()
from django.contrib.auth import get_user_model
from samverkan.models import Insats
user = get_user_model().objects.get(username="samordnare")
for insats in Insats.objects.published().order_by("pk"):
    if user.has_perm("samverkan.publish_insats", insats):
        print(insats.pk, insats.get_absolute_url(), insats.title)
        break
PYEOF
)
log "Insats $PK ($TITLE), publik sida $PUBLIC_PATH"

"$PY" - "$A" "$B" "$R" "$PK" "$PUBLIC_PATH" "$TITLE" <<'PYEOF'
import html
import sys
import urllib.parse
sys.path.insert(0, "scripts/lib")
from portal_client import Client, wait_for_status

a, b, r = (f"http://127.0.0.1:{port}" for port in sys.argv[1:4])
pk, public, title = sys.argv[4], sys.argv[5], html.escape(sys.argv[6])
# The list, searched for the insats so that it is on the first page whatever the order.
listing = "/insatser/?" + urllib.parse.urlencode({"q": sys.argv[6]})
# The list shows the insats as a link to its page (the search box echoes the title anyway).
link = f'href="{public}"'

def shows(path, body):
    return (link if path == listing else title) in body
anonymous = Client()
failures = []

def check(name, ok, detail=""):
    print(f"{name}: {'ok' if ok else 'FEL'} {detail}".rstrip())
    if not ok:
        failures.append(name)

# A login made on A holds on B: the session is in the database, shared by both.
official = Client()
check("two_servers_login_on_a", official.login(a, "samordnare", "trygghet-demo") == 302)
status, _ = official.move_session_to(b).request(f"{b}/arbetsyta/")
check("two_servers_login_holds_on_b", status == 200, f"(status {status})")

# A change through A (unpublish) is visible through B at once, and on the primary at once.
official.move_session_to(a)
workspace = f"/arbetsyta/insatser/{pk}/"
check("two_servers_public_before", anonymous.request(f"{b}{public}")[0] == 200)
# B has the insats page and the list in the shared page cache before the change.
for path in (public, listing):
    anonymous.request(f"{b}{path}")
    status, state, body = anonymous.page(f"{b}{path}")
    check(f"two_servers_cached_on_b_before {path}", (status, state) == (200, "hit") and shows(path, body), f"(status {status}, {state})")
check("two_servers_unpublish_on_a", official.post(a, f"/arbetsyta/insatser/{pk}/avpublicera/", workspace) == 302)
status = anonymous.request(f"{b}{public}")[0]
check("two_servers_change_visible_on_b_at_once", status == 404, f"(status {status})")
status, state, body = anonymous.page(f"{b}{listing}")
check("two_servers_cached_list_renewed_on_b_at_once", (status, state) == (200, "miss") and not shows(listing, body), f"(status {status}, {state})")
# The replica follows within a moment; R reads anonymous pages from it.
lag = wait_for_status(anonymous, f"{r}{public}", 404, 10)
print(f"two_servers_replica_unpublish_visible_after_seconds: {lag:.2f}")

# A publish through A: on the primary (B) at once, on the replica (R) after replication.
check("two_servers_publish_on_a", official.post(a, f"/arbetsyta/insatser/{pk}/publicera/", workspace) == 302)
status, state, body = anonymous.page(f"{b}{public}")
check("two_servers_publish_visible_on_primary_at_once", status == 200 and state == "miss", f"(status {status}, {state})")
status, state, body = anonymous.page(f"{b}{listing}")
check("two_servers_published_in_cached_list_on_b_at_once", (status, state) == (200, "miss") and shows(listing, body), f"(status {status}, {state})")
status, state, _ = anonymous.page(f"{b}{listing}")
check("two_servers_list_cached_again_on_b", state == "hit", f"({state})")
lag = wait_for_status(anonymous, f"{r}{public}", 200, 10)
print(f"two_servers_replica_publish_visible_after_seconds: {lag:.2f}")
# Once caught up, R stores what it read from the replica, and serves it from the cache.
anonymous.page(f"{r}{listing}")
status, state, body = anonymous.page(f"{r}{listing}")
check("two_servers_replica_page_cached_after_catching_up", (status, state) == (200, "hit") and shows(listing, body), f"(status {status}, {state})")

# The official's own requests on R stay on the primary (session cookie).
status, _ = official.move_session_to(r).request(f"{r}/arbetsyta/")
check("two_servers_official_served_on_replica_server", status == 200, f"(status {status})")

# A lockout made on A applies on B: axes keeps its attempts in the shared database.
attacker = Client()
for _ in range(5):
    attacker.login(a, "analytiker", "fel-losenord")
status = Client().login(b, "analytiker", "trygghet-demo")
check("two_servers_lockout_on_a_applies_on_b", status == 429, f"(status {status})")

sys.exit(1 if failures else 0)
PYEOF
log "OK: två servrar och repliken visar samma data"
