"""The URL × role matrix: who gets what from every named URL, written from the declared rules.

``EXPECTED`` maps each URL name to one or more ``Case``s: the method, the URL's arguments
taken from a small population (``build_population``) and the exact status each role gets.
It is written from the rules in the apps' ``rules.py`` and README, not recorded from what
the views answer: where the two differ, the test fails and one of them is wrong.

Statuses: 200 a page, 302 an action that redirects when done (or an empty form post),
``LOGIN`` the redirect to the login page, 403 a visible row with a forbidden action (the
Swedish "Åtkomst nekad" page), 404 a row outside the user's scope.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lagesbild.models import (
    EstAtgard,
    EstPlats,
    Handelsekategori,
    Handelserapport,
    Lagesbild,
    LagesbildDokument,
    Lofte,
    Medborgarloften,
    Tips,
    Tipsarende,
)
from organisation.models import Bilaga, Forummedlemskap
from organisation.roles import ADMINISTRATOR, ANALYTIKER, COORDINATOR_ROLE, TJANSTEPERSON
from tests.factories import (
    AktivitetFactory,
    ArsuppfoljningFactory,
    ArsuppfoljningsversionFactory,
    AtgardFactory,
    AtgardsplanFactory,
    BeslutFactory,
    FokusomradeFactory,
    ForumFactory,
    ForummedlemskapFactory,
    GruppmedlemskapFactory,
    IndikatorvardeFactory,
    InsatsFactory,
    LagesbildFactory,
    MoteFactory,
    OmradeFactory,
    ProblemFactory,
    SamverkansgruppFactory,
    SamverkansomradeFactory,
    UppfoljningFactory,
    UserFactory,
    approve,
)
from tests.organisation.files import build_pdf

ROLES = (
    "anonymous",
    "official_a",
    "official_b",
    "area_coordinator",
    "forum_coordinator",
    "analyst",
    "administrator",
)
LOGIN = "login"
ALLOWED = (200, 302)


def build_population() -> SimpleNamespace:
    """Two areas with a group each, insatser of every kind in A, two forums, lägesbilder."""
    p = SimpleNamespace()
    p.area_a = SamverkansomradeFactory(name="Område A", slug="omrade-a")
    p.group_a = SamverkansgruppFactory(samverkansomrade=p.area_a, name="Grupp A")
    p.area_b = SamverkansomradeFactory(name="Område B", slug="omrade-b")
    p.group_b = SamverkansgruppFactory(samverkansomrade=p.area_b, name="Grupp B")
    p.omrade = OmradeFactory(slug="hulta-test")
    p.fokus = FokusomradeFactory()
    in_a = {"samverkansomrade": p.area_a, "grupp": p.group_a}
    p.draft = InsatsFactory(**in_a, title="Utkast i A")
    p.published = InsatsFactory(
        **in_a, published=True, omraden=[p.omrade], fokusomraden=[p.fokus], title="Publik i A"
    )
    p.internal = InsatsFactory(**in_a, published=True, internal=True, title="Intern i A")
    p.uppfoljning = UppfoljningFactory(insats=p.published)
    UppfoljningFactory(insats=p.internal, is_public=False)
    p.aktivitet = AktivitetFactory(insats=p.published)

    p.public_forum = ForumFactory(name="Öppet forum", slug="oppet-forum")
    p.internal_forum = ForumFactory(name="Internt forum", slug="internt-forum", is_public=False)
    p.mote_published = MoteFactory(forum=p.public_forum, published=True)
    BeslutFactory(mote=p.mote_published)
    p.mote_unpublished = MoteFactory(forum=p.public_forum)
    p.mote_internal = MoteFactory(forum=p.internal_forum)
    p.bilaga_published = _attach(p.mote_published)
    p.bilaga_unpublished = _attach(p.mote_unpublished)

    p.lagesbild_a = LagesbildFactory(
        scope=Lagesbild.Scope.SAMVERKANSOMRADE, samverkansomrade=p.area_a, title="Läge i A"
    )
    ProblemFactory(lagesbild=p.lagesbild_a)
    approve(p.lagesbild_a, forum=p.public_forum)
    p.plan = AtgardsplanFactory(lagesbild=p.lagesbild_a)
    p.lagesbild_draft = LagesbildFactory(
        scope=Lagesbild.Scope.SAMVERKANSOMRADE, samverkansomrade=p.area_a, title="Utkast för A"
    )
    p.problem_draft = ProblemFactory(lagesbild=p.lagesbild_draft)
    p.dokument = LagesbildDokument.objects.create(
        lagesbild=p.lagesbild_a,
        title="Lägesbildsrapport",
        file=SimpleUploadedFile("rapport.pdf", build_pdf(["Läget i A"])),
        original_name="rapport.pdf",
        file_type="pdf",
        size=100,
    )
    p.lagesbild_public = LagesbildFactory(published=True, adopted_by=p.public_forum)
    p.plan_public = AtgardsplanFactory(
        lagesbild=p.lagesbild_public,
        status="antagen",
        adopted_by=p.area_a.coordinating_body,
        adopted_on=timezone.localdate(),
        published_at=timezone.now(),
    )
    p.indikator = IndikatorvardeFactory().indikator
    p.year = timezone.localdate().year
    p.version = ArsuppfoljningsversionFactory(
        arsuppfoljning=ArsuppfoljningFactory(year=p.year), number=1
    )

    # EST: a group nobody of the matrix belongs to; analysts and administrators read it.
    p.est_group = SamverkansgruppFactory(
        samverkansomrade=p.area_a, name="EST A", kind="est", is_public=False
    )
    p.est_group.omraden.add(p.omrade)
    p.est_report = Handelserapport.objects.create(
        grupp=p.est_group,
        omrade=p.omrade,
        occurred_on=timezone.localdate(),
        kategori=Handelsekategori.objects.get(slug="klotter"),
        organ=p.area_a.coordinating_body,
        reporter=UserFactory(username="est-rapportor-a"),
    )
    p.est_place_proposed = EstPlats.objects.create(
        omrade=p.omrade, name="Gångtunneln", status=EstPlats.Status.FORESLAGEN
    )
    p.est_atgard = EstAtgard.objects.create(
        grupp=p.est_group,
        iso_year=2026,
        iso_week=10,
        omrade=p.omrade,
        text="Fältarbete vid torget",
        owner=p.area_a.coordinating_body,
    )

    # Residents' tips: area A does not receive them, so of the matrix only administrators do.
    p.tips_case = Tipsarende.objects.create(omrade=p.omrade, kategori="annat", place_key="torget")
    p.tip = Tips.objects.create(
        arende=p.tips_case,
        omrade=p.omrade,
        place="Torget",
        kategori="annat",
        photo=SimpleUploadedFile("torget.png", _tiny_png()),
    )
    p.problem = p.lagesbild_a.problems.first()
    p.loften_public = Medborgarloften.objects.create(
        year=2026, omrade=p.omrade, title="Löften", published_at=timezone.now()
    )
    p.loften_draft = Medborgarloften.objects.create(year=2025, omrade=p.omrade, title="Utkast")
    # A target of the plan in area A and a draft promise, for setting their assessed status.
    p.atgard = AtgardFactory(
        atgardsplan=p.plan, problem=p.problem, insats=p.published, indikator=p.indikator, target=5
    )
    p.lofte = Lofte.objects.create(
        medborgarloften=p.loften_draft, promise="Fler vandringar", planned_output="minst 4"
    )

    p.users = {"anonymous": None}
    p.users["official_a"] = UserFactory(username="tjansteperson-a", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=p.users["official_a"], grupp=p.group_a)
    p.users["official_b"] = UserFactory(username="tjansteperson-b", roles=[TJANSTEPERSON])
    GruppmedlemskapFactory(user=p.users["official_b"], grupp=p.group_b)
    # Holds the role group Samordnare too, as the demo's samordnare does.
    p.users["area_coordinator"] = UserFactory(username="samordnare-a", roles=[COORDINATOR_ROLE])
    p.area_a.coordinators.add(p.users["area_coordinator"])
    p.users["forum_coordinator"] = UserFactory(username="forumsamordnare", roles=[TJANSTEPERSON])
    ForummedlemskapFactory(
        user=p.users["forum_coordinator"],
        forum=p.public_forum,
        role=Forummedlemskap.Role.FORUM_COORDINATOR,
    )
    p.users["analyst"] = UserFactory(username="analytiker", roles=[ANALYTIKER])
    p.users["administrator"] = UserFactory(username="administrator", roles=[ADMINISTRATOR])
    return p


def _tiny_png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2, 2)).save(out, format="PNG")
    return out.getvalue()


def _attach(mote) -> Bilaga:
    return Bilaga.objects.create(
        mote=mote,
        title="Presentation",
        file=SimpleUploadedFile("presentation.pdf", build_pdf(["Läget i området"])),
        original_name="presentation.pdf",
        file_type=Bilaga.Type.PDF,
        size=100,
    )


@dataclass(frozen=True)
class Case:
    statuses: dict
    kwargs: Callable = field(default=lambda p: {})
    method: str = "get"
    data: Callable = field(default=lambda p: {})
    label: str = ""


def expect(default, *, anonymous=LOGIN, **by_role) -> dict:
    """Every role gets ``default`` unless named; residents are sent to log in unless named."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    statuses = dict.fromkeys(ROLES, default) | {"anonymous": anonymous} | by_role
    return statuses


