"""A production-like instance of the site for benchmarks: production settings, collected and
compressed static files, demo content, served by gunicorn on the loopback interface.

PostgreSQL when ``BENCH_DATABASE_URL`` is set (the database is created if missing and
re-populated), otherwise a throw-away SQLite file.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_environment(var_dir, port, database_url=None, redis_url=None, extra_env=None):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "PIAZZA_VAR_DIR": str(var_dir),
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env["REDIS_URL"] = redis_url
    env.update(extra_env or {})
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


@contextmanager
def running_site(workers=2, database_url=None, redis_url=None, prepare=None, extra_env=None):
    """Yield the base URL of a freshly prepared site; stop it afterwards.

    ``prepare(env)`` may add data after the demo content is loaded; ``extra_env`` adds
    environment variables (e.g. ``PIAZZA_BENCH``) to the commands and the server.
    """
    var_dir = Path(tempfile.mkdtemp(prefix="piazza-bench-"))
    port = free_port()
    env = bench_environment(var_dir, port, database_url, redis_url, extra_env)
    manage(env, "compile_translations")
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_demo_content")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    if prepare:
        prepare(env)
    server = subprocess.Popen(  # noqa: S603
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=ROOT,
        env=env,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base_url + "/robots.txt", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the benchmark site did not start")
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(var_dir, ignore_errors=True)
