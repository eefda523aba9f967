"""Load benchmark: requests per second, latency percentiles and SQL queries per page.

    python -m tests.bench.load [--duration SECONDS] [--connections N] [--workers N]

Starts the production-like instance of tests/bench/site.py on PostgreSQL and Redis with the
benchmark data set (demo content plus ``manage.py generate_bench_data``), then measures each
page with wrk on the loopback interface:

- *uncached*: every request carries a cookie, which the shared page cache never answers;
- *cached*: cookie-free requests, answered from the page cache after the first one;
- *trivial*: a Django view returning a cached response of the same size through the same
  server, middleware and cache (``/__bench__/trivial/<bytes>/``, mounted with ``PIAZZA_BENCH``):
  the most this machine can serve for a page of that size, so every figure is also a ratio.

Requests ask for gzip, as browsers do. SQL queries are counted by a bench-only middleware
(``X-Queries``). Results go to ``var/bench/load.json`` and ``var/bench/load.md``.

Environment:
- ``BENCH_DATABASE_URL``: a PostgreSQL database to use (re-populated, kept). Default: a
  throw-away database created on ``BENCH_POSTGRES_URL`` (``postgres://postgres@127.0.0.1:5432/
  postgres``) and dropped at the end.
- ``BENCH_REDIS_URL``: a Redis database *for the benchmark alone*; it is flushed before and after.
  Default ``redis://127.0.0.1:6379/15``.
- ``BENCH_SCALE``: multiplies the generated amounts (default 1).
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.site import PYTHON, ROOT, manage, running_site

OUT = ROOT / "var" / "bench"
LUA = Path(__file__).with_name("wrk_report.lua")
UNCACHED_COOKIE = "piazza-bench=uncached"
CACHED_TARGET = 0.70  # cached pages: at least 70% of the trivial view's throughput
UNCACHED_P95_TARGET_MS = 100


# --- services -----------------------------------------------------------------------------


@contextmanager
def bench_database():
    """The PostgreSQL database URL to use; a throw-away one unless BENCH_DATABASE_URL is set."""
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        yield given
        return
    import psycopg

    admin_url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"piazza_bench_{os.getpid()}"
    try:
        admin = psycopg.connect(admin_url, autocommit=True)
    except psycopg.OperationalError as error:
        sys.exit(
            f"The load benchmark needs PostgreSQL: cannot connect to {admin_url} ({error}). "
            "Set BENCH_POSTGRES_URL or BENCH_DATABASE_URL."
        )
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            parts = urlsplit(admin_url)
            yield urlunsplit(parts._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def bench_redis():
    """A Redis URL for the benchmark alone, flushed before and after."""
    import redis

    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    except redis.RedisError as error:
        sys.exit(f"The load benchmark needs Redis: cannot use {url} ({error}).")
    try:
        yield url
    finally:
        client.flushdb()


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
    except (OSError, TypeError):
        memory_kb = 0
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(memory_kb / 1024 / 1024),
        "system": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }


# --- measuring ----------------------------------------------------------------------------


def fetch(url, cookie=None):
    """Status, uncompressed size and headers of one request."""
    request = urllib.request.Request(url)  # noqa: S310
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, len(response.read()), response.headers
    except urllib.error.HTTPError as error:
        return error.code, len(error.read()), error.headers


def run_wrk(url, duration, connections, cookie=None):
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        "10s",
        "--script",
        str(LUA),
        "--header",
        "Accept-Encoding: gzip",
    ]
    if cookie:
        command += ["--header", f"Cookie: {cookie}"]
    result = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK_JSON "))
    data = json.loads(line.removeprefix("WRK_JSON "))
    seconds = data["duration_us"] / 1_000_000
    return {
        "requests_per_second": round(data["requests"] / seconds, 1),
        "p50_ms": round(data["p50_us"] / 1000, 1),
        "p95_ms": round(data["p95_us"] / 1000, 1),
        "p99_ms": round(data["p99_us"] / 1000, 1),
        "requests": data["requests"],
        "socket_errors": sum(value for key, value in data["errors"].items() if key != "status"),
        "non_2xx_3xx": data["errors"]["status"],
    }


def warm_up(base_url, paths, rounds=10):
    for _ in range(rounds):
        for path in paths:
            fetch(base_url + path, cookie=UNCACHED_COOKIE)
            fetch(base_url + path)


def measure_page(base_url, path, duration, connections):
    url = base_url + path
    status, size, headers = fetch(url, cookie=UNCACHED_COOKIE)
    queries = int(headers.get("X-Queries", -1))
    fetch(url)  # fills the page cache
    _, _, cached_headers = fetch(url)
    result = {
        "path": path,
        "status": status,
        "bytes": size,
        "queries": queries,
        "queries_cached": int(cached_headers.get("X-Queries", -1)),
        "page_cache": cached_headers.get("X-Page-Cache", "-"),
    }
    # One visitor at a time: the latency of the page itself, without queueing.
    result["latency"] = run_wrk(url, max(2, duration // 2), 1, cookie=UNCACHED_COOKIE)
    result["uncached"] = run_wrk(url, duration, connections, cookie=UNCACHED_COOKIE)
    result["cached"] = run_wrk(url, duration, connections)
    result["trivial"] = run_wrk(f"{base_url}/__bench__/trivial/{size}/", duration, connections)
    trivial_rps = result["trivial"]["requests_per_second"] or 1
    result["cached_ratio"] = round(result["cached"]["requests_per_second"] / trivial_rps, 2)
    result["uncached_ratio"] = round(result["uncached"]["requests_per_second"] / trivial_rps, 2)
    return result


# --- reporting ----------------------------------------------------------------------------


def verdicts(name, result):
    lines = []
    if result["page_cache"] == "hit":
        ok = result["cached_ratio"] >= CACHED_TARGET
        lines.append(
            f"{'PASS' if ok else 'FAIL'} {name}: cached at {result['cached_ratio']:.0%} of the "
            f"trivial view (target {CACHED_TARGET:.0%})"
        )
    else:
        lines.append(f"note {name}: not served from the page cache ({result['page_cache']})")
    # Under load, latency is mostly queueing (Little's law: connections ÷ throughput), so the
    # target applies to the page's own latency: one visitor at a time.
    p95 = result["latency"]["p95_ms"]
    ok = p95 < UNCACHED_P95_TARGET_MS
    lines.append(
        f"{'PASS' if ok else 'FAIL'} {name}: uncached p95 {p95} ms for one visitor "
        f"(target < {UNCACHED_P95_TARGET_MS} ms)"
    )
    return lines


def markdown(report):
    info = report["machine"]
    settings = report["settings"]
    lines = [
        f"Load benchmark, {report['finished']}: {info['cores']} cores ({info['cpu']}), "
        f"{info['memory_gb']} GB, {info['system']}, Python {info['python']}; gunicorn "
        f"{settings['workers']} sync workers, PostgreSQL, Redis; wrk 1 thread, "
        f"{settings['connections']} connections, {settings['duration']} s a run, gzip; "
        f"load average at start {info['load_average_at_start']}.",
        "",
        "| page | SQL queries | KB | uncached, one visitor: p50 / p95 / p99 ms "
        "| uncached req/s | p50 / p95 / p99 ms | cached req/s | p50 / p95 / p99 ms "
        "| trivial req/s | cached ÷ trivial | uncached ÷ trivial |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def percentiles(run):
        return f"{run['p50_ms']} / {run['p95_ms']} / {run['p99_ms']}"

    for name, result in report["pages"].items():
        cached_note = "" if result["page_cache"] == "hit" else " (not cached)"
        lines.append(
            f"| {name} (`{result['path']}`, {result['status']}) | {result['queries']} "
            f"| {result['bytes'] / 1024:.0f} | {percentiles(result['latency'])} "
            f"| {result['uncached']['requests_per_second']:.0f} "
            f"| {percentiles(result['uncached'])} "
            f"| {result['cached']['requests_per_second']:.0f}{cached_note} "
            f"| {percentiles(result['cached'])} "
            f"| {result['trivial']['requests_per_second']:.0f} "
            f"| {result['cached_ratio']:.0%} | {result['uncached_ratio']:.0%} |"
        )
    for name, reason in report["skipped"].items():
        lines.append(f"| {name} | skipped: {reason} | | | | | | | | | |")
    lines += ["", *report["verdicts"]]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (10)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent wrk connections (8)")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1), help="gunicorn workers"
    )
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (make bench does it).")
    OUT.mkdir(parents=True, exist_ok=True)
    scale = os.environ.get("BENCH_SCALE", "1")
    report = {
        "machine": machine(),
        "settings": {
            "workers": args.workers,
            "connections": args.connections,
            "duration": args.duration,
            "scale": float(scale),
        },
    }
    found = {}

    def prepare(env):
        started = time.monotonic()
        manage(env, "generate_bench_data", "--scale", scale)
        report["settings"]["generate_seconds"] = round(time.monotonic() - started, 1)
        output = subprocess.run(  # noqa: S603
            [PYTHON, "-m", "tests.bench.targets"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        found.update(json.loads(output))

    with (
        bench_database() as database_url,
        bench_redis() as redis_url,
        running_site(
            workers=args.workers,
            database_url=database_url,
            redis_url=redis_url,
            prepare=prepare,
            extra_env={"PIAZZA_BENCH": "1", "PAGE_CACHE_SECONDS": "600", "LOG_LEVEL": "ERROR"},
        ) as base_url,
    ):
        for name, reason in found["skipped"].items():
            print(f"skipped {name}: {reason}")  # noqa: T201
        warm_up(base_url, found["pages"].values())
        report["pages"] = {}
        for name, path in found["pages"].items():
            print(f"measuring {name} ({path}) …", flush=True)  # noqa: T201
            report["pages"][name] = measure_page(base_url, path, args.duration, args.connections)
    report["skipped"] = found["skipped"]
    report["verdicts"] = [
        line for name, result in report["pages"].items() for line in verdicts(name, result)
    ]
    report["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    (OUT / "load.json").write_text(json.dumps(report, indent=2))
    text = markdown(report)
    (OUT / "load.md").write_text(text)
    print(text)  # noqa: T201
    if args.strict and any(line.startswith("FAIL") for line in report["verdicts"]):
        sys.exit(1)


if __name__ == "__main__":
    main()
