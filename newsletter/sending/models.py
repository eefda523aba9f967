"""Sends, their frozen content and one delivery per recipient.

A delivery moves through these states; every move is a conditional ``UPDATE`` (``WHERE
status = …``), so two workers can never both move the same row:

``pending`` → ``claimed`` (a batch took it; nothing has left yet) → ``handed_off`` (the batch is
being given to the SMTP server or the ESP) → ``sent`` | ``failed`` | back to ``pending`` (a
transient error, retried later). Before the hand-off, ``pending`` may also become ``skipped``
(the person unsubscribed or was suppressed meanwhile) or ``cancelled`` (the send was cancelled).

If a worker dies, its rows stay ``claimed`` or ``handed_off``. The watchdog returns ``claimed``
rows older than the lease to ``pending`` (they certainly never left) and turns
``handed_off`` rows older than the lease into ``in_doubt``: the server may or may not have
accepted them, so they are neither resent nor counted as sent until a person decides.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SendQuerySet(models.QuerySet):
    def active(self):
        """Sends not finished yet: scheduled, preparing, sending or paused."""
        return self.filter(status__in=Send.ACTIVE_STATUSES)

    def of_newsletter(self, page):
        """Every send of ``page`` and of its translations."""
        return self.filter(translation_key=page.translation_key)


class Send(models.Model):
    """One request to send a published newsletter to some lists, now or at a set time.

    At most one active send per newsletter (and its translations) exists at any time: a
    partial unique constraint enforces it, so double clicks, two tabs or retries can never
    start two sends. ``request_key`` makes the same submitted form idempotent.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Programmato")
        PREPARING = "preparing", _("In preparazione")
        SENDING = "sending", _("In corso")
        PAUSED = "paused", _("In pausa")
        DONE = "done", _("Concluso")
        CANCELLED = "cancelled", _("Annullato")
        FAILED = "failed", _("Non partito")

    ACTIVE_STATUSES = (Status.SCHEDULED, Status.PREPARING, Status.SENDING, Status.PAUSED)

    page = models.ForeignKey(
        "newsletter.NewsletterPage",
        on_delete=models.PROTECT,
        related_name="sends",
        verbose_name=_("newsletter"),
    )
    # Shared by the page and its translations: the unit "one newsletter" for uniqueness.
    translation_key = models.UUIDField(editable=False)
    mailing_lists = models.ManyToManyField(
        "newsletter.MailingList", related_name="sends", verbose_name=_("liste")
    )
    language = models.CharField(
        _("lingua degli iscritti"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Vuoto: iscritti di ogni lingua."),
    )
    status = models.CharField(
        _("stato"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    status_note = models.CharField(_("nota sullo stato"), max_length=300, blank=True)
    request_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("chiesto da"),
    )
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    scheduled_at = models.DateTimeField(_("programmato per"), null=True, blank=True)
    started_at = models.DateTimeField(_("iniziato il"), null=True, blank=True)
    finished_at = models.DateTimeField(_("concluso il"), null=True, blank=True)
    recipients_total = models.PositiveIntegerField(_("destinatari"), null=True, blank=True)
    # Electoral silence overridden by a superuser, with the reason they gave.
    blackout_override_reason = models.TextField(_("motivo della deroga"), blank=True)
    blackout_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deroga concessa da"),
    )
    # Last sign of life of a batch worker; the watchdog resumes a send that went silent.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Only one watchdog chain per send keeps running: the one holding the current token.
    watchdog_token = models.UUIDField(null=True, blank=True, editable=False)
    # Who decided to resend the deliveries in doubt, and when (they accepted duplicates).
    in_doubt_resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    in_doubt_resent_at = models.DateTimeField(null=True, blank=True)
    # Aggregate counts only (NEWSLETTER_AGGREGATE_ENGAGEMENT): nothing is stored per person.
    opens = models.PositiveIntegerField(_("aperture"), default=0)
    clicks = models.PositiveIntegerField(_("clic"), default=0)

    objects = SendQuerySet.as_manager()

    class Meta:
        verbose_name = _("invio")
        verbose_name_plural = _("invii")
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("send_newsletter", _("Può inviare newsletter agli iscritti"))]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key"],
                condition=Q(status__in=["scheduled", "preparing", "sending", "paused"]),
                name="newsletter_send_one_active_per_newsletter",
                violation_error_message=_("Questa newsletter ha già un invio in corso."),
            ),
        ]

    def __str__(self):
        return f"{self.page} · {self.get_status_display()}"

    @property
    def is_active(self):
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_running(self):
        return self.status in (self.Status.PREPARING, self.Status.SENDING)

    @property
    def starts_at(self):
        """When the send starts (or started): its schedule, else its creation."""
        return self.started_at or self.scheduled_at or self.created_at

    def progress(self):
        """Counts of deliveries by state, and the figures the progress bar shows."""
        return SendProgress.for_send(self)