PUBLIC = expect(200, anonymous=200)


# Insatser (samverkan/rules.py): group members and the area's coordinator change, the area's
# coordinator publishes, analysts read everything, other officials read what is published.
def _change_published(status):
    """On a published public insats, which every official sees: 403 where they may not change it."""
    return expect(403, official_a=status, area_coordinator=status, administrator=status)


PUBLISH_PUBLISHED_INSATS = expect(403, area_coordinator=302, administrator=302)


# Meetings (organisation/rules.py): the forum's members keep its meetings, its coordinator
# publishes the minutes; other officials see a public forum's public meetings only.
def _keep_public_meeting(status):
    return expect(403, forum_coordinator=status, administrator=status)


KEEP_INTERNAL_MEETING = expect(404, administrator=200)

# Lägesbilder (lagesbild/rules.py): analysts, Brå and administrators edit; officials of the
# area read those of area A; others do not see them.
READ_LAGESBILD_A = expect(404, official_a=200, area_coordinator=200, analyst=200, administrator=200)


def _edit_lagesbild_a(status):
    return expect(404, official_a=403, area_coordinator=403, analyst=status, administrator=status)


EDIT_WITHOUT_OBJECT = expect(403, analyst=200, administrator=200)

# The annual report: the role group Samordnare, analysts and administrators.
INTERNAL_REPORT = expect(404, area_coordinator=200, analyst=200, administrator=200)


