"""Each permission and the QuerySet that lists the same rows agree on every row, for every role.

The rules in the apps' ``rules.py`` are written twice: once as a predicate about one row
(``user.has_perm("samverkan.change_insats", insats)``, what a view checks) and once as a
filter (``Insats.objects.editable_by(user)``, what a list shows). If the two drift apart,
a page lists a row that its detail view refuses, or, worse, a detail view opens a row no
list admits to. These tests walk Borås's demo population, with a few extra people whose
memberships the demo accounts do not cover, and compare the two on every row.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings

from lagesbild import rules as lagesbild_rules
from lagesbild.models import Atgardsplan, Lagesbild, Problem
from organisation import roles
from organisation import rules as organisation_rules
from organisation.models import Beslut, Bilaga, Forum, Forummedlemskap, Mote
from samverkan import rules as samverkan_rules
from samverkan.models import Aktivitet, Insats, Samverkansgrupp, Samverkansomrade, Uppfoljning
from tests.factories import ForummedlemskapFactory, GruppmedlemskapFactory, UserFactory
from tests.organisation.files import build_pdf

# (model, permission, name of the QuerySet method that lists the rows the permission allows)
PAIRS = [
    (Insats, "samverkan.view_insats", "visible_to"),
    (Insats, "samverkan.view_insats_internals", "internals_visible_to"),
    (Insats, "samverkan.change_insats", "editable_by"),
    (Insats, "samverkan.publish_insats", "publishable_by"),
    (Uppfoljning, "samverkan.view_uppfoljning", "visible_to"),
    (Aktivitet, "samverkan.view_aktivitet", "visible_to"),
    (Mote, "organisation.view_mote", "visible_to"),
    (Mote, "organisation.change_mote", "editable_by"),
    (Mote, "organisation.view_minutes", "minutes_readable_by"),
    (Beslut, "organisation.view_beslut", "visible_to"),
    (Bilaga, "organisation.view_bilaga", "visible_to"),
    (Lagesbild, "lagesbild.view_lagesbild", "visible_to"),
    (Lagesbild, "lagesbild.change_lagesbild", "editable_by"),
    (Atgardsplan, "lagesbild.view_atgardsplan", "visible_to"),
    (Atgardsplan, "lagesbild.change_atgardsplan", "editable_by"),
    (Forum, "organisation.view_forum_workspace", "workspace_visible_to"),
]

# (model, the instance predicate residents' pages ask, the QuerySet public outputs read)
PUBLIC_PAIRS = [
    (Insats, samverkan_rules.insats_is_public, "published"),
    (Uppfoljning, samverkan_rules.uppfoljning_is_public, "published"),
    (Aktivitet, samverkan_rules.aktivitet_is_public, "published"),
    (Mote, organisation_rules.mote_is_public, "public"),
    (Mote, organisation_rules.minutes_are_public, "with_published_minutes"),
    (Lagesbild, lagesbild_rules.lagesbild_is_public, "published"),
    (Problem, lagesbild_rules.problem_is_public, "published"),
]

# Who may see everything: their answers agree trivially, so they prove nothing on their own.
UNRESTRICTED = {"admin", "administrator-by-role"}


@pytest.fixture(scope="module")
def demo(demo_module, tmp_path_factory):
    """Borås's demo population as `make run` loads it, plus attachments and extra people,
    once for the module: the tests only read."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        _attach_files()
        yield _people()


def _attach_files():
    """An attachment under each kind of meeting (published minutes, unpublished, internal),
    and a decision under the last two: the demo's decisions all have published minutes."""
    published = Mote.objects.with_published_minutes().first()
    unpublished = Mote.objects.public().filter(minutes_published_at__isnull=True).first()
    internal = Mote.objects.filter(forum__is_public=False).first() or Mote.objects.create(
        forum=Forum.objects.get(slug="drogpolitiska-ledningsgruppen"),
        title="Internt möte",
        starts_at=published.starts_at,
        ends_at=published.ends_at,
        is_public=False,
    )
    for mote in (published, unpublished, internal):
        Bilaga.objects.create(
            mote=mote,
            title=f"Presentation {mote.pk}",
            file=SimpleUploadedFile("presentation.pdf", build_pdf(["Läget i området"])),
            original_name="presentation.pdf",
            file_type=Bilaga.Type.PDF,
            size=100,
        )
    for mote in (unpublished, internal):
        Beslut.objects.create(mote=mote, text=f"Beslut om uppföljning {mote.pk}")


