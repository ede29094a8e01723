"""GIN indexes for the search of published lägesbild summaries (PostgreSQL)."""

from django.db import migrations

from organisation.textsearch import create_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("lagesbild", "0005_lagesbild_cites_est"),
        ("organisation", "0009_search"),
    ]

    operations = [
        migrations.RunPython(
            *create_indexes(
                ("lagesbild_lagesbild", "lagesbild_lagesbild_sok", ["title", "public_summary"]),
            )
        ),
    ]
