"""Importing subscribers from a CSV file, for the privacy officer.

Policy: only documented consent is imported. The officer declares, for the whole file, where
the consent was collected and its legal basis; every row must carry the date the person gave
it. Rows without a valid date are refused, never imported as pending: asking strangers by
e-mail for consent is itself an unsolicited message (Garante, spam guidelines 2013). Refused
too: malformed rows, addresses on the suppression list, and lists the person left after the
declared consent. Nothing is written until the officer has seen the preview and confirmed.

The file: UTF-8 (a BOM is fine), comma or semicolon separated, a header row with at least
``email`` and ``data_consenso`` (or ``consent_date``); optional ``nome``/``name`` and
``lingua``/``language``. Dates as ``2026-03-31`` or ``31/03/2026``.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import Subscriber, Subscription, Suppression, email_key, keyed_email_hash
from .validation import clean_email, clean_name, has_control_characters, language_codes

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
COLUMNS = {
    "email": "email",
    "e-mail": "email",
    "indirizzo": "email",
    "data_consenso": "consent_date",
    "consent_date": "consent_date",
    "nome": "name",
    "name": "name",
    "lingua": "language",
    "language": "language",
}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y")


class LegalBasis:
    """The legal bases an import may declare; e-mail always needs consent (Codice art. 130)."""

    CONSENT = "consent"
    MEMBERS = "members"
    CHOICES = [
        (
            CONSENT,
            gettext_lazy(
                "Consenso esplicito raccolto altrove (GDPR art. 6.1.a e 9.2.a; Codice privacy "
                "art. 130): moduli cartacei, eventi, un altro strumento"
            ),
        ),
        (
            MEMBERS,
            gettext_lazy(
                "Soci e contatti regolari (GDPR art. 9.2.d) che hanno acconsentito alle "
                "comunicazioni per e-mail"
            ),
        ),
    ]


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, for people."""


@dataclass
class Row:
    """One line of the file: what it says, and what importing it would do."""

    line: int
    email: str = ""
    name: str = ""
    language: str = ""
    consent_date: date | None = None
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def valid(self):
        return not self.errors


