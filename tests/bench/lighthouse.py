"""Lighthouse scores (performance, accessibility, best practices, SEO) for the main page types,
measured on a production-like instance with Debian's Chromium.

    python -m tests.bench.lighthouse [path ...]

Needs Node.js (``npm ci`` installs the pinned Lighthouse from package-lock.json) and Chromium
at ``/usr/bin/chromium`` (or ``CHROME_PATH``). Writes ``var/bench/lighthouse.json`` and prints a
Markdown table for the README.
"""

import json
import os
import subprocess
import sys

from tests.bench.site import ROOT, running_site

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/",
    "standard page": "/chi-siamo/",
    "event": "/eventi/generare-prossimita/",
    "process": "/percorsi/opificio-di-comunita/",
    "newsletter archive": "/archivio-newsletter/",
}
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


OUT = ROOT / "var" / "bench"


def audit(url, form_factor, name):
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in range(3):  # Chromium occasionally fails to start on a busy machine
        result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
        if result.returncode == 0:
            break
        print(f"lighthouse failed (attempt {attempt + 1}): {result.stderr[-2000:]}")  # noqa: T201
    else:
        raise RuntimeError(f"Lighthouse could not audit {url}")
    report = json.loads(result.stdout)
    slug = "".join(c if c.isalnum() else "-" for c in f"{name}-{form_factor}")
    (OUT / f"lighthouse-{slug}.json").write_text(result.stdout)
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main(argv):
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci` in the project folder.")
    pages = {path: path for path in argv} if argv else PAGES
    results = {}
    OUT.mkdir(parents=True, exist_ok=True)
    with running_site() as base_url:
        for name, path in pages.items():
            for form_factor in ("mobile", "desktop"):
                results[f"{name} ({form_factor})"] = audit(base_url + path, form_factor, name)
    (OUT / "lighthouse.json").write_text(json.dumps(results, indent=2))
    print("| page | performance | accessibility | best practices | SEO |")  # noqa: T201
    print("|---|---|---|---|---|")  # noqa: T201
    for name, scores in results.items():
        print(f"| {name} | " + " | ".join(str(scores[c]) for c in CATEGORIES) + " |")  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