# Residents' tips (lagesbild/rules.py): the coordinators of a receiving area, the district's
# EST group and administrators; no role of the matrix but the administrator receives them.
READ_TIPS = expect(403, administrator=200)
HANDLE_TIPS_CASE = expect(404, administrator=200)
ACT_ON_TIPS_CASE = expect(404, administrator=302)


# EST (lagesbild/rules.py): the group's members, analysts and administrators read its picture;
# members and administrators keep its actions and priorities; the rest get 404.
READ_EST = expect(404, analyst=200, administrator=200)
KEEP_EST = expect(404, analyst=403, administrator=302)
# Reporting needs an EST membership, which no role of the matrix has.
REPORT_EST = expect(403)
# A report: its EST group's readers see it; only its reporter (in the same week) and
# administrators change it.
CHANGE_EST_REPORT = expect(404, analyst=403, administrator=200)
# Proposed places: the coordinator of the group's samverkansområde approves and merges them.
COORDINATE_EST = expect(404, area_coordinator=200, analyst=403, administrator=200)
PUBLISH_EST_FIGURES = expect(404, area_coordinator=200, analyst=200, administrator=200)
COORDINATE_EST_ACTION = expect(404, area_coordinator=302, analyst=403, administrator=302)


def _confirm_token(p):
    from lagesbild.utskick.prenumeration import confirm_token

    return confirm_token("invanare@example.org", p.omrade)


def _unsubscribe_token():
    from lagesbild.utskick.prenumeration import unsubscribe_token

    return unsubscribe_token("invanare@example.org")


def _est(p):
    return {"slug": p.est_group.slug}


def _est_action(p):
    return {"omrade": p.omrade.pk, "text": "Fältarbete kvällstid", "owner": p.est_atgard.owner_id}


def _insats(name):
    return lambda p: {"pk": getattr(p, name).pk}


def _mote(name):
    return lambda p: {"pk": getattr(p, name).pk}


def _year(p):
    return {"year": p.year}


