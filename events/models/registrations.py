"""Registrations to events (RSVP without an account) and what is kept once they are purged.

Rules live in ``events/rsvp.py``; these models only store. Places are counted on a
``RegistrationTally`` row per event, shared by every translation of the event (its
``translation_key``): that row is the one locked (``SELECT … FOR UPDATE``) whenever a place is
taken or freed, so two people can never take the last place at the same moment.
"""

import secrets

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 150


class RegistrationMode(models.TextChoices):
    NONE = "none", _("Nessuna iscrizione")
    SITE = "site", _("Iscrizione su questo sito")
    EXTERNAL = "external", _("Iscrizione su un altro sito")


def new_token_key():
    return secrets.token_urlsafe(16)


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that hold (or wait for) a place: pending, confirmed, waiting."""
        return self.filter(status__in=Registration.ACTIVE_STATUSES)

    def for_event(self, event):
        """Registrations to ``event`` in any of its languages."""
        return self.filter(event_key=event.translation_key)

    def waiting_queue(self):
        """The waiting list, first come first served."""
        return self.filter(status=Registration.Status.WAITING).order_by("queued_at", "pk")


class Registration(models.Model):
    """One person's registration to one event: name, address, consent and where it stands.

    ``pending`` until the person follows the link e-mailed to them; then ``confirmed`` (a
    place), ``waiting`` (on the waiting list) or ``refused`` (no places left and no waiting
    list). ``cancelled`` when the person gives the place back. Deleted some days after the
    event (``purge_event_registrations``); only the counts on ``RegistrationTally`` remain.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Da confermare")
        CONFIRMED = "confirmed", _("Confermata")
        WAITING = "waiting", _("In lista d'attesa")
        REFUSED = "refused", _("Posti esauriti")
        CANCELLED = "cancelled", _("Annullata")

    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("evento"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    # The event's translation key: every language version of an event shares its places.
    event_key = models.UUIDField(_("chiave dell'evento"), db_index=True, editable=False)
    name = models.CharField(_("nome"), max_length=NAME_MAX_LENGTH)
    email = models.EmailField(_("e-mail"), max_length=EMAIL_MAX_LENGTH)
    language = models.CharField(_("lingua"), max_length=10, default="it")
    status = models.CharField(
        _("stato"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    # Part of every personal link: a new key voids the links already sent.
    token_key = models.CharField(max_length=32, default=new_token_key, editable=False)
    consent_text = models.ForeignKey(
        "home.LegalTextVersion",
        verbose_name=_("testo del consenso"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    privacy_notice = models.ForeignKey(
        "home.LegalTextVersion",
        verbose_name=_("informativa privacy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("richiesta il"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confermata il"), null=True, blank=True)
    queued_at = models.DateTimeField(_("in lista d'attesa dal"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("passata dalla lista d'attesa il"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annullata il"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("promemoria inviato il"), null=True, blank=True)
    # The event's SEQUENCE this person last heard about: a schedule change is e-mailed once.
    notified_sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("iscrizione a un evento")
        verbose_name_plural = _("iscrizioni agli eventi")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_key", "email"],
                condition=Q(status__in=["pending", "confirmed", "waiting"]),
                name="events_one_active_registration_per_address",
            )
        ]
        permissions = [("export_registrations", _("Può esportare gli iscritti agli eventi"))]

    def __str__(self):
        return f"{self.name} <{self.email}> ({self.get_status_display()})"

    @property
    def holds_place(self):
        return self.status == self.Status.CONFIRMED


class RegistrationTally(models.Model):
    """The counts of an event's registrations, and the row locked to hand out places.

    Recounted from the registrations after every change made under the lock, so it can never
    drift; it outlives the registrations themselves, which are deleted after the event.
    """

    event_key = models.UUIDField(_("chiave dell'evento"), primary_key=True)
    confirmed = models.PositiveIntegerField(_("confermate"), default=0)
    waiting = models.PositiveIntegerField(_("in lista d'attesa"), default=0)
    cancelled = models.PositiveIntegerField(_("annullate"), default=0)
    refused = models.PositiveIntegerField(_("rifiutate per posti esauriti"), default=0)
    updated_at = models.DateTimeField(auto_now=True)
    purged_at = models.DateTimeField(_("dati personali cancellati il"), null=True, blank=True)

    class Meta:
        verbose_name = _("conteggio delle iscrizioni")
        verbose_name_plural = _("conteggi delle iscrizioni")

    def __str__(self):
        return f"{self.event_key}: {self.confirmed}"

    def recount(self):
        """Count the registrations again (call under the row lock) and save."""
        S = Registration.Status
        counts = Registration.objects.filter(event_key=self.event_key).aggregate(
            confirmed=Count("pk", filter=Q(status=S.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=S.WAITING)),
            cancelled=Count("pk", filter=Q(status=S.CANCELLED)),
            refused=Count("pk", filter=Q(status=S.REFUSED)),
        )
        for field, value in counts.items():
            setattr(self, field, value)
        self.save()


class ReminderSchedule(models.Model):
    """A reminder task enqueued for an event at a given time, so it is enqueued only once.

    Publishing an event again without moving it finds the row and enqueues nothing; moving it
    adds a row (and a task) for the new time, while the task of the old time finds the event
    moved and sends nothing.
    """

    event = models.ForeignKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="reminder_schedules"
    )
    run_after = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "run_after"], name="events_one_reminder_per_time"
            )
        ]

    def __str__(self):
        return f"{self.event_id} @ {self.run_after:%Y-%m-%d %H:%M}"
