"""Load drill on the public sign-up form: 50 requests per second for 60 seconds.

    python -m tests.drills.load [--rate 50] [--duration 60] [--addresses 300] [--workers N]

Starts the production-like instance of tests/bench/site.py (gunicorn, production settings,
demo content) on a throw-away PostgreSQL database and Redis (as ``make bench`` does), a task
worker (``manage.py db_worker``) and a local SMTP server that records every message. Then
it posts sign-ups to ``/newsletter/iscriviti/`` at a steady rate, open loop (a request is
sent on schedule whether or not the previous ones have been answered), cycling through a
pool of addresses so that every address signs up many times within the confirmation
cool-down. The traffic all comes from the loopback address, so the per-address limit of the
form (``NEWSLETTER_SUBSCRIBE_LIMIT_PER_IP``) is raised for the drill; the per-e-mail limit and
the cool-down are the production defaults.

Passes when no answer is a 5xx, the 95th percentile of the answer time is under 500 ms and no
address received more than one confirmation e-mail. Results: ``var/drills/load.json`` and
``var/drills/load.md``; the exit status is non-zero when a target is missed.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from tests.bench.load import bench_database, bench_redis, machine
from tests.bench.site import PYTHON, ROOT, free_port, running_site

OUT = ROOT / "var" / "drills"
P95_TARGET_MS = 500


def start_sink():
    from aiosmtpd.controller import Controller

    from tests.newsletter.smtp_sink import RecordingHandler

    handler = RecordingHandler(keep=True)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, handler, port


def form_fields(base_url):
    """The sign-up form's own fields (lists ticked by default, the notice revision)."""
    with urllib.request.urlopen(base_url + "/newsletter/iscriviti/", timeout=30) as response:  # noqa: S310
        html = response.read().decode()
    fields = []
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or name[1] in ("email", "name", "website", "csrfmiddlewaretoken"):
            continue
        kind = re.search(r'type="([^"]+)"', tag)
        if kind and kind[1] == "checkbox" and name[1] != "lists":
            fields.append((name[1], "on"))
        elif value:
            fields.append((name[1], value[1]))
    return fields


def post(url, body):
    request = urllib.request.Request(  # noqa: S310
        url,
        data=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",
        },
        method="POST",
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    except OSError as error:
        status = f"error: {type(error).__name__}"
    return status, (time.perf_counter() - started) * 1000


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def drive(base_url, fields, rate, duration, addresses):
    """Open-loop load: request ``n`` leaves at ``start + n / rate``."""
    urllib.request.install_opener(urllib.request.build_opener(NoRedirect))
    url = base_url + "/newsletter/iscriviti/"
    total = int(rate * duration)
    results = [None] * total
    lateness = []

    def one(n):
        email = f"carico{n % addresses}@example.org"
        body = urllib.parse.urlencode([("email", email), ("consent", "on"), *fields]).encode()
        results[n] = post(url, body)

    with ThreadPoolExecutor(max_workers=128) as pool:
        start = time.perf_counter()
        for n in range(total):
            due = start + n / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            else:
                lateness.append(-wait)
            pool.submit(one, n)
        elapsed = time.perf_counter() - start
    return results, elapsed, max(lateness, default=0.0)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def wait_for_mail(handler, expected, quiet_seconds=60, limit=300):
    """Wait until every address got its message (and a few seconds more, for extra copies),
    or until nothing arrives for ``quiet_seconds`` (the worker may be busy with other tasks
    first: the demo content's search index)."""
    last, last_change, deadline = -1, time.monotonic(), time.monotonic() + limit
    while time.monotonic() < deadline:
        count = handler.count
        if count != last:
            last, last_change = count, time.monotonic()
        quiet = time.monotonic() - last_change
        if (count >= expected and quiet > 5) or quiet > quiet_seconds:
            return
        time.sleep(0.5)


