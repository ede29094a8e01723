"""GIN indexes for the search of published lägesbild summaries (PostgreSQL)."""

from django.db import migrations

from organisation.textsearch import create_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("lagesbild", "0012_arsuppfoljning_bedomning_och_utskrift"),
        ("organisation", "0014_search"),
    ]

    operations = [
        migrations.RunPython(
            *create_indexes(
                ("lagesbild_lagesbild", "lagesbild_lagesbild_sok", ["title", "public_summary"]),
            )
        ),
    ]
