"""Sending benchmark: one newsletter to 10,000 and 100,000 subscribers.

    python -m tests.bench.send [--sizes 10000,100000] [--yardstick 20000]

On a throw-away PostgreSQL database (``BENCH_POSTGRES_URL`` / ``BENCH_DATABASE_URL`` as for the
load benchmark) with the demo content and the generated subscribers, each run is a fresh
process with production settings that requests a send, prepares it (the delivery rows) and
runs the batch loop to the end, in one worker:

- *SMTP*: to a local aiosmtpd server in its own process, one connection per batch;
- *batch API*: through django-anymail's Mailgun backend to a local fake Mailgun endpoint, 1,000
  recipients per call (merge data and merge headers);
- *bare smtplib*: the yardstick, a loop of ``sendmail`` calls with one pre-built message of
  the same size over one connection to the same server; the most SMTP can do here.

Reported: time to write the delivery rows, time to send, messages per second, SQL statements
per recipient, peak memory above the process's baseline. Results go to ``var/bench/send.json``
and ``var/bench/send.md``. Targets are printed as PASS/FAIL lines (``--strict``: a miss fails).
"""

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.load import OUT, bench_database, machine
from tests.bench.site import PYTHON, ROOT, free_port

ROWS_TARGET_SECONDS = 5.0
SMTP_RATIO_TARGET = 0.80
BATCH_API_TARGET_SECONDS = 60.0
MEMORY_SLACK_MB = 25  # peak growth at the largest size may exceed the smallest by this much


# --- helper processes ----------------------------------------------------------------------


def run_sink(port):
    """An SMTP server that counts messages (and keeps none)."""
    from aiosmtpd.controller import Controller

    from tests.newsletter.smtp_sink import RecordingHandler

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})  # for sigwait
    handler = RecordingHandler(keep=False)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)  # noqa: T201 (protocol with the parent process)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    controller.stop()
    print(handler.count, flush=True)  # noqa: T201