def decode(content):
    """The text of an uploaded file, or ``ImportFileError``."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("Il file è troppo grande: al massimo %(size)d kB.") % {"size": MAX_BYTES // 1024}
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("Il file non è in UTF-8: salvalo come «CSV UTF-8» e riprova.")
        ) from None


def _parse_date(value):
    value = value.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def parse(text):
    """Rows of the file, each checked on its own (no database access), or ``ImportFileError``."""
    if not text.strip():
        raise ImportFileError(_("Il file è vuoto."))
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (csv.Error, StopIteration):
        raise ImportFileError(_("Il file non è un CSV leggibile.")) from None
    columns = [COLUMNS.get(name.strip().lower().lstrip("\ufeff")) for name in header]
    missing = [name for name in ("email", "consent_date") if name not in columns]
    if missing:
        raise ImportFileError(
            _("Nella prima riga servono le colonne «email» e «data_consenso»; trovate: %(found)s.")
            % {"found": ", ".join(f"«{name}»" for name in header) or "—"}
        )
    rows = []
    today = timezone.localdate()
    try:
        for line, values in enumerate(reader, start=2):
            if not any(value.strip() for value in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    _("Il file ha più di %(max)d righe: dividilo in più file.") % {"max": MAX_ROWS}
                )
            record = {
                column: value for column, value in zip(columns, values, strict=False) if column
            }
            rows.append(_check_row(line, record, today))
    except csv.Error:
        raise ImportFileError(
            _("Il file non è un CSV leggibile (riga %(line)d).") % {"line": reader.line_num}
        ) from None
    if not rows:
        raise ImportFileError(_("Il file non contiene indirizzi."))
    return rows


def _check_row(line, record, today):
    row = Row(line=line)
    try:
        row.email = clean_email(record.get("email", ""))
    except ValidationError as error:
        row.email = " ".join(record.get("email", "").split())[:80]
        row.errors.extend(error.messages)
    try:
        row.name = clean_name(record.get("name", ""))
    except ValidationError as error:
        row.errors.extend(error.messages)
    language = record.get("language", "").strip().lower()
    if language and language not in language_codes():
        row.errors.append(
            _("Lingua «%(value)s» sconosciuta: usa %(codes)s.")
            % {"value": language[:10], "codes": ", ".join(language_codes())}
        )
    row.language = language
    raw_date = record.get("consent_date", "").strip()
    parsed = None if has_control_characters(raw_date) else _parse_date(raw_date)
    if not raw_date:
        row.errors.append(
            _("Manca la data del consenso: senza consenso documentato non si importa.")
        )
    elif parsed is None:
        row.errors.append(_("Data del consenso non valida: scrivila come 2026-03-31 o 31/03/2026."))
    elif parsed > today:
        row.errors.append(_("La data del consenso è nel futuro."))
    else:
        row.consent_date = parsed
    return row


def assess(rows, lists):
    """Add to valid rows what importing would do, reading the database in a few queries.

    Duplicates within the file, suppressed addresses and later withdrawals become errors;
    lists already active become notes.
    """
    seen = {}
    for row in rows:
        if not row.email or not row.valid:
            continue
        key = email_key(row.email)
        if key in seen:
            row.errors.append(_("Indirizzo già presente alla riga %(line)d.") % {"line": seen[key]})
        else:
            seen[key] = row.line
    candidates = [row for row in rows if row.valid]
    suppressed = Suppression.objects.suppressed_hashes([row.email for row in candidates])
    existing = {}
    keys = {email_key(row.email) for row in candidates}
    subscriptions = Subscription.objects.filter(
        mailing_list__in=lists, subscriber__in=_subscribers_with_keys(keys)
    ).select_related("subscriber")
    for subscription in subscriptions:
        key = email_key(subscription.subscriber.email)
        existing.setdefault(key, {})[subscription.mailing_list_id] = subscription
    names = {mailing_list.pk: mailing_list.name for mailing_list in lists}
    for row in candidates:
        if keyed_email_hash(row.email) in suppressed:
            row.errors.append(_("Indirizzo bloccato (cancellato o segnalato): non si importa."))
            continue
        current = existing.get(email_key(row.email), {})
        joining = 0
        for list_id, list_name in names.items():
            subscription = current.get(list_id)
            if subscription is None:
                joining += 1
            elif subscription.status == Subscription.Status.ACTIVE:
                row.notes.append(_("Già iscritto a «%(list)s».") % {"list": list_name})
            elif (
                subscription.unsubscribed_at is not None
                and timezone.localdate(subscription.unsubscribed_at) >= row.consent_date
            ):
                row.errors.append(
                    _(
                        "Si è disiscritto da «%(list)s» il %(date)s, dopo il consenso dichiarato: "
                        "non si iscrive di nuovo."
                    )
                    % {
                        "list": list_name,
                        "date": timezone.localdate(subscription.unsubscribed_at).isoformat(),
                    }
                )
            else:
                joining += 1
        if not row.errors and not joining:
            row.notes.append(_("Nessun cambiamento."))
    return rows


def _subscribers_with_keys(keys):
    from django.db.models.functions import Lower

    return Subscriber.objects.annotate(key=Lower("email")).filter(key__in=keys).values("pk")


@dataclass
class Result:
    imported: int = 0
    unchanged: int = 0
    refused: int = 0


def apply(rows, lists, *, evidence, basis):
    """Import the rows ``assess`` found valid, through ``services.import_subscriber``."""
    result = Result()
    for row in rows:
        if not row.valid:
            result.refused += 1
            continue
        outcomes = services.import_subscriber(
            row.email,
            lists,
            evidence=evidence,
            consent_date=row.consent_date,
            basis=basis,
            name=row.name,
            language=row.language or None,
        )
        if services.ImportOutcome.IMPORTED in outcomes.values():
            result.imported += 1
        elif set(outcomes.values()) <= {services.ImportOutcome.ALREADY_ACTIVE}:
            result.unchanged += 1
        else:
            result.refused += 1
    return result