class SendContent(models.Model):
    """What the recipients of one language get, rendered once when the send starts."""

    send = models.ForeignKey(Send, on_delete=models.CASCADE, related_name="contents")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
    )
    subject = models.CharField(max_length=255)
    preheader = models.CharField(max_length=255, blank=True)
    html = models.TextField()
    text = models.TextField()

    class Meta:
        verbose_name = _("contenuto di un invio")
        verbose_name_plural = _("contenuti degli invii")
        constraints = [
            models.UniqueConstraint(
                fields=["send", "language"], name="newsletter_sendcontent_unique"
            )
        ]

    def __str__(self):
        return f"{self.subject} ({self.language})"

    def rendered(self):
        from ..rendering import RenderedEmail

        return RenderedEmail(
            subject=self.subject, preheader=self.preheader, html=self.html, text=self.text
        )


class DeliveryQuerySet(models.QuerySet):
    def claimable(self, send, now=None):
        """Pending deliveries of ``send`` whose retry time, if any, has come."""
        now = now or timezone.now()
        return self.filter(send=send, status=Delivery.Status.PENDING).filter(
            Q(retry_after__isnull=True) | Q(retry_after__lte=now)
        )

    def unfinished(self):
        """Deliveries that still need a worker: pending, claimed or being handed off."""
        return self.filter(status__in=Delivery.UNFINISHED_STATUSES)

    def status_counts(self):
        """``{status: count}`` in one query."""
        return dict(self.values_list("status").annotate(n=Count("pk")).order_by())

    def unsubscribed_after(self):
        """Sent deliveries whose recipient left a list after receiving this and before any
        later newsletter reached them: the unsubscribes this send is answerable for."""
        from ..models import ConsentEvent

        later_delivery = Delivery.objects.filter(
            subscriber=OuterRef("subscriber"),
            status=Delivery.Status.SENT,
            sent_at__gt=OuterRef(OuterRef("sent_at")),
            sent_at__lte=OuterRef("created_at"),
        )
        left = ConsentEvent.objects.filter(
            subscriber=OuterRef("subscriber"),
            action=ConsentEvent.Action.UNSUBSCRIBED,
            created_at__gte=OuterRef("sent_at"),
        ).exclude(Exists(later_delivery))
        return self.filter(status=Delivery.Status.SENT, subscriber__isnull=False).filter(
            Exists(left)
        )


