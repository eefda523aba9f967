"""Versioned snapshots of the texts people agree to.

Every consent the site records (newsletter, event registration, contribution forms, partner
registry) points at a ``LegalTextVersion``: the exact privacy notice and consent wording shown
at that moment, stored once per distinct text (keyed by its SHA-256), so that later we can show
precisely what someone agreed to even after the privacy page has been edited.
"""

import hashlib

from django.db import IntegrityError, models, transaction
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _


class LegalTextKind(models.TextChoices):
    PRIVACY_NOTICE = "privacy_notice", _("Informativa privacy")
    CONSENT = "consent", _("Testo del consenso")


class LegalTextVersionManager(models.Manager):
    def snapshot(self, kind, text, *, title="", source_revision_id=None):
        """Return the stored version of ``text`` for ``kind``, creating it the first time."""
        digest = hashlib.sha256(f"{kind}\n{title}\n{text}".encode()).hexdigest()
        existing = self.filter(sha256=digest).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                return self.create(
                    kind=kind,
                    sha256=digest,
                    title=title,
                    text=text,
                    source_revision_id=source_revision_id,
                )
        except IntegrityError:  # another request stored the same text meanwhile
            return self.get(sha256=digest)

    def consent(self, wording):
        """The stored version of a consent checkbox's wording."""
        return self.snapshot(LegalTextKind.CONSENT, str(wording))

    def current_privacy_notice(self, site):
        """The stored version of the site's live privacy page (``None`` if none is set).

        The page in the active language: an English visitor reads, and agrees to, the
        English translation when it is live (else the Italian page they were shown).
        """
        from home.models import SiteSettings

        page = SiteSettings.for_site(site).localized_privacy_page if site is not None else None
        if page is None:
            return None
        page = page.specific
        revision_id = page.live_revision_id
        if revision_id is not None:
            existing = self.filter(
                kind=LegalTextKind.PRIVACY_NOTICE, source_revision_id=revision_id
            ).first()
            if existing is not None:
                return existing
        return self.snapshot(
            LegalTextKind.PRIVACY_NOTICE,
            privacy_page_text(page),
            title=page.title,
            source_revision_id=revision_id,
        )


def privacy_page_text(page):
    """The readable text of a privacy page: intro and body blocks, markup removed."""
    parts = [getattr(page, "intro", "") or ""]
    body = getattr(page, "body", None)
    if body is not None:
        parts.extend(strip_tags(str(block)) for block in body)
    return "\n\n".join(" ".join(part.split()) for part in parts if part and part.strip())


class LegalTextVersion(models.Model):
    """One exact wording of a privacy notice or a consent text, never edited once stored."""

    kind = models.CharField(_("tipo"), max_length=20, choices=LegalTextKind.choices)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64, unique=True)
    title = models.CharField(_("titolo"), max_length=255, blank=True)
    text = models.TextField(_("testo"))
    source_revision_id = models.BigIntegerField(
        _("revisione della pagina"), null=True, blank=True, db_index=True
    )
    created_at = models.DateTimeField(_("registrato il"), auto_now_add=True)

    objects = LegalTextVersionManager()

    class Meta:
        verbose_name = _("versione di un testo legale")
        verbose_name_plural = _("versioni dei testi legali")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sha256[:10]} ({self.created_at:%Y-%m-%d})"
