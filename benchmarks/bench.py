"""`make bench`: the portal at ten times Borås's size, on loopback, figure by figure.

    make bench                       # scale 10 (the issue's targets), about 15 minutes
    make bench ARGS="--scale 1"      # a quick run: scale 1 against the demo data alone

Runs inside .ci/with-postgres (a throwaway PostgreSQL). Here: a throwaway Redis on a unix
socket, two databases (the small one: scale 1, or the demo alone for `--scale 1`; the large
one: `--scale N`) made by `manage.py generate_benchmark_data`, queries per request of every
page in both (they must be equal), then gunicorn (DEBUG off, 3 workers) on the large one,
once with the shared page cache and once without, measured by wrk at 16 connections against
`/healthz` of the same run; then the annual report (scale 1's year), the Kolada and EST
imports, the open data's memory and the reminder run (`send_reminders` in both databases). Prints one `name: value` line per figure, each with its
target and verdict, and writes benchmarks/results.json. Every process it starts is stopped
on exit, whatever the exit.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = [sys.executable]
LUA = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, '
    .. '"non2xx": %d, "errors": %d}\\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""
# The pages measured under load (names from bench_django.pages()).
LOADED = [
    "start",
    "insatser",
    "insatser_filter",
    "insatser_search",
    "insats",
    "omrade",
    "forum",
    "nyckeltal",
    "kalender_ics",
    "insatser_json",
]
QUERY_LIMIT = 12
P95_UNCACHED_MS = 100
P95_EST_MS = 150
CACHED_RATIO = 0.40

children: list[subprocess.Popen] = []
figures: dict[str, object] = {}
verdicts: list[tuple[str, str, str, bool]] = []


def stop_children(*_args):
    for child in reversed(children):
        if child.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGTERM)
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)


def on_signal(signum, _frame):
    raise SystemExit(128 + signum)


def start(command, env, log: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    children.append(child)
    return child


def run(command, env, timeout, what) -> str:
    result = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        sys.stderr.write(result.stdout[-3000:] + result.stderr[-3000:])
        raise SystemExit(f"FEL: {what} misslyckades")
    return result.stdout


def step(name, env, timeout=600) -> dict:
    out = run([*PYTHON, "benchmarks/bench_django.py", name], env, timeout, name)
    return json.loads(out.strip().splitlines()[-1])


def figure(name, value, target="", met=None):
    figures[name] = value
    line = f"{name}: {value}"
    if target:
        line += f"  (mål {target}: {'met' if met else 'NOT MET'})"
        verdicts.append((name, str(value), target, bool(met)))
    print(line, flush=True)


def database_env(base_env, name) -> dict:
    url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return {**base_env, "DATABASE_URL": urllib.parse.urlunsplit(url._replace(path="/" + name))}


def create_database(env, name, scale) -> float:
    run(
        [
            *PYTHON,
            "-c",
            "import os, psycopg2, urllib.parse as u; p = u.urlsplit(os.environ['DATABASE_URL']); "
            "c = psycopg2.connect(host=u.unquote(p.hostname), user='postgres', dbname='postgres'); "
            f"c.autocommit = True; c.cursor().execute('CREATE DATABASE {name}')",
        ],
        env,
        60,
        "CREATE DATABASE",
    )
    db_env = database_env({**env, "DJANGO_DEBUG": "1"}, name)
    started = time.perf_counter()
    manage = [*PYTHON, "manage.py"]
    run([*manage, "migrate", "--no-input", "-v0"], db_env, 600, "migrate")
    run([*manage, "createcachetable"], db_env, 60, "createcachetable")
    command = [*manage, "generate_benchmark_data", "--scale", str(scale)]
    if scale == 0:
        command = [*manage, "load_demo"]
    run(command, db_env, 1200, f"generate_benchmark_data --scale {scale}")
    return time.perf_counter() - started


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"FEL: {url} svarar inte")


def wrk(url, duration, connections, lua: Path, cookie="") -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(lua),
        # As every browser and calendar program asks: the page cache answers them compressed.
        "-H",
        "Accept-Encoding: gzip, deflate, br",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=duration + 60
    ).stdout
    data = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    seconds = max(data["duration_us"], 1) / 1e6
    return {
        "rps": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50"] / 1000, 1),
        "p95_ms": round(data["p95"] / 1000, 1),
        "p99_ms": round(data["p99"] / 1000, 1),
        "bad": data["non2xx"] + data["errors"],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            raise SystemExit(
                f"FEL: {tool} saknas (make bench installerar det som root med apt-get)"
            )
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("FEL: make bench kör mot PostgreSQL (.ci/with-postgres)")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="saker-trygg-bench."))
    try:
        measure(args, work)
    except BaseException:
        # What the servers said is all there is to go on once the directory is gone.
        for log in sorted(work.glob("*.log")):
            lines = [
                line
                for line in log.read_text(errors="replace").splitlines()
                if '" 200 ' not in line  # the access log's successes
            ]
            sys.stderr.write(f"--- {log.name} ---\n" + "\n".join(lines[-60:]) + "\n")
        raise
    finally:
        stop_children()
        shutil.rmtree(work, ignore_errors=True)
    figure("bench_seconds", round(time.perf_counter() - began))
    figures["verdicts"] = [
        {"name": n, "value": v, "target": t, "met": m} for n, v, t, m in verdicts
    ]
    (ROOT / "benchmarks" / "results.json").write_text(
        json.dumps(figures, indent=2, ensure_ascii=False) + "\n"
    )
    missed = [n for n, _v, _t, m in verdicts if not m]
    print(f"targets_met: {len(verdicts) - len(missed)} of {len(verdicts)}")
    if missed:
        print("NOT MET: " + ", ".join(missed))


def measure(args, work: Path):
    small_scale = 1 if args.scale > 1 else 0
    figure("scale", args.scale)
    figure("scale_small", small_scale)
    figure("loadavg_start", round(os.getloadavg()[0], 2))
    figure("cpus", os.cpu_count())
    redis_socket = work / "redis.sock"
    start(
        [
            "redis-server",
            "--port",
            "0",
            "--unixsocket",
            str(redis_socket),
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory",
            "512mb",
            "--maxmemory-policy",
            "allkeys-lru",
        ],
        os.environ.copy(),
        work / "redis.log",
    )
    base = {
        **os.environ,
        "REDIS_URL": f"unix://{redis_socket}?db=0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_HTTPS": "0",
        "DJANGO_STATIC_ROOT": str(work / "static"),
    }
    for _ in range(50):
        if redis_socket.exists():
            break
        time.sleep(0.1)
    figure("generate_small_seconds", round(create_database(base, "bench_small", small_scale)))
    figure("generate_large_seconds", round(create_database(base, "bench_large", args.scale)))
    small, large = database_env(base, "bench_small"), database_env(base, "bench_large")

    # Queries of a render, not of a cache hit: the page cache off for the count.
    counts_small = step("queries", {**small, "DJANGO_PUBLIC_CACHE_SECONDS": "0"})
    counts_large = step("queries", {**large, "DJANGO_PUBLIC_CACHE_SECONDS": "0"})
    worst = 0
    for page, count in counts_large["queries"].items():
        other = counts_small["queries"].get(page)
        status = counts_large["statuses"][page]
        figure(
            f"queries {page}",
            f"{other} → {count} (HTTP {status})",
            f"≤ {QUERY_LIMIT} and equal at both sizes",
            count <= QUERY_LIMIT and count == other,
        )
        worst = max(worst, count)
    figure("queries_max", worst)

    # With DEBUG off, as the servers run: the manifest of hashed names is written only then.
    production = {**large, "DJANGO_DEBUG": "0"}
    run(
        [*PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        production,
        300,
        "collectstatic",
    )
    found = step("urls", large)
    lua = work / "latency.lua"
    lua.write_text(LUA)
    servers = {"cached": ("8765", "600"), "uncached": ("8766", "0")}
    for mode, (port, seconds) in servers.items():
        env = {**large, "DJANGO_DEBUG": "0", "DJANGO_PUBLIC_CACHE_SECONDS": seconds}
        start(
            [
                *PYTHON,
                "-m",
                "gunicorn",
                "saker_trygg.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
                "--access-logfile",
                "-",
                # Two servers at once: each its own control socket, not the shared default.
                "--control-socket",
                str(work / f"gunicorn-{mode}.ctl"),
            ],
            env,
            work / f"gunicorn-{mode}.log",
        )
    for port, _seconds in servers.values():
        wait_for(f"http://127.0.0.1:{port}/healthz")

    for mode, (port, _seconds) in servers.items():
        host = f"http://127.0.0.1:{port}"
        health = wrk(f"{host}/healthz", args.duration, args.connections, lua)
        figure(f"{mode} healthz rps", health["rps"])
        for name in LOADED:
            url = host + found["public"][name]
            label = f"{mode} {name}"
            try:  # a first render, as after a change; a failure is a figure, not the end
                urllib.request.urlopen(url, timeout=60).read()
                first = "200"
            except (urllib.error.HTTPError, OSError) as exc:
                first = str(getattr(exc, "code", exc))
            figure(f"{label} first_request", first, "200", first == "200")
            result = wrk(url, args.duration, args.connections, lua)
            # /healthz answers nothing while every worker is stuck in a slow page.
            ratio = round(result["rps"] / health["rps"], 3) if health["rps"] else 0.0
            figure(f"{label} rps", result["rps"])
            figure(
                f"{label} ratio_to_healthz",
                ratio,
                f"≥ {CACHED_RATIO}" if mode == "cached" and name != "insatser_json" else "",
                ratio >= CACHED_RATIO,
            )
            figure(f"{label} p50_ms", result["p50_ms"])
            figure(
                f"{label} p95_ms",
                result["p95_ms"],
                f"≤ {P95_UNCACHED_MS} ms" if mode == "uncached" else "",
                result["rps"] > 0 and result["p95_ms"] <= P95_UNCACHED_MS,
            )
            figure(f"{label} p99_ms", result["p99_ms"])
            figure(f"{label} failed_requests", result["bad"], "0", result["bad"] == 0)
    # The EST weekly page is the workspace's: a logged-in administrator, never cached.
    host = "http://127.0.0.1:8766"
    cookie = f"sessionid={found['session']}"
    health = wrk(f"{host}/healthz", args.duration, args.connections, lua)
    est = wrk(host + found["workspace"]["est_weekly"], args.duration, args.connections, lua, cookie)
    figure("est_weekly rps", est["rps"])
    figure(
        "est_weekly ratio_to_healthz",
        round(est["rps"] / health["rps"], 3) if health["rps"] else 0.0,
    )
    figure("est_weekly p50_ms", est["p50_ms"])
    figure(
        "est_weekly p95_ms",
        est["p95_ms"],
        f"≤ {P95_EST_MS} ms",
        est["rps"] > 0 and est["p95_ms"] <= P95_EST_MS,
    )
    figure("est_weekly p99_ms", est["p99_ms"])
    figure("est_weekly failed_requests", est["bad"], "0", est["bad"] == 0)
    stop_children()
    children.clear()

    opendata = step("opendata", {**large, "DJANGO_PUBLIC_CACHE_SECONDS": "0"})
    for name, value in opendata.items():
        figure(name, value)
    report = step("report", small, timeout=900)
    for edition in ("internal", "public"):
        seconds = report[f"report_{edition}_seconds"]
        rss = report[f"report_{edition}_peak_rss_mib"]
        figure(
            f"report_{edition}_seconds (scale {small_scale}'s year)", seconds, "≤ 5 s", seconds <= 5
        )
        figure(f"report_{edition}_peak_rss_mib", rss, "≤ 500 MiB", rss <= 500)
    kolada = step("kolada", large, timeout=900)
    figure("kolada_observations", kolada["kolada_observations"])
    figure("kolada_seconds", kolada["kolada_seconds"], "≤ 15 s", kolada["kolada_seconds"] <= 15)
    est_import = step("est", large, timeout=900)
    figure("est_import_rows", est_import["est_import_rows"])
    figure(
        "est_import_seconds",
        est_import["est_import_seconds"],
        "≤ 20 s",
        est_import["est_import_seconds"] <= 20,
    )
    reminders(small, large, small_scale, args.scale)
    figure("loadavg_end", round(os.getloadavg()[0], 2))


def reminders(small, large, small_scale, scale):
    """One `send_reminders` run in each database against a local SMTP sink (issue 17): the
    demo's officials get their digests, the generated subscribers (20,000 a scale) their
    news. The last step on both databases, as it records what it sent."""
    runs = {
        small_scale: step("reminders", small, timeout=3600),
        scale: step("reminders", large, timeout=3600),
    }
    for size, run_figures in runs.items():
        label = f"reminders (scale {size})"
        sent = run_figures["mail_digest_sent"] + run_figures["mail_news_sent"]
        failed = run_figures["mail_digest_failed"] + run_figures["mail_news_failed"]
        seconds = run_figures["mail_total_s"]
        figure(f"{label} seconds", round(seconds, 1))
        figure(f"{label} sender_cpu_seconds", round(run_figures["mail_total_cpu_s"], 1))
        figure(f"{label} digests", run_figures["mail_digest_sent"])
        figure(f"{label} news", run_figures["mail_news_sent"])
        figure(f"{label} messages_per_second", round(sent / max(seconds, 0.001)))
        figure(f"{label} failed", failed, "0", failed == 0)
        for name in ("digest", "news"):
            figure(f"{label} {name}_batches", run_figures[f"mail_{name}_batches"])
    # Per batch, not per run: the candidates are read once and spread over more batches.
    for name in ("digest", "news"):
        before, after = (
            runs[s][f"mail_{name}_queries_per_batch_max"] for s in (small_scale, scale)
        )
        both = all(runs[s][f"mail_{name}_batches"] for s in (small_scale, scale))
        figure(
            f"reminders {name} queries_per_batch",
            f"{before} → {after}",
            f"equal at scale {small_scale} and {scale}" if both else "",
            both and before == after,
        )


if __name__ == "__main__":
    main()