def run_fake_esp(port):
    """Answers Mailgun's send API like Mailgun does, counting recipients."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})  # for sigwait
    counted = {"recipients": 0, "calls": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            # Counted without parsing: a fake ESP should cost the machine next to nothing.
            recipients = body.count(b"&to=") + body.startswith(b"to=")
            with lock:
                counted["recipients"] += recipients
                counted["calls"] += 1
                number = counted["calls"]
            answer = json.dumps(
                {"id": f"<bench.{number}@mailgun.test>", "message": "Queued. Thank you."}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print("ready", flush=True)  # noqa: T201
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    server.shutdown()
    print(json.dumps(counted), flush=True)  # noqa: T201


class Helper:
    """A helper process (sink or fake ESP) started with ``python -m tests.bench.send …``."""

    def __init__(self, *args):
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "tests.bench.send", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        output, _ = self.process.communicate(timeout=30)
        return output.strip()


# --- the measured process ------------------------------------------------------------------


def memory_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak_memory():
    with contextlib.suppress(OSError):  # not Linux: the peak then includes the start-up
        Path("/proc/self/clear_refs").write_text("5")


def work(send_id):
    """One more worker process running the batch loop of a send (``--workers``)."""
    import django

    django.setup()
    from newsletter.sending import batches

    batches.run(send_id, budget=10**9)


def measure(subscribers, workers=1):
    """Send the demo newsletter to ``subscribers`` people; print the figures as JSON."""
    import uuid

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from newsletter.models import (
        Delivery,
        MailingList,
        NewsletterPage,
        ProviderEvent,
        Send,
        SendContent,
    )
    from newsletter.sending import audience, batches, transports, workflow

    # Time the writing of the delivery rows apart from the rest of the preparation.
    timings = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

        return wrapper

    audience.write_deliveries = timed("insert", audience.write_deliveries)
    audience.skip_suppressed = timed("suppression", audience.skip_suppressed)

    page = NewsletterPage.objects.live().first()
    mailing_list = MailingList.objects.get(slug=f"bench-{subscribers}")
    user = get_user_model().objects.get(username="bench")
    # Start from no send at all, quickly (the ORM would load every delivery to delete it).
    tables = [
        model._meta.db_table
        for model in (ProviderEvent, Delivery, SendContent, Send.mailing_lists.through, Send)
    ]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    connection.close()

    statements = [0]

    def count(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    # Count on every connection, the batch loop's database thread included.
    from django.db.backends.signals import connection_created

    connection_created.connect(
        lambda sender, connection, **kwargs: connection.execute_wrappers.append(count),
        weak=False,
    )
    reset_peak_memory()
    baseline = memory_kb("VmRSS")
    with connection.execute_wrapper(count):
        send, _created = workflow.request_send(
            page, user=user, lists=[mailing_list], request_key=uuid.uuid4()
        )
        started = time.perf_counter()
        workflow.start(send.pk)
        prepared = time.perf_counter()
        cpu_before = time.process_time()
        others = [
            subprocess.Popen(  # noqa: S603
                [PYTHON, "-m", "tests.bench.send", "work", str(send.pk)], cwd=ROOT
            )
            for _number in range(workers - 1)
        ]
        batches.run(send.pk, budget=10**9)
        for other in others:
            other.wait()
        finished = time.perf_counter()
        cpu = time.process_time() - cpu_before
    peak = memory_kb("VmHWM")
    send.refresh_from_db()
    states = send.deliveries.status_counts()
    content = send.contents.get(language="it")
    sample = transports.SMTPTransport(
        contents={content.pk: content.rendered()},
        sender=batches.Sender.for_site(page.get_site()),
        backend=object(),
    )
    _id, sample_bytes = sample.message_bytes(
        transports.OutgoingMessage(
            delivery_id=0,
            to="p000001@example.org",
            content_id=content.pk,
            unsubscribe_url="http://127.0.0.1/newsletter/disiscriviti/" + "x" * 90 + "/",
            manage_url="http://127.0.0.1/newsletter/preferenze/" + "x" * 60 + "/",
        )
    )
    result = {
        "subscribers": subscribers,
        "workers": workers,
        "status": send.status,
        "states": states,
        "transport": transports.transport_class().__name__
        if not isinstance(transports.transport_class(), tuple)
        else "AnymailBatchTransport",
        "batch_size": transports.batch_size(),
        "rows_seconds": round(timings["insert"] + timings["suppression"], 3),
        "insert_seconds": round(timings["insert"], 3),
        "prepare_seconds": round(prepared - started, 3),
        "send_seconds": round(finished - prepared, 3),
        "messages_per_second": round(states.get("sent", 0) / max(finished - prepared, 1e-9), 1),
        "statements": statements[0],
        "cpu_ms_per_message": round(cpu * 1000 / subscribers, 3),
        "statements_per_recipient": round(statements[0] / subscribers, 4),
        "baseline_mb": round(baseline / 1024, 1),
        "peak_growth_mb": round((peak - baseline) / 1024, 1),
        "message_bytes": len(sample_bytes),
        "sample": sample_bytes.decode("ascii", "replace"),
    }
    print(json.dumps(result), flush=True)  # noqa: T201


def yardstick(port, count, size_sample):
    """Bare smtplib: one connection, one pre-built message, ``count`` sendmail calls."""
    import smtplib

    data = size_sample.encode("ascii", "replace").replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as connection:
        connection.ehlo()
        started = time.perf_counter()
        cpu_before = time.process_time()
        for number in range(count):
            connection.sendmail("noreply@localhost", [f"p{number:06}@example.org"], data)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
    result = {
        "messages": count,
        "seconds": round(elapsed, 3),
        "rate": count / elapsed,
        "cpu_ms_per_message": round(cpu * 1000 / count, 3),
    }
    print(json.dumps(result), flush=True)  # noqa: T201


# --- orchestration -------------------------------------------------------------------------


def environment(database_url, extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    return env


def populate(database_url, sizes):
    """Migrate, load the demo content, add the subscribers and a sender (once)."""
    env = environment(database_url, {})
    for command in (["migrate", "--no-input", "-v", "0"], ["load_demo_content"]):
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True
        )
    code = (
        "import django; django.setup()\n"
        "from tests.bench.send import create_subscribers\n"
        f"create_subscribers({sorted(sizes)!r})\n"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True)  # noqa: S603


def create_subscribers(sizes):
    """``max(sizes)`` active subscribers; list ``bench-N`` holds the first N of them."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from newsletter.models import MailingList, Subscriber, Subscription

    largest = max(sizes)
    with transaction.atomic():
        Subscriber.objects.bulk_create(
            (Subscriber(email=f"p{n:06}@example.org", language="it") for n in range(largest)),
            batch_size=5000,
        )
        ids = list(Subscriber.objects.order_by("pk").values_list("pk", flat=True))
        for size in sizes:
            mailing_list = MailingList.objects.create(name=f"Bench {size}", slug=f"bench-{size}")
            Subscription.objects.bulk_create(
                (
                    Subscription(subscriber_id=pk, mailing_list=mailing_list, status="active")
                    for pk in ids[:size]
                ),
                batch_size=5000,
            )
        get_user_model().objects.create_superuser("bench", "bench@example.org", "x" * 20)


