"""Translation catalogues: compiled from the ``.po`` files in ``LOCALE_PATHS`` with polib.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``; polib (already a dependency of
wagtail-localize) does the same in Python, so a fresh machine needs nothing but the project's
own requirements. ``make run``, ``make test`` (through the test configuration) and deployments
call :func:`compile_catalogues`; it only rewrites a ``.mo`` that is older than its ``.po``.
"""

from pathlib import Path

from django.conf import settings

import polib


def catalogues():
    """Every ``.po`` file under the project's locale folders."""
    for locale_path in settings.LOCALE_PATHS:
        yield from sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po"))


def compile_catalogues(*, force=False):
    """Compile stale catalogues; return the paths of the ``.mo`` files written."""
    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        # Fuzzy entries are guesses waiting for review: like msgfmt, leave them out.
        for entry in catalogue.fuzzy_entries():
            catalogue.remove(entry)
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
