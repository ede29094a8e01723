"""Borås demo data and one demo account per role.

The command lives in the lagesbild app because it is the app that may import
from all three; later demo data (insatser, lägesbilder) is added here too.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from lagesbild.demo import load_demo_lagesbilder
from lagesbild.demo_est import load_demo_est
from lagesbild.demo_kedja import load_demo_targets
from lagesbild.demo_loften import load_demo_loften
from lagesbild.demo_omraden import load_demo_omraden
from lagesbild.demo_rapport import load_demo_arsuppfoljning
from lagesbild.demo_translations import load_demo_translations
from lagesbild.indikatordata import load_indikatorer
from lagesbild.models import EstKvartalsbeslut
from organisation import roles
from organisation.models import Forum, Forummedlemskap, Kommun, Organ, Organtillhorighet
from organisation.services import StructureError
from samverkan.demo import load_demo_insatser, load_demo_moten
from samverkan.demo_aktiviteter import load_demo_aktivitet_details
from samverkan.models import Gruppmedlemskap, Samverkansgrupp, Samverkansomrade
from samverkan.services import load_structure

# Printed by `make run`; the command refuses to run with DEBUG off.
DEMO_PASSWORD = "trygghet-demo"  # noqa: S105

# username, first name, last name, role, forums (slug: role), groups, coordinated areas
DEMO_ACCOUNTS = [
    (
        "tjansteperson",
        "Tjänsteperson",
        "Demo",
        roles.TJANSTEPERSON,
        {},
        ["lokala-omradesnatverk"],
        [],
    ),
    (
        "samordnare",
        "Samordnare",
        "Demo",
        roles.COORDINATOR_ROLE,
        {"bra": Forummedlemskap.Role.FORUM_COORDINATOR},
        ["lokala-omradesnatverk", "lokala-natverk-barn-och-unga", "ortsrad"],
        ["lokal-samverkan"],
    ),
    (
        "analytiker",
        "Analytiker",
        "Demo",
        roles.ANALYTIKER,
        {
            "bra": Forummedlemskap.Role.MEDLEM,
            "strategisk-utvecklingsgrupp": Forummedlemskap.Role.MEDLEM,
        },
        [],
        [],
    ),
    ("admin", "Administratör", "Demo", roles.ADMINISTRATOR, {}, [], []),
    # A partner's field reporter: sees EST Hulta and nothing else of the workspace.
    ("est-rapportor", "EST-rapportör", "Demo", roles.TJANSTEPERSON, {}, ["est-hulta"], []),
]
# username → the organisation the account reports for (EST).
DEMO_ORGANISATIONS = {"est-rapportor": "polisen"}


class Command(BaseCommand):
    help = (
        "Läser in Borås Stads demodata och skapar ett demokonto per roll. "
        "Vägrar att köra när DJANGO_DEBUG är av."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demodata och demokonton skapas bara i utvecklingsläge (DJANGO_DEBUG=1). "
                "I produktion: läs in strukturen med load_structure och skapa konton i admin."
            )
        try:
            summary = load_structure()
            nyckeltal = load_indikatorer()
        except StructureError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        with transaction.atomic():
            # The EST groups first: the EST reporter's account is a member of one.
            est_count = load_demo_est()
            self._create_accounts()
            insats_count = load_demo_insatser()
            load_demo_aktivitet_details()
            mote_count = load_demo_moten()
            lagesbild_count = load_demo_lagesbilder()
            insats_count += load_demo_arsuppfoljning()
            omradesvarden = load_demo_omraden()
            # The plan's targets read the per-område indicators loaded just before.
            load_demo_targets()
            loften = load_demo_loften()
            self._publish_last_est_quarter()
            # Last: it translates the rows the loaders above made.
            translations = load_demo_translations()
            # From now on every public page says that it shows example data.
            Kommun.objects.filter(example_data_loaded_at__isnull=True).update(
                example_data_loaded_at=timezone.now()
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata för {summary.kommun} inläst: {summary.forum} forum, "
                f"{summary.samverkansomraden} samverkansområden, {summary.grupper} grupper, "
                f"{insats_count} insatser, {mote_count} möten, "
                f"{nyckeltal.indikatorer} nyckeltal, {lagesbild_count} lägesbilder, "
                f"{est_count} nya EST-rapporter, {omradesvarden} exempelvärden per område, "
                f"{loften} medborgarlöften (exempel), {translations} översatta texter (exempel)."
            )
        )
        self.stdout.write(f"Demokonton (lösenord för alla: {DEMO_PASSWORD}):")
        for username, _first, _last, role, *_rest in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<15} {role}")

    def _publish_last_est_quarter(self):
        """The analyst has published EST Hulta's last ended quarter, so the district page shows
        what a published quarter looks like."""
        today = timezone.localdate()
        quarter = (today.month - 1) // 3 or 4
        year = today.year if quarter < 4 else today.year - 1
        EstKvartalsbeslut.objects.get_or_create(
            grupp=Samverkansgrupp.objects.get(slug="est-hulta"),
            year=year,
            quarter=quarter,
            defaults={"decided_by": get_user_model().objects.get(username="analytiker")},
        )

    def _create_accounts(self):
        User = get_user_model()
        for username, first, last, role, forums, groups, areas in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
            is_admin = role == roles.ADMINISTRATOR
            user.is_staff = is_admin
            user.is_superuser = is_admin
            user.save()
            # The roles come from a migration; get_or_create keeps a flushed database working.
            user.groups.add(Group.objects.get_or_create(name=role)[0])
            for slug, forum_role in forums.items():
                Forummedlemskap.objects.update_or_create(
                    user=user, forum=Forum.objects.get(slug=slug), defaults={"role": forum_role}
                )
            for slug in groups:
                Gruppmedlemskap.objects.get_or_create(
                    user=user, grupp=Samverkansgrupp.objects.get(slug=slug)
                )
            for slug in areas:
                Samverkansomrade.objects.get(slug=slug).coordinators.add(user)
            if username in DEMO_ORGANISATIONS:
                Organtillhorighet.objects.update_or_create(
                    user=user,
                    defaults={"organ": Organ.objects.get(slug=DEMO_ORGANISATIONS[username])},
                )