def run_measure(database_url, size, extra_env, workers=1):
    output = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "tests.bench.send", "measure", str(size), str(workers)],
        cwd=ROOT,
        env=environment(database_url, extra_env),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def verdict(ok, text):
    line = f"{'PASS' if ok else 'FAIL'}: {text}"
    print(line)  # noqa: T201
    return ok


def statements(run):
    # Counted in the measuring process only: meaningless with several workers.
    return f"{run['statements_per_recipient']:.3f}" if run["workers"] == 1 else "—"


def markdown(report):
    lines = [
        f"Sending benchmark, {report['date']}: {report['machine']['cores']} cores "
        f"({report['machine']['cpu']}), {report['machine']['memory_gb']} GB, "
        f"Python {report['machine']['python']}; PostgreSQL; one worker unless stated; message "
        f"{report['message_bytes'] // 1024} KB; load average at start "
        f"{report['machine']['load_average_at_start']}.",
        "",
        "| transport | recipients | delivery rows written | sending | messages/s | "
        "SQL statements per recipient | peak memory above baseline |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in report["runs"]:
        lines.append(
            f"| {run['label']} | {run['subscribers']:,} | {run['rows_seconds']:.2f} s | "
            f"{run['send_seconds']:.1f} s | {run['messages_per_second']:,.0f} | "
            f"{statements(run)} | {run['peak_growth_mb']:.0f} MB |"
        )
    yard = report.get("yardstick")
    if yard:
        lines.append(
            f"| bare smtplib loop (yardstick) | {yard['messages']:,} | — | "
            f"{yard['seconds']:.1f} s | {yard['rate']:,.0f} | — | — |"
        )
    lines.append("")
    lines.extend(f"- {line}" for line in report["verdicts"])
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--yardstick", type=int, default=20000)
    parser.add_argument("--transports", default="smtp,api", help="smtp, api or both")
    parser.add_argument(
        "--workers", type=int, default=2, help="also run the largest batch-API send with N workers"
    )
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    chosen = set(args.transports.split(","))
    report = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine()}
    runs = []
    with bench_database() as database_url:
        print("Preparing the data…", flush=True)  # noqa: T201
        populate(database_url, sizes)
        if "smtp" in chosen:
            smtp_port = free_port()
            sink = Helper("sink", str(smtp_port))
            try:
                smtp_env = {
                    "EMAIL_PROVIDER": "smtp",
                    "EMAIL_HOST": "127.0.0.1",
                    "EMAIL_PORT": str(smtp_port),
                    "EMAIL_USE_TLS": "0",
                }
                for size in sizes:
                    print(f"SMTP, {size:,} recipients…", flush=True)  # noqa: T201
                    runs.append(
                        {"label": "SMTP (aiosmtpd)", **run_measure(database_url, size, smtp_env)}
                    )
                sample = runs[-1].pop("sample")
                print("Bare smtplib yardstick…", flush=True)  # noqa: T201
                output = subprocess.run(  # noqa: S603
                    [
                        PYTHON,
                        "-m",
                        "tests.bench.send",
                        "yardstick",
                        str(smtp_port),
                        str(args.yardstick),
                    ],
                    cwd=ROOT,
                    input=sample,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                report["yardstick"] = json.loads(output.strip().splitlines()[-1])
            finally:
                received = int(sink.stop() or 0)
            report["smtp_received"] = received
        if "api" in chosen:
            esp_port = free_port()
            esp = Helper("fake-esp", str(esp_port))
            try:
                esp_env = {
                    "EMAIL_PROVIDER": "mailgun",
                    "ANYMAIL_MAILGUN_API_KEY": "bench",
                    "ANYMAIL_MAILGUN_API_URL": f"http://127.0.0.1:{esp_port}/v3",
                    "ANYMAIL_WEBHOOK_SECRET": "bench:bench",
                }
                for size in sizes:
                    print(f"Batch API, {size:,} recipients…", flush=True)  # noqa: T201
                    runs.append(
                        {
                            "label": "batch API (anymail, Mailgun)",
                            **run_measure(database_url, size, esp_env),
                        }
                    )
                if args.workers > 1:
                    size = max(sizes)
                    print(f"Batch API, {size:,} recipients, {args.workers} workers…", flush=True)  # noqa: T201
                    runs.append(
                        {
                            "label": f"batch API (anymail, Mailgun), {args.workers} workers",
                            **run_measure(database_url, size, esp_env, args.workers),
                        }
                    )
            finally:
                report["esp_received"] = json.loads(esp.stop() or "{}")
    for run in runs:
        run.pop("sample", None)
    report["runs"] = runs
    report["message_bytes"] = runs[0]["message_bytes"]

    smtp_runs = [run for run in runs if run["label"].startswith("SMTP")]
    esp_runs = [run for run in runs if run["label"].startswith("batch") and run["workers"] == 1]
    parallel_runs = [run for run in runs if run["workers"] > 1]
    largest = max(sizes)
    ok = []
    ok.append(all(run["states"].get("sent") == run["subscribers"] for run in runs))
    verdicts = [f"every recipient sent exactly once in every run: {'yes' if ok[-1] else 'no'}"]
    rows = [run["rows_seconds"] for run in runs if run["subscribers"] == largest]
    ok.append(max(rows) < ROWS_TARGET_SECONDS)
    verdicts.append(
        f"delivery rows for {largest:,} recipients: {max(rows):.2f} s (target < "
        f"{ROWS_TARGET_SECONDS:.0f} s)"
    )
    growth = {run["subscribers"]: run["peak_growth_mb"] for run in smtp_runs + esp_runs}
    smallest = min(sizes)
    flat = all(
        big["peak_growth_mb"] <= small["peak_growth_mb"] + MEMORY_SLACK_MB
        for big in runs
        for small in runs
        if big["label"] == small["label"]
        and big["subscribers"] == largest
        and small["subscribers"] == smallest
    )
    ok.append(flat)
    verdicts.append(
        f"memory flat: peak growth at {largest:,} within {MEMORY_SLACK_MB} MB of that at "
        f"{smallest:,} ({growth})"
    )
    if smtp_runs:
        best_smtp = max(run["messages_per_second"] for run in smtp_runs)
        ratio = best_smtp / report["yardstick"]["rate"]
        largest_smtp = next(run for run in smtp_runs if run["subscribers"] == largest)
        ratio_largest = largest_smtp["messages_per_second"] / report["yardstick"]["rate"]
        ok.append(ratio_largest >= SMTP_RATIO_TARGET)
        verdicts.append(
            f"SMTP at {ratio_largest:.0%} of bare smtplib for {largest:,} recipients "
            f"(best run {ratio:.0%}; target ≥ {SMTP_RATIO_TARGET:.0%})"
        )
    if esp_runs:
        esp_largest = next(run for run in esp_runs if run["subscribers"] == largest)
        ok.append(esp_largest["send_seconds"] < BATCH_API_TARGET_SECONDS)
        verdicts.append(
            f"batch API: {largest:,} recipients handed off in {esp_largest['send_seconds']:.1f} s "
            f"by one worker (target < {BATCH_API_TARGET_SECONDS:.0f} s)"
        )
    for run in parallel_runs:
        ok.append(run["send_seconds"] < BATCH_API_TARGET_SECONDS)
        verdicts.append(
            f"batch API: {run['subscribers']:,} recipients handed off in "
            f"{run['send_seconds']:.1f} s by {run['workers']} workers "
            f"(target < {BATCH_API_TARGET_SECONDS:.0f} s)"
        )
    expected_smtp = sum(run["subscribers"] for run in smtp_runs)
    if smtp_runs:
        expected_smtp += report["yardstick"]["messages"]
        ok.append(report["smtp_received"] == expected_smtp)
        verdicts.append(
            f"the SMTP server received {report['smtp_received']:,} messages "
            f"(expected {expected_smtp:,})"
        )
    if esp_runs:
        expected_api = sum(run["subscribers"] for run in esp_runs + parallel_runs)
        received_api = report["esp_received"].get("recipients", 0)
        ok.append(received_api == expected_api)
        verdicts.append(
            f"the fake ESP received {received_api:,} recipients in "
            f"{report['esp_received'].get('calls', 0):,} calls (expected {expected_api:,})"
        )
    for passed, text in zip(ok, verdicts, strict=True):
        verdict(passed, text)
    report["verdicts"] = [
        f"{'PASS' if passed else 'FAIL'}: {text}" for passed, text in zip(ok, verdicts, strict=True)
    ]
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "send.json").write_text(json.dumps(report, indent=2))
    (OUT / "send.md").write_text(markdown(report))
    print(markdown(report))  # noqa: T201
    if args.strict and not all(ok):
        sys.exit(1)


if __name__ == "__main__":
    command = sys.argv[1:2]
    if command == ["sink"]:
        run_sink(int(sys.argv[2]))
    elif command == ["fake-esp"]:
        run_fake_esp(int(sys.argv[2]))
    elif command == ["measure"]:
        measure(int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    elif command == ["work"]:
        work(int(sys.argv[2]))
    elif command == ["yardstick"]:
        yardstick(int(sys.argv[2]), int(sys.argv[3]), sys.stdin.read())
    else:
        main()