def _upload(p):
    return {
        "title": "Presentation",
        "file": SimpleUploadedFile("bilaga.pdf", build_pdf(["Dagordning"])),
    }


EXPECTED = {
    # --- Public pages of samverkan --------------------------------------------------------
    "samverkan:start": Case(PUBLIC),
    "samverkan:organisation": Case(PUBLIC),
    "samverkan:samverkansomraden": Case(PUBLIC),
    "samverkan:samverkansomrade": Case(PUBLIC, lambda p: {"slug": p.area_a.slug}),
    "samverkan:insatser": Case(PUBLIC),
    "samverkan:insats_feed": Case(PUBLIC),
    "samverkan:insats": (
        Case(PUBLIC, lambda p: {"slug": p.published.slug}, label="publicerad"),
        Case(expect(404, anonymous=404), lambda p: {"slug": p.draft.slug}, label="utkast"),
    ),
    "samverkan:aktivitet": Case(PUBLIC, lambda p: {"pk": p.aktivitet.pk}),
    "samverkan:aktivitet_ics": Case(PUBLIC, lambda p: {"pk": p.aktivitet.pk}),
    "samverkan:omraden": Case(PUBLIC),
    "samverkan:omrade": Case(PUBLIC, lambda p: {"slug": p.omrade.slug}),
    "samverkan:omrade_feed": Case(PUBLIC, lambda p: {"slug": p.omrade.slug}),
    "samverkan:omrade_ics": Case(PUBLIC, lambda p: {"slug": p.omrade.slug}),
    "samverkan:overenskommelse": Case(PUBLIC, lambda p: {"slug": p.fokus.overenskommelse.slug}),
    "samverkan:fokusomrade": Case(PUBLIC, lambda p: {"slug": p.fokus.slug}),
    "samverkan:kalender": Case(PUBLIC),
    "samverkan:kalender_ics": Case(PUBLIC),
    "lagesbild:oppna_data": Case(PUBLIC),
    "samverkan:insatser_json": Case(PUBLIC),
    "samverkan:insatser_csv": Case(PUBLIC),
    "samverkan:aktiviteter_json": Case(PUBLIC),
    "samverkan:aktiviteter_csv": Case(PUBLIC),
    "samverkan:organisation_json": Case(PUBLIC),
    "samverkan:organisation_csv": Case(PUBLIC),
    "organisation:moten_json": Case(PUBLIC),
    "organisation:moten_csv": Case(PUBLIC),
    "organisation:beslut_json": Case(PUBLIC),
    "organisation:beslut_csv": Case(PUBLIC),
    # --- The insats workspace -------------------------------------------------------------
    "samverkan:arbetsyta": Case(expect(200)),
    "samverkan:insats_create": Case(
        expect(403, official_a=200, official_b=200, area_coordinator=200, administrator=200)
    ),
    "samverkan:arbetsyta_insats": (
        Case(expect(200), _insats("published"), label="publicerad"),
        Case(
            expect(404, official_a=200, area_coordinator=200, analyst=200, administrator=200),
            _insats("internal"),
            label="intern",
        ),
    ),
    "samverkan:insats_edit": (
        Case(_change_published(200), _insats("published"), label="publicerad"),
        Case(
            expect(404, official_a=200, area_coordinator=200, analyst=403, administrator=200),
            _insats("draft"),
            label="utkast",
        ),
    ),
    "samverkan:insats_publish": Case(
        expect(404, official_a=403, area_coordinator=302, analyst=403, administrator=302),
        _insats("draft"),
        method="post",
    ),
    "samverkan:insats_unpublish": Case(
        PUBLISH_PUBLISHED_INSATS, _insats("published"), method="post"
    ),
    "samverkan:insats_archive": Case(_change_published(302), _insats("published"), method="post"),
    "samverkan:uppfoljning_create": Case(_change_published(200), _insats("published")),
    "samverkan:aktivitet_create": Case(_change_published(200), _insats("published")),
    # A follow-up: its author and the insats's editors change and remove it (no author here).
    "samverkan:uppfoljning_edit": Case(
        _change_published(200),
        lambda p: {"pk": p.published.pk, "uppfoljning_pk": p.uppfoljning.pk},
    ),
    "samverkan:uppfoljning_delete": (
        Case(
            _change_published(200),
            lambda p: {"pk": p.published.pk, "uppfoljning_pk": p.uppfoljning.pk},
            label="bekräfta",
        ),
        Case(
            _change_published(302),
            lambda p: {"pk": p.published.pk, "uppfoljning_pk": p.uppfoljning.pk},
            method="post",
            label="ta bort",
        ),
    ),
    "samverkan:aktivitet_edit": Case(
        _change_published(200),
        lambda p: {"pk": p.published.pk, "aktivitet_pk": p.aktivitet.pk},
    ),
    "samverkan:aktivitet_cancel": Case(
        _change_published(302),
        lambda p: {"pk": p.published.pk, "aktivitet_pk": p.aktivitet.pk},
        method="post",
    ),
    "samverkan:insats_history": Case(_change_published(200), _insats("published")),
    "samverkan:insats_restore": Case(
        _change_published(302),
        lambda p: {"pk": p.published.pk, "history_id": p.published.history.last().history_id},
        method="post",
    ),
    # --- Public pages of organisation and meetings ----------------------------------------
    "organisation:forum": (
        Case(PUBLIC, lambda p: {"slug": p.public_forum.slug}, label="öppet"),
        Case(PUBLIC, lambda p: {"slug": p.internal_forum.slug}, label="internt"),
    ),
    "organisation:tillganglighet": Case(PUBLIC),
    "organisation:lattlast": Case(PUBLIC),
    "organisation:login": Case(PUBLIC),
    "organisation:logout": Case(expect(302), method="post"),
    # Any account may read whether it has a role (the page after a single sign-on without one).
    "organisation:ingen_roll": Case(expect(200)),
    # Single sign-on: not configured in this population, so there is no such page for anyone.
    "oidc:start": Case(expect(404, anonymous=404)),
    "oidc:callback": Case(expect(404, anonymous=404)),
    # Password reset (Django's views): open to everyone, logged in or not; an unknown
    # address answers as a known one does (302 to "check your e-mail").
    "organisation:password_reset": (
        Case(PUBLIC),
        Case(
            expect(302, anonymous=302),
            method="post",
            data=lambda p: {"email": "finns-inte@example.org"},
            label="okänd adress",
        ),
    ),
    "organisation:password_reset_done": Case(PUBLIC),
    "organisation:password_reset_confirm": Case(
        PUBLIC, lambda p: {"uidb64": "MQ", "token": "ogiltig-token"}, label="ogiltig länk"
    ),
    "organisation:password_reset_complete": Case(PUBLIC),
    "organisation:mote": (
        Case(
            PUBLIC,
            lambda p: {"slug": p.public_forum.slug, "pk": p.mote_published.pk},
            label="öppet",
        ),
        Case(
            expect(404, anonymous=404),
            lambda p: {"slug": p.internal_forum.slug, "pk": p.mote_internal.pk},
            label="internt",
        ),
    ),
    "organisation:forum_ics": Case(PUBLIC, lambda p: {"slug": p.public_forum.slug}),
    "organisation:moten_ics": Case(PUBLIC),
    "organisation:minutes_feed": Case(PUBLIC),
    "organisation:bilaga": (
        Case(PUBLIC, lambda p: {"pk": p.bilaga_published.pk}, label="publicerad"),
        Case(
            expect(404, anonymous=404, forum_coordinator=200, administrator=200),
            lambda p: {"pk": p.bilaga_unpublished.pk},
            label="opublicerad",
        ),
    ),
    # --- The forum workspace --------------------------------------------------------------
    "organisation:arbetsyta_forum": (
        Case(expect(200), lambda p: {"slug": p.public_forum.slug}, label="öppet"),
        Case(KEEP_INTERNAL_MEETING, lambda p: {"slug": p.internal_forum.slug}, label="internt"),
    ),
    "organisation:mote_create": (
        Case(_keep_public_meeting(200), lambda p: {"slug": p.public_forum.slug}, label="öppet"),
        Case(KEEP_INTERNAL_MEETING, lambda p: {"slug": p.internal_forum.slug}, label="internt"),
    ),
    "organisation:arbetsyta_mote": (
        Case(_keep_public_meeting(200), _mote("mote_unpublished"), label="öppet"),
        Case(KEEP_INTERNAL_MEETING, _mote("mote_internal"), label="internt"),
    ),
    "organisation:mote_edit": (
        Case(_keep_public_meeting(200), _mote("mote_unpublished"), label="öppet"),
        Case(KEEP_INTERNAL_MEETING, _mote("mote_internal"), label="internt"),
    ),
    "organisation:mote_minutes": Case(_keep_public_meeting(200), _mote("mote_unpublished")),
    "organisation:mote_publish": Case(
        _keep_public_meeting(302), _mote("mote_unpublished"), method="post"
    ),
    "organisation:mote_unpublish": Case(
        _keep_public_meeting(302), _mote("mote_published"), method="post"
    ),
    "organisation:bilaga_upload": Case(
        _keep_public_meeting(302), _mote("mote_unpublished"), method="post", data=_upload
    ),
    "organisation:bilaga_delete": (
        Case(
            _keep_public_meeting(200),
            lambda p: {"pk": p.bilaga_published.pk},
            label="fråga först",
        ),
        Case(
            _keep_public_meeting(302),
            lambda p: {"pk": p.bilaga_published.pk},
            method="post",
            label="publicerad",
        ),
        Case(
            expect(404, forum_coordinator=302, administrator=302),
            lambda p: {"pk": p.bilaga_unpublished.pk},
            method="post",
            label="opublicerad",
        ),
    ),
    "organisation:mote_history": Case(_keep_public_meeting(200), _mote("mote_unpublished")),
    "organisation:mote_restore": Case(
        _keep_public_meeting(302),
        lambda p: {
            "pk": p.mote_unpublished.pk,
            "history_id": p.mote_unpublished.history.last().history_id,
        },
        method="post",
    ),
    # --- Key figures and public lägesbilder -----------------------------------------------
    "lagesbild:nyckeltal": Case(PUBLIC),
    "lagesbild:oppna_data_katalog": Case(PUBLIC),
    "lagesbild:nyckeltal_json": Case(PUBLIC),
    "lagesbild:nyckeltal_csv": Case(PUBLIC),
    "lagesbild:omradesvarden_json": Case(PUBLIC),
    "lagesbild:omradesvarden_csv": Case(PUBLIC),
    "lagesbild:indikator": Case(PUBLIC, lambda p: {"code": p.indikator.code}),
    "lagesbild:public_list": Case(PUBLIC),
    "lagesbild:sok": Case(PUBLIC),
    "lagesbild:public_detail": (
        Case(PUBLIC, lambda p: {"slug": p.lagesbild_public.slug}, label="publicerad"),
        Case(
            expect(404, anonymous=404),
            lambda p: {"slug": p.lagesbild_a.slug},
            label="opublicerad",
        ),
    ),
    # --- Figures per område: analysts (CKS) and administrators import them ----------------
    "lagesbild:omradesvarden_import": Case(expect(403, analyst=200, administrator=200)),
    "lagesbild:public_plans": Case(PUBLIC),
    "lagesbild:medborgarloften_list": Case(PUBLIC),
    "lagesbild:medborgarloften": (
        Case(PUBLIC, lambda p: {"year": 2026, "slug": p.omrade.slug}, label="publicerade"),
        Case(
            expect(404, anonymous=404),
            lambda p: {"year": 2025, "slug": p.omrade.slug},
            label="utkast",
        ),
    ),
    "lagesbild:public_plan": (
        Case(PUBLIC, lambda p: {"pk": p.plan_public.pk}, label="publicerad"),
        Case(expect(404, anonymous=404), lambda p: {"pk": p.plan.pk}, label="opublicerad"),
    ),
    # --- The lägesbild workspace ----------------------------------------------------------
    "lagesbild:list": Case(expect(200)),
    "lagesbild:create": Case(EDIT_WITHOUT_OBJECT),
    "lagesbild:detail": Case(READ_LAGESBILD_A, lambda p: {"pk": p.lagesbild_a.pk}),
    "lagesbild:edit": Case(_edit_lagesbild_a(200), lambda p: {"pk": p.lagesbild_draft.pk}),
    "lagesbild:faststall": Case(_edit_lagesbild_a(200), lambda p: {"pk": p.lagesbild_draft.pk}),
    "lagesbild:new_version": Case(
        _edit_lagesbild_a(302), lambda p: {"pk": p.lagesbild_a.pk}, method="post"
    ),
    "lagesbild:problem_underlag": Case(
        _edit_lagesbild_a(200),
        lambda p: {"pk": p.lagesbild_draft.pk, "problem_pk": p.problem_draft.pk},
    ),
    "lagesbild:dokument_upload": Case(
        _edit_lagesbild_a(302), lambda p: {"pk": p.lagesbild_a.pk}, method="post", data=_upload
    ),
    "lagesbild:dokument": Case(READ_LAGESBILD_A, lambda p: {"pk": p.dokument.pk}),
    # The document belongs to a fastställd lägesbild: the editor is told it stays (302).
    "lagesbild:dokument_delete": Case(
        _edit_lagesbild_a(302), lambda p: {"pk": p.dokument.pk}, method="post"
    ),
    "lagesbild:positions": Case(_edit_lagesbild_a(200), lambda p: {"pk": p.lagesbild_a.pk}),
    "lagesbild:summary": Case(_edit_lagesbild_a(200), lambda p: {"pk": p.lagesbild_a.pk}),
    "lagesbild:publish": Case(
        _edit_lagesbild_a(302), lambda p: {"pk": p.lagesbild_a.pk}, method="post"
    ),
    # A kommun-wide lägesbild: read only by editors and the strategic forums' members.
    "lagesbild:unpublish": Case(
        expect(404, analyst=302, administrator=302),
        lambda p: {"pk": p.lagesbild_public.pk},
        method="post",
    ),
    "lagesbild:atgardsplaner": Case(expect(200)),
    "lagesbild:atgardsplan_create": Case(EDIT_WITHOUT_OBJECT),
    "lagesbild:atgardsplan": Case(READ_LAGESBILD_A, lambda p: {"pk": p.plan.pk}),
    "lagesbild:atgardsplan_edit": Case(_edit_lagesbild_a(200), lambda p: {"pk": p.plan.pk}),
    "lagesbild:atgardsplan_followup": Case(READ_LAGESBILD_A, lambda p: {"pk": p.plan.pk}),
    # The assessed status (lagesbild.assess_status): those who edit lägesbilder and plans.
    "lagesbild:atgard_status": (
        Case(_edit_lagesbild_a(200), lambda p: {"pk": p.plan.pk, "atgard_pk": p.atgard.pk}),
        Case(
            _edit_lagesbild_a(200),
            lambda p: {"pk": p.plan.pk, "atgard_pk": p.atgard.pk},
            method="post",
            label="tomt formulär",
        ),
    ),
    # The workspace tracker lists drafts: the internal report's readers and the assessors.
    "lagesbild:loften_arbetsyta": Case(
        expect(403, area_coordinator=200, analyst=200, administrator=200)
    ),
    "lagesbild:lofte_status": (
        Case(
            expect(404, area_coordinator=403, analyst=200, administrator=200),
            lambda p: {"pk": p.lofte.pk},
        ),
        Case(
            expect(404, area_coordinator=403, analyst=200, administrator=200),
            lambda p: {"pk": p.lofte.pk},
            method="post",
            label="tomt formulär",
        ),
    ),
    "lagesbild:atgardsplan_publish": Case(
        _edit_lagesbild_a(302), lambda p: {"pk": p.plan.pk}, method="post"
    ),
    # A plan of a kommun-wide lägesbild: read only by editors and the strategic forums' members.
    "lagesbild:atgardsplan_unpublish": Case(
        expect(404, analyst=302, administrator=302),
        lambda p: {"pk": p.plan_public.pk},
        method="post",
    ),
    # --- The annual report ----------------------------------------------------------------
    "lagesbild:rapporter": Case(PUBLIC),
    "lagesbild:rapport": Case(INTERNAL_REPORT, _year),
    "lagesbild:rapport_pdf": Case(INTERNAL_REPORT, _year),
    "lagesbild:rapport_public_pdf": Case(PUBLIC, _year),
    "lagesbild:rapport_submit": Case(INTERNAL_REPORT, _year),
    "lagesbild:rapport_text": Case(INTERNAL_REPORT, _year),
    "lagesbild:version_pdf": Case(INTERNAL_REPORT, lambda p: {"year": p.year, "number": 1}),
    "lagesbild:version_public_pdf": Case(PUBLIC, lambda p: {"year": p.year, "number": 1}),
    # --- EST: the weekly picture, weekly actions, quarterly prioritisation -----------------
    "lagesbild:est": Case(expect(200)),
    "lagesbild:est_grupp": Case(READ_EST, _est),
    "lagesbild:est_atgard_create": Case(KEEP_EST, _est, method="post", data=_est_action),
    "lagesbild:est_atgard_follow_up": Case(
        KEEP_EST,
        lambda p: {"slug": p.est_group.slug, "pk": p.est_atgard.pk},
        method="post",
        data=lambda p: {f"atgard-{p.est_atgard.pk}-status": "utford"},
    ),
    "lagesbild:est_rapportera": Case(REPORT_EST),
    "lagesbild:est_kvitto": Case(READ_EST, lambda p: {"pk": p.est_report.pk}),
    "lagesbild:est_andra": Case(CHANGE_EST_REPORT, lambda p: {"pk": p.est_report.pk}),
    "lagesbild:est_dra_tillbaka": Case(
        expect(404, analyst=403, administrator=302),
        lambda p: {"pk": p.est_report.pk},
        method="post",
    ),
    "lagesbild:est_platser": Case(COORDINATE_EST, _est),
    "lagesbild:est_godkann_plats": Case(
        COORDINATE_EST_ACTION,
        lambda p: {"slug": p.est_group.slug, "pk": p.est_place_proposed.pk},
        method="post",
    ),
    "lagesbild:est_sammanfor_plats": Case(
        COORDINATE_EST_ACTION,
        lambda p: {"slug": p.est_group.slug, "pk": p.est_place_proposed.pk},
        method="post",
    ),
    "lagesbild:est_import": Case(expect(404, analyst=403, administrator=200), _est),
    "lagesbild:est_export": Case(READ_EST, _est),
    # Publishing a quarter's counts: analysts, the group's area coordinator, administrators.
    "lagesbild:est_publicering": (
        Case(PUBLISH_EST_FIGURES, _est),
        Case(
            expect(404, area_coordinator=302, analyst=302, administrator=302),
            _est,
            method="post",
            data=lambda p: {"year": p.year - 1, "quarter": 1},
            label="publish",
        ),
    ),
    "lagesbild:tips": Case(PUBLIC),
    "lagesbild:tips_challenge": Case(PUBLIC),
    "lagesbild:tips_kvitto": Case(PUBLIC, lambda p: {"token": p.tip.status_token}),
    "lagesbild:tips_status": Case(PUBLIC, lambda p: {"token": p.tip.status_token}),
    "lagesbild:tips_inbox": Case(READ_TIPS),
    # --- E-mail: the official's reminder setting, residents following an område ----------
    "lagesbild:paminnelser": Case(expect(200)),
    "lagesbild:prenumerera": Case(PUBLIC, lambda p: {"slug": p.omrade.slug}),
    "lagesbild:bekrafta_prenumeration": Case(
        PUBLIC,
        lambda p: {"token": _confirm_token(p)},
    ),
    "lagesbild:avprenumerera": Case(PUBLIC, lambda p: {"token": _unsubscribe_token()}),
    "lagesbild:tips_arende": Case(HANDLE_TIPS_CASE, lambda p: {"pk": p.tips_case.pk}),
    "lagesbild:tips_est": Case(
        ACT_ON_TIPS_CASE,
        lambda p: {"pk": p.tips_case.pk},
        method="post",
        data=lambda p: {"grupp": p.est_group.pk},
    ),
    "lagesbild:tips_underlag": Case(
        ACT_ON_TIPS_CASE,
        lambda p: {"pk": p.tips_case.pk},
        method="post",
        data=lambda p: {"problem": p.problem.pk},
    ),
    "lagesbild:tips_bild": Case(HANDLE_TIPS_CASE, lambda p: {"pk": p.tip.pk}),
    "lagesbild:est_prioriteringar": (
        Case(READ_EST, _est),
        Case(
            KEEP_EST,
            _est,
            method="post",
            data=lambda p: {"year": p.year, "quarter": 1, "omrade": p.omrade.pk, "reason": "Många"},
            label="add",
        ),
    ),
}


def cases(name) -> tuple:
    entry = EXPECTED[name]
    return entry if isinstance(entry, tuple) else (entry,)


def case(name, label="") -> Case:
    return next(c for c in cases(name) if c.label == label)
