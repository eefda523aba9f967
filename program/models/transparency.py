"""The transparency section ("Trasparenza"): documents and the register of contributions.

Italian law (L. 3/2019 art. 1 c. 11–15; DL 149/2013 art. 5) asks parties, movements and lists to
publish their statute and financial statements, their candidates' CVs and criminal-record
certificates before elections, and the contributions of every donor who gave more than €500 in a
calendar year. ``TransparencyPage`` shows the documents grouped by year and kind and the
published part of the register, with open data per year (CSV and JSON).

The register (``Donor``, ``Contribution``) is kept by the "Tesoreria" group in the admin. Which
rows are published, from when, by when and until when is never typed: it is computed from the
facts recorded (``program.transparency.rules``).

Donors are identified by a ``Donor`` row, not by the name typed on each gift: a donor's gifts must
add up reliably, and two people may share a name while one person may be typed in several ways.
The register refuses a second donor whose name matches an existing one (ignoring case, accents
and spacing) unless a tax code tells the two apart.
"""

import datetime
import unicodedata
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey

from home.blocks import BaseStreamBlock
from home.models import BasePage
from program.transparency.rules import THRESHOLD, Gift, publication_schedule

# --- Documents -------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    """The documents the law asks for, in the order the page shows them within a year."""

    STATUTE = "statuto", _("Statuto")
    FINANCIAL_STATEMENT = "rendiconto", _("Rendiconto")
    MANAGEMENT_REPORT = "relazione-gestione", _("Relazione sulla gestione")
    NOTES = "nota-integrativa", _("Nota integrativa")
    AUDITOR_REPORT = "relazione-revisore", _("Relazione del revisore dei conti")
    APPROVAL_MINUTES = "verbale-approvazione", _("Verbale di approvazione")
    CANDIDATE_CV = "curriculum", _("Curriculum di candidate e candidati")
    CANDIDATE_CERTIFICATE = "casellario", _("Certificati del casellario giudiziale")
    OTHER = "altro", _("Altri documenti")


CANDIDATE_KINDS = {DocumentKind.CANDIDATE_CV, DocumentKind.CANDIDATE_CERTIFICATE}
KIND_ORDER = {kind.value: order for order, kind in enumerate(DocumentKind)}


