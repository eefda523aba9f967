"""The public forms of the partner registry: the request to join and the directory's filters.

Nothing here changes data: the views call ``program.registry.services``.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from home.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    HoneypotFormMixin,
)
from program.models.registry import OrganisationKind, default_language

PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]{4,38}$")


def has_control_characters(value):
    """Line breaks and other control characters have no place in a one-line field."""
    return any(unicodedata.category(char) == "Cc" for char in value or "")


class OneLineField(forms.CharField):
    """A single-line text: whitespace collapsed, control characters refused."""

    def clean(self, value):
        value = super().clean(value)
        if has_control_characters(value):
            raise ValidationError(
                _("Questo campo non può contenere a capo o caratteri di controllo."),
                code="control_characters",
            )
        return " ".join(value.split())


class PhoneField(OneLineField):
    def clean(self, value):
        value = super().clean(value)
        if value and not PHONE.match(value):
            raise ValidationError(
                _("Scrivi un numero di telefono, per esempio +39 0464 123456."), code="phone"
            )
        return value


def default_language_lenses():
    from program.models import Lens

    return Lens.objects.filter(locale__language_code=default_language())


def neighbourhoods():
    from program.models import Neighbourhood

    return Neighbourhood.objects.all()


def publication_wording(organisation_name):
    return gettext(
        "Chiedo di inserire l'organizzazione nell'elenco pubblico «Con chi» di %(site)s e "
        "acconsento alla pubblicazione dei suoi dati indicati in questo modulo come pubblici "
        "(nome, tipo, descrizione, quartiere, lenti, sito web). L'inserimento vale un anno ed "
        "è rinnovabile; si può chiedere di uscire dall'elenco in ogni momento."
    ) % {"site": organisation_name}


def contact_wording():
    return gettext(
        "Acconsento alla pubblicazione nell'elenco anche dell'e-mail e del telefono pubblici "
        "che ho indicato."
    )


def privacy_wording(organisation_name):
    return gettext(
        "Ho letto l'informativa privacy e acconsento al trattamento dei dati della persona di "
        "riferimento da parte di %(site)s, solo per gestire questa richiesta e l'inserimento "
        "nell'elenco. Questi dati non vengono pubblicati; se la richiesta non è accolta sono "
        "cancellati."
    ) % {"site": organisation_name}


class JoinRequestForm(HoneypotFormMixin, forms.Form):
    """ "Chiedi di entrare nell'elenco": the organisation's public card, a private contact and
    three unticked checkboxes (publish the card, publish the contacts, privacy)."""

    name = OneLineField(label=_("Nome dell'organizzazione"), max_length=150)
    kind = forms.ChoiceField(label=_("Tipo"), choices=[("", "—"), *OrganisationKind.choices])
    description = forms.CharField(
        label=_("Che cosa fa"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Poche righe per chi legge l'elenco: al massimo 1.500 caratteri."),
    )
    neighbourhood = BoundedModelChoiceField(
        label=_("Quartiere"),
        queryset=None,
        required=False,
        empty_label=_("Tutta la città"),
    )
    lenses = BoundedModelMultipleChoiceField(
        label=_("Di che cosa vi occupate"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Le lenti con cui guardiamo la città: scegli quelle che vi riguardano."),
    )
    # Not ``website``: that name belongs to the honeypot every public form carries.
    sito = forms.URLField(
        label=_("Sito web"), required=False, max_length=200, assume_scheme="https"
    )
    public_email = forms.EmailField(label=_("E-mail pubblica"), required=False, max_length=254)
    public_phone = PhoneField(label=_("Telefono pubblico"), required=False, max_length=40)
    contact_name = OneLineField(label=_("Nome e cognome"), max_length=150)
    contact_email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("Ti scriviamo qui per confermare la richiesta e dirti com'è andata."),
    )
    contact_phone = PhoneField(label=_("Telefono"), required=False, max_length=40)
    publication_consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Per entrare nell'elenco serve questo consenso.")},
    )
    contact_consent = forms.BooleanField(required=False)
    privacy_consent = forms.BooleanField(
        required=True,
        error_messages={"required": _("Per inviare la richiesta serve il tuo consenso.")},
    )
    privacy_revision = forms.CharField(required=False, widget=forms.HiddenInput)

    PUBLIC_FIELDS = ("name", "kind", "description", "neighbourhood", "lenses", "sito")
    CONTACT_FIELDS = ("public_email", "public_phone")
    PRIVATE_FIELDS = ("contact_name", "contact_email", "contact_phone")
    CONSENT_FIELDS = ("publication_consent", "contact_consent", "privacy_consent")

    def __init__(self, *args, organisation_name="", privacy_page=None, **kwargs):
        kwargs.setdefault("auto_id", "join-%s")
        super().__init__(*args, **kwargs)
        self.privacy_page = privacy_page
        self.fields["neighbourhood"].queryset = neighbourhoods()
        self.fields["lenses"].queryset = default_language_lenses()
        self.fields["publication_consent"].label = publication_wording(organisation_name)
        self.fields["contact_consent"].label = contact_wording()
        self.fields["privacy_consent"].label = privacy_wording(organisation_name)
        self.fields["privacy_revision"].initial = self._current_notice_revision() or ""
        for name in (*self.PUBLIC_FIELDS, *self.CONTACT_FIELDS, *self.PRIVATE_FIELDS):
            field = self.fields[name]
            if not field.required:
                field.label = gettext("%(label)s (facoltativo)") % {"label": field.label}

    def _current_notice_revision(self):
        return getattr(self.privacy_page, "live_revision_id", None)

    def fields_named(self, names):
        return [self[name] for name in names]

    @property
    def public_fields(self):
        return self.fields_named(self.PUBLIC_FIELDS)

    @property
    def contact_fields(self):
        return self.fields_named(self.CONTACT_FIELDS)

    @property
    def private_fields(self):
        return self.fields_named(self.PRIVATE_FIELDS)

    def clean_description(self):
        description = self.cleaned_data["description"]
        if "\x00" in description:
            raise ValidationError(_("Il testo contiene caratteri non validi."))
        return description.strip()

    def clean(self):
        cleaned = super().clean()
        gave_contact = bool(cleaned.get("public_email") or cleaned.get("public_phone"))
        if gave_contact and not cleaned.get("contact_consent"):
            self.add_error(
                "contact_consent",
                ValidationError(
                    _(
                        "Hai indicato un contatto pubblico: spunta questa casella per "
                        "pubblicarlo, oppure lascia vuoti e-mail e telefono pubblici."
                    ),
                    code="contact_without_consent",
                ),
            )
        shown = str(self.data.get(self.add_prefix("privacy_revision")) or "")
        current = str(self._current_notice_revision() or "")
        if cleaned.get("privacy_consent") and shown != current:
            self.add_error(
                "privacy_consent",
                ValidationError(
                    _(
                        "L'informativa privacy è stata aggiornata da quando hai aperto la pagina: "
                        "leggila e spunta di nuovo la casella."
                    ),
                    code="privacy_notice_changed",
                ),
            )
        return cleaned

    def organisation_data(self):
        """The model fields of the request (lenses apart: a many-to-many)."""
        data = self.cleaned_data
        fields = ("name", "kind", "description", "neighbourhood", *self.PRIVATE_FIELDS)
        values = {name: data[name] for name in fields}
        values["website"] = data["sito"]
        if data.get("contact_consent"):
            values.update({name: data[name] for name in self.CONTACT_FIELDS})
        return values


UNKNOWN_FILTER = _("Questo valore non esiste: il filtro non è stato applicato.")


class DirectoryFilterForm(forms.Form):
    """The directory's filters: kind, neighbourhood, lens and text (plain GET, no JavaScript).

    A value that matches nothing is ignored, with a message next to its field; the others
    still apply.
    """

    tipo = forms.ChoiceField(
        label=_("Tipo"), required=False, error_messages={"invalid_choice": UNKNOWN_FILTER}
    )
    quartiere = forms.ChoiceField(
        label=_("Quartiere"), required=False, error_messages={"invalid_choice": UNKNOWN_FILTER}
    )
    lente = forms.ChoiceField(
        label=_("Lente"), required=False, error_messages={"invalid_choice": UNKNOWN_FILTER}
    )
    q = forms.CharField(label=_("Cerca per nome o attività"), required=False, max_length=100)

    def __init__(self, *args, lenses=(), neighbourhoods=(), **kwargs):
        kwargs.setdefault("auto_id", "directory-%s")
        super().__init__(*args, **kwargs)
        self.lenses = {lens.slug: lens for lens in lenses}
        self.neighbourhoods = {item.slug: item for item in neighbourhoods}
        self.fields["tipo"].choices = [("", _("Tutti")), *OrganisationKind.choices]
        self.fields["quartiere"].choices = [("", _("Tutti"))] + [
            (item.slug, item.name) for item in neighbourhoods
        ]
        self.fields["lente"].choices = [("", _("Tutte"))] + [
            (lens.slug, lens.name) for lens in lenses
        ]
        self.fields["q"].widget.attrs["type"] = "search"

    def clean_q(self):
        text = self.cleaned_data["q"]
        if has_control_characters(text):
            raise ValidationError(_("La ricerca non può contenere caratteri di controllo."))
        return " ".join(text.split())

    def filters(self):
        """The valid filters only: ``{"kind", "neighbourhood", "lens", "text"}``."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {
            "kind": data.get("tipo") or None,
            "neighbourhood": self.neighbourhoods.get(data.get("quartiere") or ""),
            "lens": self.lenses.get(data.get("lente") or ""),
            "text": data.get("q") or "",
        }
