import pytest

from home.legal import LegalTextKind, LegalTextVersion
from home.models import SiteSettings, StandardPage

pytestmark = pytest.mark.django_db


def test_same_text_is_stored_once():
    first = LegalTextVersion.objects.consent("Acconsento al trattamento dei miei dati.")
    second = LegalTextVersion.objects.consent("Acconsento al trattamento dei miei dati.")
    other = LegalTextVersion.objects.consent("Un altro testo.")
    assert first.pk == second.pk
    assert other.pk != first.pk
    assert first.kind == LegalTextKind.CONSENT


def test_privacy_notice_version_follows_the_live_revision(home_page, site):
    privacy = StandardPage(title="Informativa privacy", slug="privacy", intro="Versione uno.")
    home_page.add_child(instance=privacy)
    privacy.save_revision().publish()
    settings = SiteSettings.for_site(site)
    settings.privacy_page = privacy
    settings.save()

    first = LegalTextVersion.objects.current_privacy_notice(site)
    assert "Versione uno." in first.text
    assert LegalTextVersion.objects.current_privacy_notice(site).pk == first.pk

    privacy.intro = "Versione due."
    privacy.save_revision().publish()
    second = LegalTextVersion.objects.current_privacy_notice(site)
    assert second.pk != first.pk
    assert "Versione due." in second.text
    # The earlier wording stays available, unchanged.
    first.refresh_from_db()
    assert "Versione uno." in first.text


def test_no_privacy_page_means_no_version(site):
    assert LegalTextVersion.objects.current_privacy_notice(site) is None