class TransparencyPage(RoutablePageMixin, BasePage):
    """ "Trasparenza": statutes, financial statements, candidates' documents, contributions.

    Documents are grouped by year (newest first) and kind. The register of contributions shows
    what the law asks to publish, and only that: name, amount and date of the contributions of
    donors above €500 in a calendar year, for five years. Each year's rows are also open data at
    ``contributi/<year>/csv/`` and ``contributi/<year>/json/``.
    """

    intro = models.TextField(_("Introduzione"), blank=True, max_length=800)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Contenuto"), blank=True)
    contributions_note = RichTextField(
        _("Nota sui contributi"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_(
            "Facoltativa: compare sopra l'elenco dei contributi, dopo la spiegazione della regola."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel(
            "documents",
            label=_("Documento"),
            heading=_("Documenti"),
            help_text=_(
                "Statuto, rendiconto e allegati entro il 15 luglio di ogni anno; curriculum e "
                "certificati del casellario di chi si candida entro il quattordicesimo giorno "
                "prima del voto."
            ),
        ),
        FieldPanel("contributions_note"),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("documents", [index.SearchField("title")]),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("Pagina della trasparenza")
        verbose_name_plural = _("Pagine della trasparenza")

    def get_meta_description(self):
        return self.search_description or self.intro

    # --- Documents ---------------------------------------------------------------------------

    def documents_by_year(self):
        """``[(year, [(kind label, [documents])])]``: newest year first, kinds in legal order."""
        years = defaultdict(lambda: defaultdict(list))
        documents = self.documents.select_related("document").order_by("sort_order", "pk")
        for item in documents:
            if item.document is None:
                continue
            years[item.year][item.kind].append(item)
        return [
            (
                year,
                [
                    (DocumentKind(kind).label, items)
                    for kind, items in sorted(kinds.items(), key=lambda pair: KIND_ORDER[pair[0]])
                ],
            )
            for year, kinds in sorted(years.items(), reverse=True)
        ]

    # --- Contributions -----------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        published = Contribution.objects.published_by_year(today)
        # Only published rows count: a gift below the threshold must not show, even as a date.
        register_changed = max(
            (row.updated_at for rows in published.values() for row in rows), default=None
        )
        context.update(
            {
                "document_years": self.documents_by_year(),
                "contribution_years": published,
                "threshold": THRESHOLD,
                "transparency_updated": max(
                    (day for day in (register_changed, self.last_updated) if day is not None),
                    default=None,
                ),
            }
        )
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    # Wagtail's page URLs are slash-separated words (no dots): ``contributi/2025/csv/``.
    @path("contributi/<int:year>/csv/", name="contributions_csv")
    def contributions_csv(self, request, year):
        """One year's published contributions as CSV (cells a spreadsheet would run are
        neutralised)."""
        from home.csv import csv_response

        rows = self._year_rows(year)
        response = csv_response(
            f"contributi-{year}.csv",
            ["donatore", "importo_euro", "data_ricezione"],
            [[row.donor.name, f"{row.amount:.2f}", row.received_on.isoformat()] for row in rows],
        )
        response["Content-Disposition"] = f'inline; filename="contributi-{year}.csv"'
        return response

    @path("contributi/<int:year>/json/", name="contributions_json")
    def contributions_json(self, request, year):
        """One year's published contributions as JSON."""
        rows = self._year_rows(year)
        data = {
            "anno": year,
            "soglia_euro": f"{THRESHOLD:.2f}",
            "aggiornato_al": timezone.localdate().isoformat(),
            "fonte": self.get_full_url(request),
            "contributi": [
                {
                    "donatore": row.donor.name,
                    "importo_euro": f"{row.amount:.2f}",
                    "data_ricezione": row.received_on.isoformat(),
                }
                for row in rows
            ],
        }
        return JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})

    def _year_rows(self, year):
        if not 1900 <= year <= 9999:
            raise Http404
        rows = Contribution.objects.published_by_year(timezone.localdate()).get(year)
        if not rows:
            raise Http404
        return rows

    def serve_preview(self, request, mode_name):
        return self.render(request)


class TransparencyDocument(Orderable):
    """A document of the transparency page: its year, its kind and the file."""

    page = ParentalKey(TransparencyPage, related_name="documents", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(
        _("Anno"),
        validators=[MinValueValidator(1990), MaxValueValidator(2200)],
        help_text=_("L'anno a cui si riferisce: per il rendiconto, l'esercizio."),
    )
    kind = models.CharField(_("Tipo"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(
        _("Titolo"), max_length=200, blank=True, help_text=_("Vuoto: il titolo del documento.")
    )
    person = models.CharField(
        _("Candidata o candidato"),
        max_length=150,
        blank=True,
        help_text=_("Per curriculum e certificati: nome e cognome."),
    )
    document_date = models.DateField(
        _("Data del documento"),
        null=True,
        blank=True,
        help_text=_(
            "Per i certificati del casellario la data di rilascio: non più di 90 giorni prima "
            "del voto."
        ),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("File"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("kind")]),
        FieldPanel("document"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("person"), FieldPanel("document_date")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("Documento")
        verbose_name_plural = _("Documenti")

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if self.title:
            return self.title
        return self.document.title if self.document is not None else ""

    def clean(self):
        super().clean()
        errors = {}
        if self.kind in CANDIDATE_KINDS and not self.person.strip():
            errors["person"] = _("Indica di chi è il documento.")
        if self.kind == DocumentKind.CANDIDATE_CERTIFICATE and self.document_date is None:
            errors["document_date"] = _("Indica la data di rilascio del certificato.")
        if self.document_date and self.document_date > timezone.localdate():
            errors["document_date"] = _("La data non può essere nel futuro.")
        if errors:
            raise ValidationError(errors)


# --- The register of contributions -----------------------------------------------------------


def name_key(name):
    """The name as compared for duplicates: case, accents, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = "".join(char if char.isalnum() else " " for char in text.casefold())
    return " ".join(text.split())


class DonorKind(models.TextChoices):
    PERSON = "person", _("Persona")
    ORGANISATION = "organisation", _("Organizzazione o impresa")


class Donor(models.Model):
    """Who gave: a person or an organisation, identified once so that their gifts add up.

    Only the name is ever published (and only when the rule says so); the tax code is private
    and serves to tell apart donors who share a name.
    """

    name = models.CharField(
        _("Nome e cognome o denominazione"),
        max_length=200,
        help_text=_("Come va pubblicato se i contributi dell'anno superano i 500 euro."),
    )
    kind = models.CharField(
        _("Tipo"), max_length=20, choices=DonorKind.choices, default=DonorKind.PERSON
    )
    tax_code = models.CharField(
        _("Codice fiscale o partita IVA"),
        max_length=16,
        blank=True,
        help_text=_("Facoltativo e mai pubblicato: distingue chi ha lo stesso nome."),
    )
    notes = models.TextField(_("Note"), blank=True)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("tax_code")]),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("Donatore")
        verbose_name_plural = _("Donatori")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="program_donor_tax_code"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.name = " ".join((self.name or "").split())
        self.tax_code = "".join((self.tax_code or "").split()).upper()
        same_name = Donor.objects.filter(name_key=name_key(self.name)).exclude(pk=self.pk)
        if not self.tax_code:
            if same_name.exists():
                raise ValidationError(
                    {
                        "name": _(
                            "C'è già un donatore con questo nome: registra il contributo a suo "
                            "nome oppure, se è un'altra persona, indica il codice fiscale."
                        )
                    }
                )
        elif same_name.filter(tax_code="").exists():
            raise ValidationError(
                {
                    "tax_code": _(
                        "C'è già un donatore con questo nome senza codice fiscale: se è la "
                        "stessa persona aggiungi il codice al suo nome invece di crearne un altro."
                    )
                }
            )


class ContributionKind(models.TextChoices):
    MONEY = "money", _("Denaro")
    SERVICES = "services", _("Servizi")
    GOODS = "goods", _("Beni")


def _as_gift(contribution):
    return Gift(
        key=contribution.pk,
        donor=contribution.donor_id,
        received_on=contribution.received_on,
        amount=contribution.amount,
        recorded_on=contribution.recorded_on,
        refused=contribution.donor_objected,
    )


class ContributionQuerySet(models.QuerySet):
    def with_publication(self):
        """The contributions as a list, each with ``publication`` (a ``rules.Publication``).

        The rule adds up every gift of a donor in a calendar year, so the gifts of the same
        donors and years outside this queryset are read too: two queries whatever the size.
        """
        items = list(self.select_related("donor"))
        attach_publication(items)
        return items

    def publishable_years(self, today):
        """Years that may still have rows online ``today`` (a row stays five years and a month
        after receipt at least, or five years after a late recording)."""
        earliest = datetime.date(today.year - 7, 1, 1)
        recent = self.filter(Q(received_on__gte=earliest) | Q(recorded_on__gte=earliest)).dates(
            "received_on", "year"
        )
        return sorted({day.year for day in recent})

    def published_by_year(self, today=None):
        """``{year: [contributions online today, oldest first]}``, newest year first."""
        today = today or timezone.localdate()
        years = self.publishable_years(today)
        if not years:
            return {}
        rows = self.filter(received_on__year__in=years).select_related("donor")
        rows = list(rows.order_by("received_on", "pk"))
        schedule = publication_schedule(_as_gift(row) for row in rows)
        published = defaultdict(list)
        for row in rows:
            row.publication = schedule[row.pk]
            if row.publication.is_online(today):
                published[row.received_on.year].append(row)
        return dict(sorted(published.items(), reverse=True))

    def to_refuse(self):
        """Gifts of donors who objected to publication that are not recorded as returned yet."""
        return self.filter(donor_objected=True, returned_on__isnull=True)


def attach_publication(contributions):
    """Set ``publication`` on each contribution (two queries for the whole list)."""
    contributions = list(contributions)
    if not contributions:
        return contributions
    donors = {item.donor_id for item in contributions}
    years = {item.received_on.year for item in contributions}
    related = Contribution.objects.filter(donor_id__in=donors, received_on__year__in=years)
    schedule = publication_schedule(_as_gift(row) for row in related)
    for item in contributions:
        item.publication = schedule[item.pk]
    return contributions


class Contribution(models.Model):
    """One contribution received: money, services or goods, with its value in euros.

    The register keeps what happened; whether and when it is published is computed.
    """

    donor = models.ForeignKey(
        Donor, verbose_name=_("Donatore"), on_delete=models.PROTECT, related_name="contributions"
    )
    amount = models.DecimalField(
        _("Importo o valore (euro)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    kind = models.CharField(
        _("Tipo"), max_length=20, choices=ContributionKind.choices, default=ContributionKind.MONEY
    )
    description = models.CharField(
        _("Descrizione"),
        max_length=300,
        blank=True,
        help_text=_("Per servizi e beni: che cosa e come ne è stato stimato il valore."),
    )
    received_on = models.DateField(_("Data di ricezione"), db_index=True)
    receipt_reference = models.CharField(
        _("Numero della ricevuta"),
        max_length=60,
        unique=True,
        help_text=_("La matrice della ricevuta conservata in sede."),
    )
    donor_objected = models.BooleanField(
        _("Il donatore si oppone alla pubblicazione"),
        default=False,
        help_text=_(
            "La legge obbliga a rifiutare il contributo di chi si oppone alla pubblicazione: "
            "restituiscilo e indica quando. Non conta nei totali e non è mai pubblicato."
        ),
    )
    returned_on = models.DateField(_("Restituito il"), null=True, blank=True)
    notes = models.TextField(_("Note"), blank=True)
    # When the row entered the register (set automatically): a gift recorded after its
    # deadline went online late, and its five years start from then.
    recorded_on = models.DateField(_("Registrato il"), default=timezone.localdate, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContributionQuerySet.as_manager()

    panels = [
        FieldPanel("donor"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("kind")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("received_on"), FieldPanel("receipt_reference")]),
        MultiFieldPanel(
            [FieldPanel("donor_objected"), FieldPanel("returned_on")],
            heading=_("Opposizione alla pubblicazione"),
        ),
        FieldPanel("notes"),
    ]

    class Meta:
        verbose_name = _("Contributo")
        verbose_name_plural = _("Contributi")
        ordering = ["-received_on", "-pk"]

    def __str__(self):
        return f"{self.receipt_reference} · {self.donor} · {self.amount} €"

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.received_on and self.received_on > today:
            errors["received_on"] = _("La data di ricezione non può essere nel futuro.")
        if (
            self.kind in (ContributionKind.SERVICES, ContributionKind.GOODS)
            and not (self.description or "").strip()
        ):
            errors["description"] = _("Descrivi il servizio o il bene e come lo hai valutato.")
        if self.returned_on and not self.donor_objected:
            errors["returned_on"] = _(
                "La restituzione si registra per i contributi rifiutati per opposizione."
            )
        if self.returned_on and self.received_on and self.returned_on < self.received_on:
            errors["returned_on"] = _("La restituzione non può precedere la ricezione.")
        if self.returned_on and self.returned_on > today:
            errors["returned_on"] = _("La data non può essere nel futuro.")
        if errors:
            raise ValidationError(errors)

    @cached_property
    def publication(self):
        """This gift's ``rules.Publication`` (listings set it for all rows at once)."""
        attach_publication([self])
        return self.__dict__["publication"]

    @property
    def publication_label(self):
        """``publication_state()`` as text, for the register's export."""
        return str(self.publication_state())

    @property
    def deadline(self):
        """The publication deadline, for gifts the rule publishes (``None`` otherwise)."""
        return self.publication.deadline

    def publication_state(self, today=None):
        """A short label for the admin: what the rule says about this row today."""
        today = today or timezone.localdate()
        if self.donor_objected:
            return _("Restituito") if self.returned_on else _("Da rifiutare")
        publication = self.publication
        if not publication.publishable:
            return _("Sotto la soglia")
        if today < publication.online_from:
            return _("Da pubblicare")
        if today > publication.online_until:
            return _("Non più online")
        return _("Pubblicato")
