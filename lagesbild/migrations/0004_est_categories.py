"""The incident categories EST starts with; administrators keep the list in admin."""

from django.db import migrations

CATEGORIES = [
    ("skadegorelse", "Skadegörelse", ""),
    ("klotter", "Klotter", ""),
    ("otrygghetsskapande-samling", "Otrygghetsskapande samling av personer", ""),
    ("annat-ordningsstorande", "Annat ordningsstörande", ""),
    ("otrygg-plats", "Otrygg plats", "Till exempel trasig belysning eller skymd sikt."),
    ("arrangemang", "Arrangemang", "Evenemang som påverkar tryggheten på platsen."),
    ("handelse-mot-personal", "Händelse mot personal", "Hot eller våld mot personal på plats."),
]


def add_categories(apps, schema_editor):
    Handelsekategori = apps.get_model("lagesbild", "Handelsekategori")
    for order, (slug, name, description) in enumerate(CATEGORIES):
        Handelsekategori.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


def remove_categories(apps, schema_editor):
    apps.get_model("lagesbild", "Handelsekategori").objects.filter(
        slug__in=[slug for slug, _name, _description in CATEGORIES], rapporter__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("lagesbild", "0003_est")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
