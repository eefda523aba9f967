"""Who receives a send, which language version each person gets, and writing the deliveries.

Recipients: subscribers with an active subscription to at least one of the chosen lists
(optionally only those whose language is the chosen one), whose address is not suppressed,
and who have not already received this newsletter (or one of its translations) in an earlier
send. Each person is counted once however many of the lists they are on.

Language: a subscriber gets the translation in their own language when it is published;
otherwise the version in the site's default language (Italian); if that is not published
either, the page that was chosen to be sent.

Deliveries are written with one ``INSERT … SELECT`` run by the database: no subscriber passes
through Python, so memory does not grow with the list. Suppressed addresses are then found by
streaming the new rows in chunks (the suppression list holds keyed hashes, which only Python
can compute) and marked ``skipped``.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from ..models import (
    Delivery,
    Subscriber,
    Subscription,
    Suppression,
    email_key,
    hash_key,
)

CHUNK = 2000


@dataclass
class LanguageVersion:
    """The version recipients of one language get."""

    language: str
    language_name: str
    page: object
    translated: bool  # their own language, not the fallback
    count: int = 0


@dataclass
class AudienceSummary:
    total: int
    versions: list
    suppressed: int
    already_received: int


def language_versions(page):
    """``{language code: LanguageVersion}`` under the translation fallback rule."""
    from ..pages import NewsletterPage

    live = {
        p.locale.language_code: p
        for p in NewsletterPage.objects.filter(translation_key=page.translation_key)
        .live()
        .select_related("locale")
    }
    fallback = live.get(settings.LANGUAGE_CODE) or page
    versions = {}
    for code, name in settings.LANGUAGES:
        own = live.get(code)
        versions[code] = LanguageVersion(
            language=code, language_name=str(name), page=own or fallback, translated=bool(own)
        )
    return versions


def earlier_send_ids(send_or_page, exclude_pk=None):
    from .models import Send

    page = getattr(send_or_page, "page", send_or_page)
    sends = Send.objects.filter(translation_key=page.translation_key)
    if exclude_pk is not None:
        sends = sends.exclude(pk=exclude_pk)
    return list(sends.values_list("pk", flat=True))


def subscriptions(list_ids, language=""):
    """Active subscriptions to the lists (and language) chosen."""
    queryset = Subscription.objects.active().filter(mailing_list_id__in=list_ids)
    if language:
        queryset = queryset.filter(subscriber__language=language)
    return queryset


def summarise(page, list_ids, language=""):
    """The exact recipient count, per language version, if the send started now."""
    versions = language_versions(page)
    earlier = earlier_send_ids(page)
    candidates = Subscriber.objects.filter(
        pk__in=subscriptions(list_ids, language).values("subscriber_id")
    )
    already = 0
    if earlier:
        received = Delivery.objects.filter(
            send_id__in=earlier, status__in=Delivery.MAYBE_DELIVERED_STATUSES
        ).values("subscriber_id")
        already = candidates.filter(pk__in=received).count()
        candidates = candidates.exclude(pk__in=received)
    counts = dict.fromkeys(versions, 0)
    check = SuppressionCheck()
    suppressed = 0
    chunk = []
    rows = candidates.order_by().values_list("language", "email").iterator(chunk_size=CHUNK)
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            suppressed += _count_chunk(check, chunk, counts)
            chunk = []
    suppressed += _count_chunk(check, chunk, counts)
    for code, version in versions.items():
        version.count = counts.get(code, 0)
    # Subscribers whose language is no longer offered get the default version.
    stray = sum(count for code, count in counts.items() if code not in versions)
    versions[settings.LANGUAGE_CODE].count += stray
    return AudienceSummary(
        total=sum(v.count for v in versions.values()),
        versions=list(versions.values()),
        suppressed=suppressed,
        already_received=already,
    )


def _count_chunk(check, rows, counts):
    """Count ``(language, email)`` rows per language, leaving out suppressed addresses."""
    if not rows:
        return 0
    blocked = len(check.suppressed(rows)) if check.known is None or check.known else 0
    if blocked:
        # Which languages the blocked ones had: recount precisely (rare).
        keep = [
            (language, email)
            for language, email in rows
            if not check.suppressed([(language, email)])
        ]
    else:
        keep = rows
    for language, _email in keep:
        counts[language] = counts.get(language, 0) + 1
    return blocked


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def write_deliveries(send, list_ids, contents):
    """Insert one pending delivery per recipient (one statement); return how many.

    ``contents`` maps each language code to its ``SendContent``. Safe to run again: rows
    that exist already are left alone (``ON CONFLICT DO NOTHING``).
    """
    quote = connection.ops.quote_name
    delivery, subscription, subscriber = (
        _table(Delivery),
        _table(Subscription),
        _table(Subscriber),
    )
    default_content = contents[settings.LANGUAGE_CODE].pk
    case_parts, params = [], [send.pk]
    for code, content in contents.items():
        case_parts.append("WHEN %s THEN %s")
        params.extend([code, content.pk])
    params.append(default_content)
    where = [
        f"sc.{quote('status')} = %s",
        f"sc.{quote('mailing_list_id')} IN ({', '.join(['%s'] * len(list_ids))})",
    ]
    params.append(Subscription.Status.ACTIVE)
    params.extend(list_ids)
    if send.language:
        where.append(f"s.{quote('language')} = %s")
        params.append(send.language)
    earlier = earlier_send_ids(send, exclude_pk=send.pk)
    if earlier:
        statuses = list(Delivery.MAYBE_DELIVERED_STATUSES)
        where.append(
            f"NOT EXISTS (SELECT 1 FROM {delivery} d WHERE d.{quote('subscriber_id')} = "  # noqa: S608
            f"sc.{quote('subscriber_id')} AND d.{quote('send_id')} IN "
            f"({', '.join(['%s'] * len(earlier))}) AND d.{quote('status')} IN "
            f"({', '.join(['%s'] * len(statuses))}))"
        )
        params.extend(earlier)
        params.extend(statuses)
    columns = [
        "send_id",
        "subscriber_id",
        "mailing_list_id",
        "content_id",
        "status",
        "attempts",
        "message_id",
        "provider_message_id",
        "error",
        "problem",
    ]
    # Identifiers come from model metadata; every value is a query parameter.
    sql = (
        f"INSERT INTO {delivery} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"SELECT %s, sc.{quote('subscriber_id')}, "
        f"CASE WHEN COUNT(*) = 1 THEN MIN(sc.{quote('mailing_list_id')}) END, "
        f"CASE s.{quote('language')} {' '.join(case_parts)} ELSE %s END, "
        f"'{Delivery.Status.PENDING}', 0, '', '', '', '' "
        f"FROM {subscription} sc JOIN {subscriber} s ON s.{quote('id')} = "
        f"sc.{quote('subscriber_id')} "
        f"WHERE {' AND '.join(where)} "
        f"GROUP BY sc.{quote('subscriber_id')}, s.{quote('language')} "
        f"ON CONFLICT ({quote('send_id')}, {quote('subscriber_id')}) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# Up to this many suppressed addresses are checked from one set in memory (bounded by the
# suppression list, not by the number of subscribers); beyond it, one query per chunk.
SUPPRESSION_SET_LIMIT = 200_000


class SuppressionCheck:
    """Tells which addresses are suppressed, for a stream of many addresses."""

    def __init__(self):
        self.key = hash_key()
        if Suppression.objects.count() <= SUPPRESSION_SET_LIMIT:
            self.known = set(Suppression.objects.values_list("email_hash", flat=True))
        else:
            self.known = None

    def digest(self, email):
        # keyed_email_hash() with the key derived once, not once per address.
        return hmac.new(self.key, email_key(email).encode(), hashlib.sha256).hexdigest()

    def suppressed(self, rows):
        """The first items of the ``(item, email)`` rows whose address is suppressed."""
        if self.known is not None:
            if not self.known:
                return []
            return [item for item, email in rows if self.digest(email) in self.known]
        digests = [(item, self.digest(email)) for item, email in rows]
        found = set(
            Suppression.objects.filter(email_hash__in=[d for _item, d in digests]).values_list(
                "email_hash", flat=True
            )
        )
        return [item for item, digest in digests if digest in found]


def skip_suppressed(send):
    """Mark ``skipped`` the new deliveries whose address is suppressed; return how many."""
    check = SuppressionCheck()
    if check.known is not None and not check.known:
        return 0
    rows = (
        Delivery.objects.filter(send=send, status=Delivery.Status.PENDING)
        .order_by()
        .values_list("pk", "subscriber__email")
        .iterator(chunk_size=CHUNK)
    )
    # Collected while streaming, written after: never change rows under an open cursor.
    suppressed_ids = []
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            suppressed_ids.extend(check.suppressed(chunk))
            chunk = []
    suppressed_ids.extend(check.suppressed(chunk))
    skipped = 0
    for start in range(0, len(suppressed_ids), CHUNK):
        skipped += Delivery.objects.filter(pk__in=suppressed_ids[start : start + CHUNK]).update(
            status=Delivery.Status.SKIPPED, error="suppressed"
        )
    return skipped
