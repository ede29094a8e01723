"""GIN indexes for the search of insatser, follow-ups, activities and areas (PostgreSQL)."""

from django.db import migrations

from organisation.textsearch import create_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("samverkan", "0007_samverkansomrade_receives_tips"),
        ("organisation", "0014_search"),
    ]

    operations = [
        migrations.RunPython(
            *create_indexes(
                ("samverkan_insats", "samverkan_insats_sok", ["title", "summary", "description"]),
                ("samverkan_aktivitet", "samverkan_aktivitet_sok", ["title", "meeting_point", "description"]),
                ("samverkan_uppfoljning", "samverkan_uppfoljning_sok", ["done", "result"]),
                ("samverkan_omrade", "samverkan_omrade_sok", ["name", "description"]),
            )
        ),
    ]