def markdown(report):
    info = report["machine"]
    lines = [
        f"Load drill, {report['date']}: {report['rate']} sign-ups per second for "
        f"{report['duration']} s on loopback ({report['requests']} requests, "
        f"{report['addresses']} addresses), gunicorn with {report['workers']} workers, "
        f"PostgreSQL and Redis; {info['cores']} cores, {info['memory_gb']} GB "
        f"(load average at start: {info['load_average_at_start']}).",
        "",
        "| | |",
        "|---|---|",
        f"| Answers | {', '.join(f'{k}: {v}' for k, v in sorted(report['statuses'].items()))} |",
        f"| 5xx or no answer | {report['server_errors']} |",
        f"| Answer time p50 / p95 / max | {report['p50_ms']} / {report['p95_ms']} / "
        f"{report['max_ms']} ms |",
        f"| Achieved rate | {report['achieved_rate']} requests/s |",
        f"| Confirmation e-mails | {report['emails']} to {report['addresses_mailed']} addresses; "
        f"most to one address: {report['most_to_one_address']} |",
        "",
        "Verdicts: " + "; ".join(report["verdicts"]),
    ]
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--addresses", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    args = parser.parse_args(argv)

    controller, handler, smtp_port = start_sink()
    extra = {
        "EMAIL_PROVIDER": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "NEWSLETTER_SUBSCRIBE_LIMIT_PER_IP": "1000000",
    }
    environment = {}
    try:
        with (
            bench_database() as database_url,
            bench_redis() as redis_url,
            running_site(
                workers=args.workers,
                database_url=database_url,
                redis_url=redis_url,
                prepare=environment.update,
                extra_env=extra,
            ) as base_url,
        ):
            worker = subprocess.Popen(  # noqa: S603
                [PYTHON, "manage.py", "db_worker"], cwd=ROOT, env=environment
            )
            try:
                fields = form_fields(base_url)
                load_average = machine()
                results, elapsed, late = drive(
                    base_url, fields, args.rate, args.duration, args.addresses
                )
                wait_for_mail(handler, args.addresses)
            finally:
                worker.terminate()
                worker.wait(timeout=60)
    finally:
        controller.stop()

    statuses = Counter(str(status) for status, _ms in results)
    times = [ms for _status, ms in results]
    server_errors = sum(
        1 for status, _ms in results if not isinstance(status, int) or status >= 500
    )
    per_address = Counter(
        address for recipients, _raw in handler.messages for address in recipients
    )
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": load_average,
        "rate": args.rate,
        "duration": args.duration,
        "requests": len(results),
        "addresses": args.addresses,
        "workers": args.workers,
        "statuses": dict(statuses),
        "server_errors": server_errors,
        "p50_ms": round(percentile(times, 0.50)),
        "p95_ms": round(percentile(times, 0.95)),
        "max_ms": round(max(times)),
        "achieved_rate": round(len(results) / elapsed, 1),
        "scheduler_late_s": round(late, 3),
        "emails": handler.count,
        "addresses_mailed": len(per_address),
        "most_to_one_address": max(per_address.values(), default=0),
    }
    ok_errors = server_errors == 0
    ok_p95 = report["p95_ms"] < P95_TARGET_MS
    # No e-mail at all proves nothing: the worker did not get to them in time.
    ok_mail = report["most_to_one_address"] == 1
    report["verdicts"] = [
        f"no 5xx: {'yes' if ok_errors else 'NO'}",
        f"p95 under {P95_TARGET_MS} ms: {'yes' if ok_p95 else 'NO'}",
        "at most one confirmation per address: "
        + ("yes" if ok_mail else "not measured (no e-mail sent)" if not per_address else "NO"),
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "load.json").write_text(json.dumps(report, indent=2) + "\n")
    (OUT / "load.md").write_text(markdown(report))
    sys.stdout.write(markdown(report))
    return 0 if ok_errors and ok_p95 and ok_mail else 1


if __name__ == "__main__":
    sys.exit(main())
