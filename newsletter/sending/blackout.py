"""Electoral silence: periods in which no newsletter may go out.

Italian law forbids political propaganda on the day before and the day of a vote; a group's
newsletter is propaganda. Editors enter the windows; a send or a scheduled send that would run
inside one is refused with the window's name, unless a superuser overrides it and records why.
A send already running pauses itself when a window begins.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class BlackoutWindowQuerySet(models.QuerySet):
    def covering(self, moment):
        """Windows in force at ``moment`` (start included, end excluded)."""
        return self.filter(starts_at__lte=moment, ends_at__gt=moment)

    def current_and_future(self):
        return self.filter(ends_at__gt=timezone.now())


class BlackoutWindow(models.Model):
    """A period (e.g. the day before and the day of a vote) when no newsletter is sent."""

    title = models.CharField(
        _("nome"),
        max_length=150,
        help_text=_("Per esempio: «Silenzio elettorale – elezioni comunali»."),
    )
    starts_at = models.DateTimeField(_("inizio"), help_text=_("Ora italiana."))
    ends_at = models.DateTimeField(_("fine"), help_text=_("Ora italiana; la fine è esclusa."))
    note = models.TextField(
        _("nota"), blank=True, help_text=_("Il motivo o la norma, per chi vede il rifiuto.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlackoutWindowQuerySet.as_manager()

    class Meta:
        verbose_name = _("periodo di silenzio")
        verbose_name_plural = _("periodi di silenzio")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="newsletter_blackout_ends_after_start",
                violation_error_message=_("La fine deve venire dopo l'inizio."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.period_label})"

    @property
    def period_label(self):
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return _("dal %(start)s al %(end)s") % {
            "start": date_format(start, "j F Y H:i"),
            "end": date_format(end, "j F Y H:i"),
        }

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("La fine deve venire dopo l'inizio.")})

    def explanation(self):
        """The sentence shown to someone whose send is refused."""
        text = _(
            "Non si può inviare: «%(title)s», %(period)s. Durante il silenzio elettorale "
            "la newsletter non parte."
        ) % {"title": self.title, "period": self.period_label}
        return f"{text} {self.note}".strip()


def window_at(moment):
    """The blackout window in force at ``moment``, or ``None``."""
    return BlackoutWindow.objects.covering(moment).order_by("starts_at").first()
