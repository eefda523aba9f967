"""Background work of the site as a whole."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import Page

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def refresh_translations(content_type_id, object_id):
    """Follow up a change of an Italian page or snippet in its translations.

    See :func:`home.translation.refresh_translations`. Queued when an object that has been
    translated with wagtail-localize is published (pages) or saved (snippets). Returns the
    number of translations brought up to date; does nothing if the object is gone.
    """
    from home.translation import refresh_translations as refresh

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    instance = model._default_manager.filter(pk=object_id).first()
    if instance is None:
        return 0
    if isinstance(instance, Page):
        instance = instance.specific
    with transaction.atomic():
        _refreshed, saved, synchronised = refresh(instance)
    if saved or synchronised:
        logger.info(
            "Translations of %s: %d saved, %d synchronised", instance, len(saved), len(synchronised)
        )
    return len(saved) + len(synchronised)
