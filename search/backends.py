"""The site's search backend: Wagtail's database backend, per language and inclusive.

``WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends"`` picks, like Wagtail's own
``wagtail.search.backends.database``, the implementation for the database in use, and adds two
things to it:

- **A text-search configuration per language** (PostgreSQL). Each object is indexed with the
  configuration of its own language (``LANGUAGE_SEARCH_CONFIGS``: Italian pages with ``italian``,
  English ones with ``english``; objects without a locale with ``SEARCH_CONFIG``), and a query is
  parsed with the configuration of the language being shown, so Italian stemming applies to
  Italian text and English stemming to English text. SQLite's full-text index has no stemming,
  so there the configuration makes no difference.
- **Inclusive Italian** (both databases): indexed text goes through
  ``search.inclusive.expand_value`` (see that module).

Upstream builds one ``ObjectIndexer(obj, backend)`` per object and reads ``backend.config`` in
it; it offers no hook for either change, so this module (1) indexes objects in groups of one
language with ``backend.config`` set to that language's configuration for the duration, and (2)
hands the indexer a thin view of each object whose search fields return expanded text.
"""

import contextvars
import copy
from functools import lru_cache
from itertools import groupby

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language

from wagtail.search.index import RelatedFields

from .inclusive import expand_value

_indexing_config = contextvars.ContextVar("piazza_search_indexing_config", default=None)


def config_for_language(language_code, default):
    """The PostgreSQL text-search configuration for ``language_code``."""
    configs = getattr(settings, "LANGUAGE_SEARCH_CONFIGS", {})
    return configs.get((language_code or "").split("-")[0], default)


class _ExpandedField:
    """Factory of copies of a search field whose values are expanded for inclusive Italian."""

    @staticmethod
    def wrap(field):
        field = copy.copy(field)
        if isinstance(field, RelatedFields):
            field.fields = [_ExpandedField.wrap(sub_field) for sub_field in field.fields]
            original = field.get_value

            def related_value(obj, _original=original):
                return _original(_unwrap(obj))

            field.get_value = related_value
            return field
        original = field.get_value

        def value(obj, _original=original):
            return expand_value(_original(_unwrap(obj)))

        field.get_value = value
        return field


def _unwrap(obj):
    return obj.wrapped if isinstance(obj, _IndexedObject) else obj


class _IndexedObject:
    """What the indexer sees of an object: the object itself, with expanding search fields."""

    def __init__(self, wrapped, search_fields):
        self.wrapped = wrapped
        self._search_fields = search_fields

    def get_search_fields(self):
        return self._search_fields

    def __getattr__(self, name):
        return getattr(self.wrapped, name)


class LanguageAwareIndexMixin:
    """Index objects one language at a time, with their text expanded."""

    def add_items(self, model, objs):
        objs = list(objs)
        if not objs:
            return
        languages = _locale_languages()
        default = self.backend.default_config or ""
        fields_by_class = {}

        def config_of(obj):
            language = languages.get(getattr(obj, "locale_id", None))
            return config_for_language(language, default) if language else default

        def indexed(obj):
            fields = fields_by_class.get(type(obj))
            if fields is None:
                fields = [_ExpandedField.wrap(field) for field in obj.get_search_fields()]
                fields_by_class[type(obj)] = fields
            return _IndexedObject(obj, fields)

        objs.sort(key=config_of)
        for config, group in groupby(objs, key=config_of):
            token = _indexing_config.set(config or None)
            try:
                super().add_items(model, [indexed(obj) for obj in group])
            finally:
                _indexing_config.reset(token)


def _locale_languages():
    from wagtail.models import Locale

    return dict(Locale.objects.values_list("pk", "language_code"))


class LanguageAwareBackendMixin:
    """``config``: the configuration of the objects being indexed, else of the active language.

    Upstream sets ``self.config`` from ``SEARCH_CONFIG`` when the backend is created; that value
    becomes the default, used for objects and languages without a configuration of their own.
    """

    default_config = None

    @property
    def config(self):
        indexing = _indexing_config.get()
        if indexing is not None:
            return indexing
        if not self.default_config:
            return self.default_config
        return config_for_language(get_language(), self.default_config)

    @config.setter
    def config(self, value):
        self.default_config = value


@lru_cache(maxsize=1)
def _postgres_backend():
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
    )

    class PiazzaPostgresIndex(LanguageAwareIndexMixin, PostgresIndex):
        pass

    class PiazzaPostgresSearchBackend(LanguageAwareBackendMixin, PostgresSearchBackend):
        index_class = PiazzaPostgresIndex

    return PiazzaPostgresSearchBackend


@lru_cache(maxsize=1)
def _sqlite_backend():
    from modelsearch.backends.database.sqlite.sqlite import SQLiteIndex, SQLiteSearchBackend

    class PiazzaSQLiteIndex(LanguageAwareIndexMixin, SQLiteIndex):
        pass

    class PiazzaSQLiteSearchBackend(LanguageAwareBackendMixin, SQLiteSearchBackend):
        index_class = PiazzaSQLiteIndex

    return PiazzaSQLiteSearchBackend


_sqlite_has_fts = None  # checked once per process, as Wagtail's own backend does


def SearchBackend(params):
    """The backend for the database in use (PostgreSQL or SQLite, like Wagtail's own)."""
    global _sqlite_has_fts
    if connection.vendor == "postgresql":
        return _postgres_backend()(params)
    if connection.vendor == "sqlite":
        if _sqlite_has_fts is None:
            from modelsearch.backends.database.sqlite.utils import (
                fts5_available,
                fts_table_exists,
            )

            _sqlite_has_fts = fts5_available() and fts_table_exists()
        if _sqlite_has_fts:
            return _sqlite_backend()(params)
    from modelsearch.backends.database import SearchBackend as DefaultBackend

    return DefaultBackend(params)
