"""The partner registry ("Con chi"): the organisations the group works with, and their requests.

An ``Organisation`` enters the registry in one of two ways: an editor adds it in the admin, or
the organisation asks through the public form. A public request starts *unconfirmed*; once the
applicant confirms their e-mail address it waits for moderation; the editorial team approves it
(it is listed for a year, renewable) or rejects it with a reason. Whether an organisation is
listed is always computed from its status and its approved-until date, so a listing that has run
out leaves the public directory on that day even if no job has run.

Translations: the description (and the logo's alternative text) can be translated with
wagtail-localize like any snippet; the translated copy only carries those texts. The original
(in the site's default language) is the one that is moderated, dated and listed; the directory of
another language shows the original with its translated texts where they exist.
"""

import datetime
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.models import TranslatableMixin
from wagtail.search import index

from home.legal import LegalTextVersion

CARD_LOGO_FILTER = "max-240x120|format-webp"
# Sub-paths of the directory page: an organisation may not take one of them as its slug.
RESERVED_SLUGS = ("richiesta",)


def _setting(name, default):
    return int(getattr(settings, name, default))


def listing_days():
    """How long an approval lasts (``PROGRAM_REGISTRY_LISTING_DAYS``, a year by default)."""
    return _setting("PROGRAM_REGISTRY_LISTING_DAYS", 365)


def reminder_days():
    """How many days before a listing runs out its contact is reminded to renew it."""
    return _setting("PROGRAM_REGISTRY_REMINDER_DAYS", 30)


def renewal_grace_days():
    """How many days after running out a listing may still be renewed with the personal link."""
    return _setting("PROGRAM_REGISTRY_RENEWAL_GRACE_DAYS", 90)


def rejected_retention_days():
    """Rejected requests (and their personal data) are deleted after this many days."""
    return _setting("PROGRAM_REGISTRY_REJECTED_RETENTION_DAYS", 30)


def lapsed_retention_days():
    """The private contact of a listing that ran out is cleared after this many days."""
    return _setting("PROGRAM_REGISTRY_LAPSED_RETENTION_DAYS", 365)


def confirmation_max_age():
    """Lifetime of the link that confirms a request; unconfirmed requests are deleted after it."""
    return datetime.timedelta(hours=_setting("PROGRAM_REGISTRY_CONFIRMATION_MAX_AGE_HOURS", 48))


def new_token_key():
    return secrets.token_hex(16)


def default_language():
    return settings.LANGUAGE_CODE.split("-")[0]


class OrganisationKind(models.TextChoices):
    # The values appear in addresses (?tipo=associazione), hence Italian.
    ASSOCIATION = "associazione", _("Associazione")
    INSTITUTION = "ente", _("Ente o istituzione")
    SOCIAL_CENTRE = "centro-sociale", _("Centro sociale")
    COOPERATIVE = "cooperativa", _("Cooperativa")
    COMMITTEE = "comitato", _("Comitato")
    INFORMAL_GROUP = "gruppo-informale", _("Gruppo informale")


class OrganisationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("E-mail da confermare")
    PENDING = "pending", _("Da moderare")
    APPROVED = "approved", _("Approvata")
    REJECTED = "rejected", _("Rifiutata")
    EXPIRED = "expired", _("Scaduta")


