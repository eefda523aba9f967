"""Public forms of the newsletter: subscribe and the preference centre.

Every message is tied to its field; nothing here changes data (the views call the services).
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from home import page_cache
from home.forms import HoneypotFormMixin

from . import consent
from .models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, MailingList
from .validation import clean_email, clean_name, has_control_characters

PUBLIC_LISTS_CACHE_SECONDS = 3600
SOURCE_MAX_LENGTH = 200


def public_lists():
    """The public mailing lists in order, read once per content generation.

    Lists are in ``PAGE_CACHE_INVALIDATING_MODELS``: changing one starts a new generation, so
    the sign-up form shown on every page costs no query and is never out of date.
    """
    key = f"newsletter:public-lists:{page_cache.current_generation()}"
    lists = cache.get(key)
    if lists is None:
        lists = list(MailingList.objects.public())
        cache.set(key, lists, PUBLIC_LISTS_CACHE_SECONDS)
    return lists


def default_language_lenses():
    """Lenses people may choose, in the default language (translations share its key)."""
    from program.models import Lens

    return Lens.objects.filter(locale__language_code=Locale.get_default().language_code)


class ListChoiceField(forms.TypedMultipleChoiceField):
    """Checkboxes of mailing lists, with messages for people instead of Django's defaults."""

    default_error_messages = {
        "invalid_choice": _(
            "Una delle liste scelte non esiste più: ricarica la pagina e scegli di nuovo."
        ),
        "required": _("Scegli almeno una lista."),
    }

    def __init__(self, **kwargs):
        super().__init__(
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            empty_value=[],
            **kwargs,
        )

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None

    def validate(self, value):
        # Choices are compared as strings by Django; the ids may arrive as anything.
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for item in value:
            if str(item) not in {str(key) for key, _label in self.choices}:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class PlainTextField(forms.CharField):
    """A one-line text field that refuses line breaks and control characters."""

    def validate(self, value):
        super().validate(value)
        if has_control_characters(value):
            raise ValidationError(
                _("Questo campo non può contenere a capo o caratteri di controllo."),
                code="control_characters",
            )


class ListOptionsMixin:
    """What the templates need to draw the list checkboxes with their descriptions."""

    list_field_name = "lists"

    def list_options(self):
        field = self[self.list_field_name]
        value = field.value() or []
        chosen = {str(item) for item in value}
        options = []
        for mailing_list in self.offered_lists:
            options.append(
                {
                    "list": mailing_list,
                    "id": f"{field.auto_id}_{mailing_list.pk}",
                    "checked": str(mailing_list.pk) in chosen,
                    "pending": mailing_list.pk in getattr(self, "pending_ids", ()),
                }
            )
        return options


