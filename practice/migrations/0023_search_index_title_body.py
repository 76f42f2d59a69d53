"""A GIN index on the search index's `title || body`, the vector Wagtail's PostgreSQL search
matches against (modelsearch combines the two columns before `@@`).

Without it PostgreSQL has no statistics for that expression, guesses one matching entry and
joins every page to every match in a nested loop: /search/?q=anxiety spent 37 ms in that query
on 250 entries, and it grows with entries × pages. With the index (and ANALYZE) it estimates
the matches, picks a hash join and reads them from the index: 4 ms. SQLite has its own FTS
tables; nothing is done there. tests/practice/test_search.py checks that the search still uses
it, so a change in Wagtail's query shows.
"""

from django.db import migrations

INDEX = "practice_search_title_body_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry "
        "USING gin ((title || body))"
    )
    schema_editor.execute("ANALYZE wagtailsearch_indexentry")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("practice", "0022_consultation_clinician_and_state"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