def _people() -> dict:
    from django.contrib.auth import get_user_model

    people = {u.username: u for u in get_user_model().objects.all()}
    people["anonymous"] = AnonymousUser()

    bra_coordinator = UserFactory(username="bra-samordnare", roles=[roles.TJANSTEPERSON])
    ForummedlemskapFactory(
        user=bra_coordinator,
        forum=Forum.objects.get(slug="bra"),
        role=Forummedlemskap.Role.FORUM_COORDINATOR,
    )
    internal_member = UserFactory(username="dlg-medlem", roles=[roles.TJANSTEPERSON])
    ForummedlemskapFactory(
        user=internal_member, forum=Forum.objects.get(slug="drogpolitiska-ledningsgruppen")
    )
    strategic_member = UserFactory(username="strategisk", roles=[roles.TJANSTEPERSON])
    ForummedlemskapFactory(
        user=strategic_member, forum=Forum.objects.get(slug="strategisk-utvecklingsgrupp")
    )
    area_coordinator = UserFactory(username="omradessamordnare", roles=[roles.TJANSTEPERSON])
    Samverkansomrade.objects.get(slug="barn-och-unga-i-riskzon").coordinators.add(area_coordinator)
    internal_group_member = UserFactory(username="sspf-medlem", roles=[roles.TJANSTEPERSON])
    GruppmedlemskapFactory(
        user=internal_group_member, grupp=Samverkansgrupp.objects.get(slug="sspf")
    )
    loner = UserFactory(username="utan-medlemskap", roles=[roles.TJANSTEPERSON])
    administrator = UserFactory(username="administrator-by-role", roles=[roles.ADMINISTRATOR])
    for user in (
        bra_coordinator,
        internal_member,
        strategic_member,
        area_coordinator,
        internal_group_member,
        loner,
        administrator,
    ):
        people[user.username] = user
    for user in people.values():
        roles.forget(user)
    return people


def _disagreements(model, perm, method, people):
    rows = list(model.objects.all())
    found = []
    for name, user in people.items():
        allowed = {row.pk for row in rows if user.has_perm(perm, row)}
        listed = set(getattr(model.objects, method)(user).values_list("pk", flat=True))
        if allowed != listed:
            found.append(
                f"{perm} vs {model.__name__}.objects.{method} for {name}: "
                f"the permission alone allows {sorted(allowed - listed)}, "
                f"the QuerySet alone lists {sorted(listed - allowed)}"
            )
    return found


@pytest.mark.django_db
def test_every_permission_allows_exactly_the_rows_its_queryset_lists_for_every_role(demo):
    problems = []
    for model, perm, method in PAIRS:
        problems += _disagreements(model, perm, method, demo)

    assert problems == []


@pytest.mark.django_db
def test_every_restricted_rule_shows_someone_some_rows_but_not_all(demo):
    """Otherwise the agreement above could hold because both sides are empty, or both all."""
    proving_nothing = []
    for model, perm, method in PAIRS:
        total = model.objects.count()
        sizes = {
            name: getattr(model.objects, method)(user).count()
            for name, user in demo.items()
            if name not in UNRESTRICTED
        }
        # Editing lägesbilder is all or nothing by design, so "some but not all" is asked of
        # the restricted roles together: someone sees a row, and someone misses one.
        if total == 0 or max(sizes.values()) == 0 or min(sizes.values()) == total:
            proving_nothing.append(f"{perm}: {total} rows, seen per role {sizes}")
        for name in UNRESTRICTED:
            if getattr(model.objects, method)(demo[name]).count() != total:
                proving_nothing.append(f"{perm}: {name} does not see all {total} rows")
        if sizes["utan-medlemskap"] == total:
            proving_nothing.append(f"{perm}: an official without memberships sees every row")

    assert proving_nothing == []


@pytest.mark.django_db
def test_every_public_predicate_holds_for_exactly_the_rows_published_outputs_read(demo):
    problems = []
    for model, predicate, method in PUBLIC_PAIRS:
        rows = list(model.objects.all())
        public = {row.pk for row in rows if predicate(row)}
        listed = set(getattr(model.objects, method)().values_list("pk", flat=True))
        if public != listed:
            problems.append(
                f"{predicate.__module__}.{predicate.__name__} vs {model.__name__}.objects."
                f"{method}(): predicate only {sorted(public - listed)}, "
                f"QuerySet only {sorted(listed - public)}"
            )
        if not 0 < len(public) < len(rows):
            problems.append(f"{predicate.__name__}: {len(public)} of {len(rows)} rows public")

    assert problems == []


@pytest.mark.django_db
def test_anonymous_visitors_see_only_what_is_public(demo):
    """The workspace rules give residents no more than the public outputs do."""
    anonymous = demo["anonymous"]

    assert set(Insats.objects.visible_to(anonymous)) == set(Insats.objects.published())
    assert set(Mote.objects.visible_to(anonymous)) == set(Mote.objects.public())
    assert set(Mote.objects.minutes_readable_by(anonymous)) == set(
        Mote.objects.with_published_minutes()
    )
    assert not Lagesbild.objects.visible_to(anonymous).exists()
    assert not Atgardsplan.objects.visible_to(anonymous).exists()
    assert not Insats.objects.editable_by(anonymous).exists()
