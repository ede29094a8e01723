"""Search: unaccent and pg_trgm, the immutable sok_fold() and the GIN indexes of forums
and meetings. Nothing happens on SQLite, where the app registers the functions itself."""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from organisation.textsearch import FOLD_FUNCTION, create_indexes


def create_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FOLD_FUNCTION)


def drop_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS sok_fold(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0013_kommun_logo"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_fold, drop_fold),
        migrations.RunPython(
            *create_indexes(
                ("organisation_forum", "organisation_forum_sok", ["name", "short_name", "purpose", "description"]),
                ("organisation_mote", "organisation_mote_sok", ["title", "place", "minutes"]),
            )
        ),
    ]