class Delivery(models.Model):
    """One recipient of one send. See the module docstring for the states."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Da inviare")
        CLAIMED = "claimed", _("In preparazione")
        HANDED_OFF = "handed_off", _("In consegna")
        SENT = "sent", _("Inviato")
        FAILED = "failed", _("Non riuscito")
        SKIPPED = "skipped", _("Escluso")
        IN_DOUBT = "in_doubt", _("In dubbio")
        CANCELLED = "cancelled", _("Annullato")

    class Problem(models.TextChoices):
        BOUNCED = "bounced", _("Indirizzo inesistente")
        COMPLAINED = "complained", _("Segnalato come spam")
        REJECTED = "rejected", _("Rifiutato dal fornitore")
        UNSUBSCRIBED = "unsubscribed", _("Disiscritto presso il fornitore")

    UNFINISHED_STATUSES = (Status.PENDING, Status.CLAIMED, Status.HANDED_OFF)
    # A copy may have reached the person: never send this newsletter to them again.
    MAYBE_DELIVERED_STATUSES = (
        Status.CLAIMED,
        Status.HANDED_OFF,
        Status.SENT,
        Status.IN_DOUBT,
    )

    # This table takes 100,000 rows in one statement, so it carries few indexes and no
    # database-level foreign keys: PostgreSQL would check four references per row at commit,
    # seconds for a large list. The rows are only ever inserted from existing rows (one
    # INSERT … SELECT) and Django applies every on_delete rule itself (CASCADE, SET_NULL,
    # PROTECT below work the same without the database constraint).
    send = models.ForeignKey(
        Send,
        on_delete=models.CASCADE,
        related_name="deliveries",
        db_index=False,
        db_constraint=False,
    )
    # Erasing a subscriber detaches their deliveries: the statistics stay, the person goes.
    subscriber = models.ForeignKey(
        "newsletter.Subscriber",
        on_delete=models.SET_NULL,
        null=True,
        related_name="deliveries",
        db_constraint=False,
    )
    # The list the one-click unsubscribe leaves; empty when the person is reached through
    # several lists of the send (then it leaves all of them).
    mailing_list = models.ForeignKey(
        "newsletter.MailingList",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    content = models.ForeignKey(
        SendContent,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_after = models.DateTimeField(null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Our Message-ID header, and the id the ESP returned (webhooks quote one or the other).
    message_id = models.CharField(max_length=255, blank=True)
    provider_message_id = models.CharField(max_length=255, blank=True)
    error = models.CharField(max_length=500, blank=True)
    problem = models.CharField(max_length=16, choices=Problem.choices, blank=True)
    problem_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("recapito")
        verbose_name_plural = _("recapiti")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["send", "subscriber"], name="newsletter_delivery_once_per_send"
            ),
        ]
        indexes = [
            # Claims read pending rows of a send in id order: this index serves them without
            # sorting the whole send at every batch.
            models.Index(fields=["send", "status", "id"], name="newsletter_delivery_queue"),
            models.Index(
                fields=["message_id"],
                condition=~Q(message_id=""),
                name="newsletter_delivery_msgid",
            ),
            models.Index(
                fields=["provider_message_id"],
                condition=~Q(provider_message_id=""),
                name="newsletter_delivery_espid",
            ),
        ]

    def __str__(self):
        return f"{self.send_id}/{self.subscriber_id} ({self.get_status_display()})"


class SendProgress:
    """Counts and derived figures for one send (one query), for the admin and its JSON."""

    def __init__(self, send, counts, problems, unsubscribed):
        self.send = send
        self.counts = counts
        self.problems = problems
        self.unsubscribed = unsubscribed

    @classmethod
    def for_send(cls, send, *, with_statistics=False):
        counts = send.deliveries.status_counts()
        problems = {}
        unsubscribed = None
        if with_statistics:
            problems = dict(
                send.deliveries.exclude(problem="")
                .values_list("problem")
                .annotate(n=Count("pk"))
                .order_by()
            )
            unsubscribed = send.deliveries.unsubscribed_after().count()
        return cls(send, counts, problems, unsubscribed)

    def count(self, status):
        return self.counts.get(status, 0)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def sent(self):
        return self.count(Delivery.Status.SENT)

    @property
    def failed(self):
        return self.count(Delivery.Status.FAILED)

    @property
    def in_doubt(self):
        return self.count(Delivery.Status.IN_DOUBT)

    @property
    def skipped(self):
        return self.count(Delivery.Status.SKIPPED)

    @property
    def cancelled(self):
        return self.count(Delivery.Status.CANCELLED)

    @property
    def bounced(self):
        return self.problems.get(Delivery.Problem.BOUNCED, 0) + self.problems.get(
            Delivery.Problem.REJECTED, 0
        )

    @property
    def complained(self):
        return self.problems.get(Delivery.Problem.COMPLAINED, 0)

    @property
    def unsubscribed_total(self):
        return self.unsubscribed or 0

    @property
    def pending(self):
        return sum(self.count(status) for status in Delivery.UNFINISHED_STATUSES)

    @property
    def done(self):
        return self.total - self.pending

    @property
    def percent(self):
        return 100 if not self.total else int(self.done * 100 / self.total)

    @property
    def rate(self):
        """Messages per second since the send started (sent and failed alike)."""
        started = self.send.started_at
        if started is None:
            return 0.0
        end = self.send.finished_at or timezone.now()
        seconds = max((end - started).total_seconds(), 1.0)
        return (self.sent + self.failed) / seconds

    @property
    def seconds_left(self):
        if not self.pending or self.send.status != Send.Status.SENDING:
            return None
        rate = self.rate
        return int(self.pending / rate) if rate > 0 else None

    def as_dict(self):
        return {
            "status": self.send.status,
            "status_label": str(self.send.get_status_display()),
            "status_note": self.send.status_note,
            "total": self.total,
            "sent": self.sent,
            "failed": self.failed,
            "pending": self.pending,
            "in_doubt": self.in_doubt,
            "skipped": self.skipped,
            "cancelled": self.cancelled,
            "percent": self.percent,
            "rate": round(self.rate, 1),
            "seconds_left": self.seconds_left,
            "finished": not self.send.is_active,
        }
