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

from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from ..models import Delivery, Subscriber, Subscription, Suppression, keyed_email_hash

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
    suppressed = 0
    chunk = []
    rows = candidates.order_by().values_list("email", "language").iterator(chunk_size=CHUNK)
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            suppressed += _count_chunk(chunk, counts)
            chunk = []
    suppressed += _count_chunk(chunk, counts)
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


def _count_chunk(rows, counts):
    if not rows:
        return 0
    hashes = Suppression.objects.suppressed_hashes([email for email, _language in rows])
    suppressed = 0
    for email, language in rows:
        if hashes and keyed_email_hash(email) in hashes:
            suppressed += 1
            continue
        counts[language] = counts.get(language, 0) + 1
    return suppressed


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


def skip_suppressed(send):
    """Mark ``skipped`` the new deliveries whose address is suppressed; return how many."""
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
            suppressed_ids.extend(_suppressed_in(chunk))
            chunk = []
    suppressed_ids.extend(_suppressed_in(chunk))
    skipped = 0
    for start in range(0, len(suppressed_ids), CHUNK):
        skipped += Delivery.objects.filter(pk__in=suppressed_ids[start : start + CHUNK]).update(
            status=Delivery.Status.SKIPPED, error="suppressed"
        )
    return skipped


def _suppressed_in(rows):
    if not rows:
        return []
    hashes = Suppression.objects.suppressed_hashes([email for _pk, email in rows])
    if not hashes:
        return []
    return [pk for pk, email in rows if keyed_email_hash(email) in hashes]