class SubscribeForm(ListOptionsMixin, HoneypotFormMixin, forms.Form):
    """E-mail, optional name, lists, and the unticked consent checkbox naming the notice."""

    email = forms.CharField(
        label=_("Indirizzo e-mail"),
        # No max_length here: clean_email says how long an address may be, in words.
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "maxlength": EMAIL_MAX_LENGTH, "spellcheck": "false"}
        ),
        error_messages={"required": _("Scrivi il tuo indirizzo e-mail.")},
    )
    name = PlainTextField(
        label=_("Nome (facoltativo)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "maxlength": NAME_MAX_LENGTH}),
    )
    lists = ListChoiceField(label=_("Che cosa vuoi ricevere"))
    consent = forms.BooleanField(
        error_messages={"required": _("Per iscriverti serve il tuo consenso: spunta la casella.")}
    )
    privacy_revision = forms.CharField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, site_settings=None, offered_list_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.site_settings = site_settings
        self.wording = consent.subscribe_wording(site_settings)
        available = public_lists()
        self.fields["lists"].choices = [(item.pk, item.display_name) for item in available]
        offered = available
        if offered_list_ids:
            wanted = {str(pk) for pk in offered_list_ids}
            offered = [item for item in available if str(item.pk) in wanted] or available
        self.offered_lists = offered
        self.fields["lists"].initial = [item.pk for item in offered if item.default_checked]
        self.fields["consent"].label = self.wording.label
        self.fields["privacy_revision"].initial = self.wording.privacy_revision_id or ""

    def clean_email(self):
        return clean_email(self.cleaned_data["email"])

    def clean_name(self):
        return clean_name(self.cleaned_data.get("name", ""))

    def clean_source(self):
        """The page the form was on, if it is a path of this site; otherwise nothing."""
        value = (self.cleaned_data.get("source") or "").strip()
        if (
            not value.startswith("/")
            or len(value) > SOURCE_MAX_LENGTH
            or has_control_characters(value)
            or not url_has_allowed_host_and_scheme(value, allowed_hosts=None)
        ):
            return ""
        return value

    def clean_lists(self):
        ids = self.cleaned_data["lists"]
        by_id = {item.pk: item for item in MailingList.objects.public().filter(pk__in=ids)}
        if len(by_id) != len(set(ids)):  # a list made internal or deleted meanwhile
            raise ValidationError(
                self.fields["lists"].error_messages["invalid_choice"], code="invalid_choice"
            )
        return [by_id[pk] for pk in dict.fromkeys(ids)]

    def clean(self):
        cleaned = super().clean()
        shown = str(self.data.get(self.add_prefix("privacy_revision")) or "")
        current = str(self.wording.privacy_revision_id or "")
        if cleaned.get("consent") and shown != current:
            self.add_error(
                "consent",
                ValidationError(
                    _(
                        "L'informativa privacy è stata aggiornata da quando hai aperto la pagina: "
                        "leggila e spunta di nuovo la casella."
                    ),
                    code="privacy_notice_changed",
                ),
            )
        return cleaned


class PreferencesForm(ListOptionsMixin, forms.Form):
    """The preference centre: lists, language, name and lenses of interest."""

    lists = ListChoiceField(label=_("Le liste che ricevi"), required=False)
    language = forms.ChoiceField(
        label=_("Lingua delle e-mail"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": _("Scegli una delle lingue proposte.")},
    )
    name = PlainTextField(
        label=_("Nome (facoltativo)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "maxlength": NAME_MAX_LENGTH}),
    )
    lenses = forms.TypedMultipleChoiceField(
        label=_("Temi che ti interessano"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Uno dei temi scelti non esiste più: ricarica la pagina.")
        },
    )
    consent = forms.BooleanField(required=False)

    def __init__(self, *args, subscriber, site_settings=None, **kwargs):
        self.subscriber = subscriber
        statuses = {
            subscription.mailing_list_id: subscription.status
            for subscription in subscriber.subscriptions.all()
        }
        self.active_ids = {pk for pk, status in statuses.items() if status == "active"}
        self.pending_ids = {pk for pk, status in statuses.items() if status == "pending"}
        self.lens_objects = list(default_language_lenses())
        initial = {
            "lists": sorted(self.active_ids),
            "language": subscriber.language,
            "name": subscriber.name,
            "lenses": list(subscriber.lenses.values_list("pk", flat=True)),
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.site_settings = site_settings
        self.wording = consent.preferences_wording(site_settings)
        self.offered_lists = list(MailingList.objects.public())
        self.fields["lists"].choices = [(item.pk, item.display_name) for item in self.offered_lists]
        self.fields["lenses"].choices = [(lens.pk, lens.name) for lens in self.lens_objects]
        self.fields["consent"].label = self.wording.label

    def clean_name(self):
        return clean_name(self.cleaned_data.get("name", ""))

    def clean_lists(self):
        ids = set(self.cleaned_data["lists"])
        return [item for item in self.offered_lists if item.pk in ids]

    def clean_lenses(self):
        ids = set(self.cleaned_data["lenses"])
        return [lens for lens in self.lens_objects if lens.pk in ids]

    def added_lists(self):
        """Lists chosen now that the person does not receive yet."""
        chosen = self.cleaned_data.get("lists", [])
        return [item for item in chosen if item.pk not in self.active_ids]

    def clean(self):
        cleaned = super().clean()
        if "lists" in cleaned and self.added_lists() and not cleaned.get("consent"):
            self.add_error(
                "consent",
                ValidationError(
                    _("Per aggiungere una lista serve il tuo consenso: spunta la casella."),
                    code="required",
                ),
            )
        return cleaned

    def lens_options(self):
        from program.lenses import localize_lenses

        value = {str(item) for item in (self["lenses"].value() or [])}
        localized = localize_lenses(self.lens_objects, Locale.get_active().pk)
        shown = {lens.translation_key: lens for lens in localized}
        return [
            {
                "lens": lens,
                "label": shown.get(lens.translation_key, lens).name,
                "id": f"{self['lenses'].auto_id}_{lens.pk}",
                "checked": str(lens.pk) in value,
            }
            for lens in self.lens_objects
        ]
