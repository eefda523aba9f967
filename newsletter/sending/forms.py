"""The send form: lists, subscribers' language, now or at a time (Europe/Rome), override."""

import uuid
import zoneinfo

from django import forms
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import MailingList, Subscription

ROME = zoneinfo.ZoneInfo("Europe/Rome")
DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class ListChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        count = getattr(obj, "active_count", None)
        if count is None:
            return str(obj)
        return _("%(name)s (%(count)s iscritti attivi)") % {"name": obj, "count": count}


class SendForm(forms.Form):
    """What an editor chooses before confirming a send. Validated in Europe/Rome time."""

    mailing_lists = ListChoiceField(
        label=_("Liste"),
        queryset=MailingList.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Scegli almeno una lista.")},
    )
    language = forms.ChoiceField(label=_("Iscritti"), required=False)
    when = forms.ChoiceField(
        label=_("Quando"),
        choices=[("now", _("Subito")), ("later", _("A una data e ora"))],
        initial="now",
        widget=forms.RadioSelect,
    )
    scheduled_at = forms.DateTimeField(
        label=_("Data e ora (ora italiana)"),
        required=False,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
    )
    override_reason = forms.CharField(
        label=_("Motivo della deroga al silenzio elettorale"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Solo per gli amministratori. Resta registrato con l'invio."),
    )
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["mailing_lists"].queryset = MailingList.objects.annotate(
            active_count=Count(
                "subscriptions", filter=Q(subscriptions__status=Subscription.Status.ACTIVE)
            )
        )
        self.fields["language"].choices = [("", _("Di ogni lingua"))] + [
            (code, _("Solo chi legge in %(language)s") % {"language": name})
            for code, name in settings.LANGUAGES
        ]
        if not user.is_superuser:
            del self.fields["override_reason"]

    def full_clean(self):
        # Dates are entered and shown in Italian time, whatever the editor's own setting.
        with timezone.override(ROME):
            super().full_clean()
        # Tie each error (and help text) to its field for screen readers.
        for name, field in self.fields.items():
            described = []
            if name in self.errors:
                described.append(f"id_{name}-errors")
                field.widget.attrs["aria-invalid"] = "true"
            if field.help_text:
                described.append(f"id_{name}-help")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean(self):
        data = super().clean()
        if data.get("when") == "later":
            moment = data.get("scheduled_at")
            if moment is None:
                self.add_error("scheduled_at", _("Scrivi la data e l'ora dell'invio."))
            elif moment <= timezone.now():
                self.add_error("scheduled_at", _("L'ora scelta è già passata."))
        else:
            data["scheduled_at"] = None
        if not data.get("request_key"):
            data["request_key"] = uuid.uuid4()
        return data

    def moment(self):
        """When the send would start, for the blackout check."""
        return self.cleaned_data.get("scheduled_at") or timezone.now()
