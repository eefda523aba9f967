"""Subscribers, mailing lists, the consent log and the suppression list.

Subscribing to a political group's newsletter reveals a political opinion (GDPR art. 9), so
the data kept here is the minimum that proves consent and lets people manage it:

- ``MailingList``: what one can subscribe to.
- ``Subscriber``: one per e-mail address (unique whatever its letter case).
- ``Subscription``: one per subscriber and list, ``pending`` → ``active`` → ``unsubscribed``.
- ``ConsentEvent``: the append-only proof of every step, with the exact consent wording and
  privacy notice shown (``home.legal.LegalTextVersion``).
- ``Suppression``: a keyed hash of addresses that must never be mailed again (erased,
  complained, hard-bounced), so they are blocked without keeping the address.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 100


def normalise_email(value):
    """The stored form of an address: surrounding blanks removed, domain in lower case.

    The local part keeps its case (some servers honour it), but every comparison is
    case-insensitive: see ``email_key``.
    """
    value = (value or "").strip()
    local, sep, domain = value.rpartition("@")
    if not sep:
        return value
    return f"{local}@{domain.lower()}"


def email_key(value):
    """The form used to compare addresses and to compute their keyed hash."""
    return (value or "").strip().lower()


def hash_key():
    """The secret used for keyed hashes of addresses.

    ``NEWSLETTER_HASH_KEY`` should be set in production and never changed: changing it makes
    every suppression entry unrecognisable. Without it, a key derived from ``SECRET_KEY``
    is used.
    """
    key = getattr(settings, "NEWSLETTER_HASH_KEY", "") or ""
    if key:
        return key.encode()
    return hashlib.sha256(b"piazza.newsletter.hash:" + settings.SECRET_KEY.encode()).digest()


def keyed_email_hash(email):
    """HMAC-SHA256 of the normalised address: recognisable by us, not reversible by anyone."""
    return hmac.new(hash_key(), email_key(email).encode(), hashlib.sha256).hexdigest()


def token_hash(token):
    """SHA-256 of a token, the only form in which tokens are stored."""
    return hashlib.sha256((token or "").encode()).hexdigest()


def new_token_key():
    return secrets.token_urlsafe(16)


# --- Mailing lists ---------------------------------------------------------------------------


class MailingListQuerySet(models.QuerySet):
    def public(self):
        """Lists visitors may choose on the public forms and in the preference centre."""
        return self.filter(visibility=MailingList.Visibility.PUBLIC)

    def with_subscription_counts(self, *, since):
        """Each list with ``active``, ``pending`` and ``unsubscribed_since`` counts (one query).

        ``unsubscribed_since`` counts the unsubscriptions recorded in the consent log since
        ``since``, so people who left and then erased their data still count. Aggregates
        only: the dashboard shows numbers, never addresses.
        """
        status = Subscription.Status
        left = (
            ConsentEvent.objects.filter(
                mailing_list=models.OuterRef("pk"),
                action=ConsentEvent.Action.UNSUBSCRIBED,
                created_at__gte=since,
            )
            .order_by()
            .values("mailing_list")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            active=models.Count(
                "subscriptions", filter=models.Q(subscriptions__status=status.ACTIVE)
            ),
            pending=models.Count(
                "subscriptions", filter=models.Q(subscriptions__status=status.PENDING)
            ),
            unsubscribed_since=Coalesce(models.Subquery(left), 0),
        )


class MailingList(models.Model):
    """Something one can subscribe to ("Newsletter", "Eventi e assemblee", …).

    One row per list, with its name in each language, rather than one translated copy per
    locale: subscriptions and the consent log must point at one and the same list.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Pubblica: si può scegliere nei moduli")
        INTERNAL = "internal", _("Interna: solo importazioni e redazione")

    name = models.CharField(_("nome"), max_length=100)
    name_en = models.CharField(_("nome in inglese"), max_length=100, blank=True)
    slug = models.SlugField(_("identificativo"), max_length=60, unique=True)
    description = models.TextField(_("descrizione"), max_length=500, blank=True)
    description_en = models.TextField(_("descrizione in inglese"), max_length=500, blank=True)
    visibility = models.CharField(
        _("visibilità"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    default_checked = models.BooleanField(
        _("proposta già selezionata"),
        default=False,
        help_text=_(
            "Nei moduli la casella della lista appare già spuntata. Il consenso al trattamento "
            "resta comunque una casella separata e mai spuntata."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    created_at = models.DateTimeField(_("creata il"), auto_now_add=True)

    objects = MailingListQuerySet.as_manager()

    class Meta:
        verbose_name = _("lista di invio")
        verbose_name_plural = _("liste di invio")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def display_description(self):
        if (get_language() or "").startswith("en") and self.description_en:
            return self.description_en
        return self.description


# --- Subscribers and subscriptions -----------------------------------------------------------


class SubscriberQuerySet(models.QuerySet):
    def with_email(self, email):
        """The subscriber with this address, compared case-insensitively."""
        return self.filter(email__iexact=email_key(email))

    def active(self):
        """Subscribers with at least one confirmed, active subscription."""
        return self.filter(subscriptions__status=Subscription.Status.ACTIVE).distinct()


class Subscriber(models.Model):
    """One person's address, optional name and language; personal data lives only here."""

    email = models.CharField(_("indirizzo e-mail"), max_length=EMAIL_MAX_LENGTH)
    name = models.CharField(_("nome"), max_length=NAME_MAX_LENGTH, blank=True)
    language = models.CharField(
        _("lingua preferita"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    # Themes the person wants to hear about, chosen in the preference centre. Always the lens
    # in the default language (its translations share a translation key); never inferred.
    lenses = models.ManyToManyField(
        "program.Lens",
        blank=True,
        related_name="+",
        verbose_name=_("temi di interesse"),
    )
    # Part of every manage and unsubscribe link: replacing it invalidates all links sent so far.
    token_key = models.CharField(max_length=32, default=new_token_key, editable=False)
    # The pending confirmation link (only its hash) and when it was issued.
    confirmation_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("iscritto il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("iscritto")
        verbose_name_plural = _("iscritti")
        ordering = ["-created_at"]
        permissions = [
            ("export_subscribers", _("Può esportare gli iscritti")),
            ("import_subscribers", _("Può importare iscritti")),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="newsletter_subscriber_email_ci_unique",
                violation_error_message=_("Questo indirizzo è già registrato."),
            ),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @property
    def email_hash(self):
        return keyed_email_hash(self.email)

    def rotate_token_key(self):
        """Invalidate every manage and unsubscribe link sent so far."""
        self.token_key = new_token_key()


class SubscriptionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Subscription.Status.ACTIVE)

    def pending(self):
        return self.filter(status=Subscription.Status.PENDING)


class Subscription(models.Model):
    """A subscriber's status on one list."""

    class Status(models.TextChoices):
        PENDING = "pending", _("In attesa di conferma")
        ACTIVE = "active", _("Attiva")
        UNSUBSCRIBED = "unsubscribed", _("Disiscritta")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    mailing_list = models.ForeignKey(
        MailingList,
        on_delete=models.PROTECT,
        related_name="subscriptions",
        verbose_name=_("lista"),
    )
    status = models.CharField(
        _("stato"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    requested_at = models.DateTimeField(_("richiesta il"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confermata il"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("disiscritta il"), null=True, blank=True)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("iscrizione")
        verbose_name_plural = _("iscrizioni")
        ordering = ["mailing_list__sort_order", "mailing_list__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "mailing_list"], name="newsletter_subscription_unique"
            ),
        ]
        indexes = [models.Index(fields=["mailing_list", "status"])]

    def __str__(self):
        return f"{self.subscriber} · {self.mailing_list} ({self.get_status_display()})"


# --- Consent log -----------------------------------------------------------------------------


class ConsentLogIsAppendOnly(Exception):
    """Raised when code tries to change or delete consent events."""


class ConsentEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ConsentLogIsAppendOnly("Consent events cannot be changed.")

    def delete(self):
        raise ConsentLogIsAppendOnly("Consent events cannot be deleted.")

    def anonymise(self):
        """Detach these events from their subscriber (erasure): the only change allowed."""
        return super().update(subscriber=None, ip_address=None, user_agent="")


class ConsentEvent(models.Model):
    """One step in the proof of consent. Never changed; on erasure only detached.

    ``consent_text`` and ``privacy_notice`` point at the exact wording shown, stored once per
    distinct text, so that what someone agreed to can be shown years later.
    """

    class Action(models.TextChoices):
        REQUESTED = "requested", _("Richiesta di iscrizione")
        CONFIRMED = "confirmed", _("Conferma")
        PREFERENCES_CHANGED = "preferences_changed", _("Preferenze cambiate")
        UNSUBSCRIBED = "unsubscribed", _("Disiscrizione")
        BOUNCED = "bounced", _("Mancato recapito")
        COMPLAINED = "complained", _("Segnalazione come spam")
        IMPORTED = "imported", _("Importazione")
        EXPIRED = "expired", _("Richiesta scaduta senza conferma")
        ERASED = "erased", _("Cancellazione dei dati")

    subscriber = models.ForeignKey(
        Subscriber,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consent_events",
    )
    mailing_list = models.ForeignKey(
        MailingList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_events",
        verbose_name=_("lista"),
    )
    action = models.CharField(_("azione"), max_length=24, choices=Action.choices)
    consent_text = models.ForeignKey(
        "home.LegalTextVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("testo del consenso"),
    )
    privacy_notice = models.ForeignKey(
        "home.LegalTextVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("informativa privacy"),
    )
    source = models.CharField(_("origine"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operatore"),
    )
    token_hash = models.CharField(_("impronta del token"), max_length=64, blank=True)
    # Recorded only with NEWSLETTER_RECORD_CLIENT on, and then truncated.
    ip_address = models.GenericIPAddressField(_("indirizzo IP (troncato)"), null=True, blank=True)
    user_agent = models.CharField(_("browser (troncato)"), max_length=120, blank=True)
    detail = models.JSONField(_("dettagli"), default=dict, blank=True)
    created_at = models.DateTimeField(_("data"), default=timezone.now, db_index=True)

    objects = ConsentEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("evento di consenso")
        verbose_name_plural = _("registro dei consensi")
        ordering = ["created_at", "pk"]
        default_permissions = ("add", "view")

    def __str__(self):
        return f"{self.get_action_display()} · {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ConsentLogIsAppendOnly("Consent events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ConsentLogIsAppendOnly("Consent events cannot be deleted.")


# --- Suppression -----------------------------------------------------------------------------


class SuppressionQuerySet(models.QuerySet):
    def for_email(self, email):
        return self.filter(email_hash=keyed_email_hash(email))

    def is_suppressed(self, email):
        return self.for_email(email).exists()

    def suppressed_hashes(self, emails):
        """The keyed hashes, among those of ``emails``, that are suppressed (one query)."""
        hashes = {keyed_email_hash(email) for email in emails}
        return set(self.filter(email_hash__in=hashes).values_list("email_hash", flat=True))


class Suppression(models.Model):
    """An address that must never be mailed again, kept only as a keyed hash."""

    class Reason(models.TextChoices):
        ERASED = "erased", _("Dati cancellati su richiesta")
        COMPLAINED = "complained", _("Segnalazione come spam")
        BOUNCED = "bounced", _("Indirizzo inesistente")
        MANUAL = "manual", _("Inserita dalla privacy")

    email_hash = models.CharField(_("impronta dell'indirizzo"), max_length=64, unique=True)
    reason = models.CharField(_("motivo"), max_length=16, choices=Reason.choices)
    created_at = models.DateTimeField(_("data"), auto_now_add=True)

    objects = SuppressionQuerySet.as_manager()

    class Meta:
        verbose_name = _("indirizzo bloccato")
        verbose_name_plural = _("indirizzi bloccati")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email_hash[:12]}… ({self.get_reason_display()})"

    @classmethod
    def add(cls, email, reason):
        """Suppress ``email``; the first reason recorded is kept."""
        with transaction.atomic():
            suppression, _created = cls.objects.get_or_create(
                email_hash=keyed_email_hash(email), defaults={"reason": reason}
            )
        return suppression


# --- Exports and imports --------------------------------------------------------------------


class SubscriberTransfer(models.Model):
    """One CSV export or import of subscribers by the privacy officer.

    The object the Wagtail audit log entry of each transfer points at ("newsletter.export",
    "newsletter.import"). It holds counts and parameters only, never addresses.
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Esportazione")
        IMPORT = "import", _("Importazione")

    kind = models.CharField(_("tipo"), max_length=10, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operatore"),
    )
    rows = models.PositiveIntegerField(_("righe"), default=0)
    detail = models.JSONField(_("dettagli"), default=dict, blank=True)
    created_at = models.DateTimeField(_("data"), auto_now_add=True)

    class Meta:
        verbose_name = _("esportazione o importazione di iscritti")
        verbose_name_plural = _("esportazioni e importazioni di iscritti")
        ordering = ["-created_at"]
        default_permissions = ("view",)

    def __str__(self):
        when = timezone.localtime(self.created_at) if self.created_at else timezone.localtime()
        return f"{self.get_kind_display()} {when:%Y-%m-%d %H:%M} ({self.rows})"


# --- Newsletter pages ------------------------------------------------------------------------
# The archive and newsletter pages live in ``pages.py``; imported here so that Django and
# Wagtail register them with the app.

from .pages import NewsletterIndexPage, NewsletterPage  # noqa: E402, F401
from .sending.blackout import BlackoutWindow  # noqa: E402, F401
from .sending.models import Delivery, Send, SendContent  # noqa: E402, F401
from .sending.provider_events import ProviderEvent  # noqa: E402, F401
from .sending.throttle import SendRateBucket  # noqa: E402, F401
from .site_settings import NewsletterSettings  # noqa: E402, F401
