"""PostgreSQL text-search configurations for the site search: Italian and English stemming,
accents ignored, and no stop words.

PostgreSQL's own ``italian`` and ``english`` configurations drop stop words, which on a site
like this one removes whole titles: "Chi siamo", "Tutti in piazza", "About us" all become empty
queries that find nothing. These configurations keep every word, stem it with the language's
Snowball stemmer and, where the ``unaccent`` extension can be created, ignore accents ("citta"
finds "città"). Nothing happens on other databases.
"""

from django.db import migrations

CONFIGS = {"piazza_italian": "italian", "piazza_english": "english"}
WORD_TOKENS = "asciiword, word, hword, hword_part, asciihword, hword_asciipart"


def _has_unaccent(cursor):
    cursor.execute("SAVEPOINT piazza_unaccent")
    try:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:  # no contrib package, or no right to create extensions
        cursor.execute("ROLLBACK TO SAVEPOINT piazza_unaccent")
        return False
    cursor.execute("RELEASE SAVEPOINT piazza_unaccent")
    return True


def create_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        filters = "unaccent, " if _has_unaccent(cursor) else ""
        for name, language in CONFIGS.items():
            cursor.execute(
                f"CREATE TEXT SEARCH DICTIONARY {name}_stem "
                f"(TEMPLATE = snowball, LANGUAGE = {language})"
            )
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.simple)")
            cursor.execute(
                f"ALTER TEXT SEARCH CONFIGURATION {name} "
                f"ALTER MAPPING FOR {WORD_TOKENS} WITH {filters}{name}_stem"
            )


def drop_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in CONFIGS:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
            cursor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {name}_stem")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_configurations, drop_configurations, elidable=False)]