class OrganisationQuerySet(models.QuerySet):
    def originals(self):
        """The organisations themselves, not their translated copies."""
        return self.filter(locale__language_code=default_language())

    def listed(self, today=None):
        """Approved and not yet run out on ``today``: what the public directory shows."""
        today = today or timezone.localdate()
        return self.originals().filter(
            status=OrganisationStatus.APPROVED, approved_until__gte=today
        )

    def ever_listed(self):
        """Organisations that were approved at some point (events and processes may name them)."""
        return self.originals().filter(approved_at__isnull=False)

    def awaiting_moderation(self):
        """Confirmed requests the editorial team has not decided yet."""
        return self.originals().filter(status=OrganisationStatus.PENDING)

    def in_admin(self):
        """What the admin shows: everything but requests whose e-mail is not confirmed yet."""
        return self.exclude(status=OrganisationStatus.UNCONFIRMED)

    def lapsed(self, today=None):
        """Approved listings whose approval has run out (they are no longer listed)."""
        today = today or timezone.localdate()
        return self.originals().filter(status=OrganisationStatus.APPROVED, approved_until__lt=today)

    def due_for_reminder(self, today=None):
        """Listings running out within ``reminder_days()`` whose contact was not reminded yet."""
        today = today or timezone.localdate()
        return (
            self.listed(today)
            .filter(approved_until__lte=today + datetime.timedelta(days=reminder_days()))
            .exclude(contact_email="")
            .filter(
                Q(reminder_sent_for__isnull=True) | ~Q(reminder_sent_for=models.F("approved_until"))
            )
        )

    def unconfirmed_expired(self, now=None):
        """Requests whose confirmation link has expired unused."""
        now = now or timezone.now()
        return self.filter(
            status=OrganisationStatus.UNCONFIRMED, requested_at__lt=now - confirmation_max_age()
        )

    def rejected_expired(self, days=None, now=None):
        """Requests rejected more than ``days`` ago (``rejected_retention_days()``)."""
        days = rejected_retention_days() if days is None else days
        now = now or timezone.now()
        return self.filter(
            status=OrganisationStatus.REJECTED,
            decided_at__lt=now - datetime.timedelta(days=days),
        )

    def lapsed_with_private_data(self, days=None, today=None):
        """Listings that ran out ``days`` ago or more and still hold a private contact."""
        days = lapsed_retention_days() if days is None else days
        today = today or timezone.localdate()
        limit = today - datetime.timedelta(days=days)
        stale = Q(status=OrganisationStatus.EXPIRED) | Q(status=OrganisationStatus.APPROVED)
        has_data = ~Q(contact_email="") | ~Q(contact_name="") | ~Q(contact_phone="")
        return self.originals().filter(stale, has_data, approved_until__lt=limit)

    def matching(self, text):
        """Organisations whose name or description (original or translated) contain ``text``."""
        text = " ".join(text.split())
        if not text:
            return self
        translated = Organisation.objects.filter(description__icontains=text).values(
            "translation_key"
        )
        return self.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(neighbourhood__name__icontains=text)
            | Q(translation_key__in=translated)
        )

    def for_listing(self):
        """What a card shows, in a fixed number of queries: neighbourhood, logo, lenses."""
        images = get_image_model().objects.prefetch_renditions(CARD_LOGO_FILTER)
        return self.select_related("neighbourhood").prefetch_related(
            models.Prefetch("logo", queryset=images), "lenses"
        )


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """An organisation of the partner registry: its public card and, apart, what only editors see.

    Public: name, kind, description, neighbourhood, lenses, website, logo, and the public
    contacts when the organisation consented to publish them. Private (editors only): the
    contact person, their e-mail and telephone, notes, the consents given with the request.
    """

    name = models.CharField(_("Nome"), max_length=150)
    slug = models.SlugField(
        _("Slug"),
        max_length=160,
        blank=True,
        help_text=_("La parte dell'indirizzo della sua pagina; vuoto: dal nome."),
    )
    kind = models.CharField(_("Tipo"), max_length=20, choices=OrganisationKind.choices)
    description = models.TextField(
        _("Descrizione"),
        max_length=1500,
        help_text=_("Che cosa fa l'organizzazione, in poche righe."),
    )
    neighbourhood = models.ForeignKey(
        "program.Neighbourhood",
        verbose_name=_("Quartiere"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        help_text=_("Vuoto: tutta la città."),
    )
    lenses = models.ManyToManyField(
        "program.Lens", verbose_name=_("Lenti"), blank=True, related_name="organisations"
    )
    website = models.URLField(_("Sito web"), blank=True)
    public_email = models.EmailField(_("E-mail pubblica"), blank=True)
    public_phone = models.CharField(_("Telefono pubblico"), max_length=40, blank=True)
    publish_contact = models.BooleanField(
        _("Pubblica i contatti"),
        default=False,
        help_text=_(
            "Solo con il consenso esplicito dell'organizzazione (la richiesta dal sito lo "
            "registra). Senza, e-mail e telefono pubblici non compaiono."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("Logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_alt = models.CharField(
        _("Testo alternativo del logo"),
        max_length=250,
        blank=True,
        help_text=_("Per esempio «Logo dell'associazione …». Obbligatorio se c'è un logo."),
    )

    # --- Moderation -------------------------------------------------------------------------
    status = models.CharField(
        _("Stato"),
        max_length=20,
        choices=OrganisationStatus.choices,
        default=OrganisationStatus.PENDING,
        db_index=True,
    )
    approved_at = models.DateTimeField(_("Approvata il"), null=True, blank=True)
    approved_until = models.DateField(
        _("In elenco fino al"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Dopo questa data l'organizzazione esce dall'elenco, a meno che rinnovi con il "
            "collegamento che riceve un mese prima."
        ),
    )
    decided_at = models.DateTimeField(_("Decisione del"), null=True, blank=True)
    rejection_reason = models.TextField(_("Motivo del rifiuto"), blank=True, max_length=1000)
    reminder_sent_for = models.DateField(null=True, blank=True, editable=False)

    # --- Private: for the editorial team only ---------------------------------------------------
    contact_name = models.CharField(_("Persona di riferimento"), max_length=150, blank=True)
    contact_email = models.EmailField(
        _("E-mail di riferimento"),
        blank=True,
        help_text=_("Riceve l'esito della moderazione e il promemoria per il rinnovo."),
    )
    contact_phone = models.CharField(_("Telefono di riferimento"), max_length=40, blank=True)
    editor_notes = models.TextField(_("Note della redazione"), blank=True)

    # --- The public request --------------------------------------------------------------------
    language = models.CharField(max_length=10, default=default_language, editable=False)
    requested_at = models.DateTimeField(_("Richiesta ricevuta il"), null=True, editable=False)
    email_confirmed_at = models.DateTimeField(_("E-mail confermata il"), null=True, editable=False)
    publication_consent = models.ForeignKey(
        LegalTextVersion,
        verbose_name=_("consenso alla pubblicazione"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_consent = models.ForeignKey(
        LegalTextVersion,
        verbose_name=_("consenso a pubblicare i contatti"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    privacy_consent = models.ForeignKey(
        LegalTextVersion,
        verbose_name=_("consenso al trattamento"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    privacy_notice = models.ForeignKey(
        LegalTextVersion,
        verbose_name=_("informativa privacy"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Part of every personal link: changing it voids the links already sent.
    token_key = models.CharField(max_length=32, default=new_token_key, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("Ultima modifica"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    # A translated copy carries only the texts; nothing private is ever copied.
    exclude_fields_in_copy = [
        "contact_name",
        "contact_email",
        "contact_phone",
        "editor_notes",
        "rejection_reason",
        "publication_consent",
        "contact_consent",
        "privacy_consent",
        "privacy_notice",
        "requested_at",
        "email_confirmed_at",
        "public_email",
        "public_phone",
        "token_key",
    ]

    panels = [
        HelpPanel(
            content=_(
                "Per approvare o rifiutare una richiesta usa i pulsanti «Approva» e «Rifiuta»: "
                "l'organizzazione riceve l'esito per e-mail."
            )
        ),
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("kind"),
                FieldPanel("description"),
                FieldPanel("neighbourhood"),
                FieldPanel("lenses", widget=forms.CheckboxSelectMultiple),
                FieldPanel("website"),
                FieldRowPanel([FieldPanel("logo"), FieldPanel("logo_alt")]),
            ],
            heading=_("Scheda pubblica"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("public_email"), FieldPanel("public_phone")]),
                FieldPanel("publish_contact"),
            ],
            heading=_("Contatti pubblici"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("editor_notes"),
            ],
            heading=_("Solo per la redazione"),
        ),
        MultiFieldPanel(
            [FieldPanel("approved_until"), FieldPanel("rejection_reason", read_only=True)],
            heading=_("Moderazione"),
        ),
    ]

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("status"),
        index.FilterField("kind"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("Organizzazione")
        verbose_name_plural = _("Organizzazioni")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"],
                condition=~Q(slug=""),
                name="program_organisation_unique_slug",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "approved_until"], name="program_org_listing"),
        ]

    def __str__(self):
        return self.name

    # --- Validation and saving ---------------------------------------------------------------

    def save(self, *args, **kwargs):
        if not self.slug and self.name:
            self.slug = self._available_slug()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.logo_id and not self.logo_alt.strip():
            errors["logo_alt"] = _("Scrivi un testo alternativo per il logo.")
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Questo indirizzo è riservato: scegline un altro.")
        if self.status == OrganisationStatus.APPROVED and self.approved_until is None:
            errors["approved_until"] = _("Indica fino a quando resta in elenco.")
        if errors:
            raise ValidationError(errors)

    def _available_slug(self):
        base = slugify(self.name)[:150] or "organizzazione"
        taken = set(
            Organisation.objects.filter(locale_id=self.locale_id, slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        taken.update(RESERVED_SLUGS)
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    # --- State ---------------------------------------------------------------------------------

    def is_listed(self, today=None):
        """Whether the public directory shows it on ``today`` (the same rule as ``listed()``)."""
        today = today or timezone.localdate()
        return (
            self.status == OrganisationStatus.APPROVED
            and self.approved_until is not None
            and self.approved_until >= today
        )

    def effective_status(self, today=None):
        """The status as visitors and editors should read it: approval that ran out is expired."""
        if self.status == OrganisationStatus.APPROVED and not self.is_listed(today):
            return OrganisationStatus.EXPIRED
        return OrganisationStatus(self.status)

    def can_renew(self, today=None):
        """Renewal is open from the reminder until ``renewal_grace_days()`` after running out."""
        today = today or timezone.localdate()
        if self.approved_until is None or self.status not in (
            OrganisationStatus.APPROVED,
            OrganisationStatus.EXPIRED,
        ):
            return False
        opens = self.approved_until - datetime.timedelta(days=reminder_days())
        closes = self.approved_until + datetime.timedelta(days=renewal_grace_days())
        return opens <= today <= closes

    @property
    def shows_contact(self):
        """Public e-mail and telephone are shown only with the organisation's consent."""
        return self.publish_contact and bool(self.public_email or self.public_phone)


def partner_choices():
    """What an event or a process may name as partners: organisations that were ever listed.

    Those no longer listed stay selectable, so that saving an old event never fails; their
    name is shown without a link.
    """
    return Q(locale__language_code=default_language(), approved_at__isnull=False)
