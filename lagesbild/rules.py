"""The access layer for lägesbilder, åtgärdsplaner and the annual report.

Each rule is a predicate registered as a permission; beside it is the filter that lists
the same rows (``Lagesbild.objects.visible_to(user)``). Tests check that both agree.

Residents read only a published summary of a fastställd lägesbild and the titles of its
problems marked public (``lagesbild_is_public``, ``problem_is_public``).
"""

import rules
from django.conf import settings
from django.db.models import Q

from organisation import roles
from organisation.rules import (
    EVERY_ROW,
    NO_ROW,
    has_coordinator_role,
    is_administrator,
    is_analyst,
    is_member_of_forum_slug,
    sits_in_strategic_forum,
    through,
)
from samverkan.rules import coordinated_area_ids, est_group_ids, group_area_ids, group_ids

# Brå is responsible for the problem picture (its task list says so); its members edit
# lägesbilder together with the analysts. The slug is the one every structure file uses.
BRA_FORUM_SLUG = "bra"


@rules.predicate
def is_bra_member(user) -> bool:
    return is_member_of_forum_slug(user, BRA_FORUM_SLUG)


# Analysts, members of Brå and administrators write lägesbilder and åtgärdsplaner.
can_edit_lagesbilder = rules.is_authenticated & (is_administrator | is_analyst | is_bra_member)


def edits_lagesbilder(user) -> bool:
    return can_edit_lagesbilder.test(user)


def _work_area_ids(user) -> frozenset[int]:
    """Samverkansområden where the user has a group or which they coordinate."""
    return group_area_ids(user) | coordinated_area_ids(user)


def _work_district_ids(user) -> frozenset[int]:
    """Områden where the user's groups, or the areas they coordinate, run insatser."""

    def compute():
        from samverkan.models import Insats

        return frozenset(
            Insats.omraden.through.objects.filter(
                Q(insats__grupp_id__in=group_ids(user))
                | Q(insats__samverkansomrade_id__in=coordinated_area_ids(user))
            ).values_list("omrade_id", flat=True)
        )

    return roles.cached(user, "work_district_ids", compute)


# --- What residents may see -----------------------------------------------------------

PUBLISHED_LAGESBILD = Q(status="faststalld", summary_published_at__isnull=False) & ~Q(
    public_summary=""
)


def lagesbild_is_public(lagesbild) -> bool:
    """The summary (and only the summary) is public."""
    return (
        lagesbild.status == "faststalld"
        and lagesbild.summary_published_at is not None
        and lagesbild.public_summary != ""
    )


def problem_is_public(problem) -> bool:
    """The problem's title is shown with the published summary."""
    return problem.is_public and lagesbild_is_public(problem.lagesbild)


# An åtgärdsplan is internal until it is adopted and published. Then residents read its
# title, period and decision, the titles of the lägesbild's public problems, the public
# insatser answering them and the measures' indicators and targets; nothing else of it.
PUBLISHED_PLAN = Q(status="antagen", published_at__isnull=False)


def plan_is_public(plan) -> bool:
    return plan.status == "antagen" and plan.published_at is not None


# Medborgarlöften are internal until published; then residents read the promises, their
# planned and achieved output, outcome indicator and assessed status.
PUBLISHED_LOFTEN = Q(published_at__isnull=False)


def medborgarloften_is_public(loften) -> bool:
    return loften.published_at is not None


# --- Lägesbilder ----------------------------------------------------------------------


@rules.predicate
def works_in_scope(user, lagesbild) -> bool:
    """Officials read the lägesbilder of where they work."""
    if lagesbild is None:
        return False
    if lagesbild.scope == "samverkansomrade":
        return lagesbild.samverkansomrade_id in _work_area_ids(user)
    if lagesbild.scope == "omrade":
        return lagesbild.omrade_id in _work_district_ids(user)
    # The whole kommun and a focus area of the police agreement are strategic matters.
    return sits_in_strategic_forum(user)


can_view_lagesbild = can_edit_lagesbilder | (rules.is_authenticated & works_in_scope)


def visible_lagesbilder_q(user) -> Q:
    """Lägesbilder whose internal parts the user may read in the workspace."""
    if not user.is_authenticated:
        return NO_ROW
    if edits_lagesbilder(user):
        return EVERY_ROW
    scope = Q(scope="samverkansomrade", samverkansomrade_id__in=_work_area_ids(user))
    scope |= Q(scope="omrade", omrade_id__in=_work_district_ids(user))
    if sits_in_strategic_forum(user):
        scope |= Q(scope__in=["kommun", "fokusomrade"])
    return scope


def editable_q(user) -> Q:
    return EVERY_ROW if edits_lagesbilder(user) else NO_ROW


rules.add_perm("lagesbild.view_lagesbild", can_view_lagesbild)
# The kommun's position on each prioritised problem: read with the lägesbild, recorded by
# those who write lägesbilder, once the lägesbild is fastställd (the model refuses drafts).
rules.add_perm("lagesbild.change_stallningstagande", can_edit_lagesbilder)
rules.add_perm("lagesbild.change_lagesbild", can_edit_lagesbilder)
# Without an object: may this user write lägesbilder at all (the workspace's buttons).
rules.add_perm("lagesbild.edit_lagesbilder", can_edit_lagesbilder)


# --- Åtgärdsplaner --------------------------------------------------------------------


@rules.predicate
def may_read_plans_lagesbild(user, plan) -> bool:
    return plan is not None and can_view_lagesbild.test(user, plan.lagesbild)


def visible_plans_q(user) -> Q:
    """Plans are internal: readable by those who may read their lägesbild."""
    if not user.is_authenticated:
        return NO_ROW
    from lagesbild.models import Lagesbild

    return Q(lagesbild__in=Lagesbild.objects.filter(visible_lagesbilder_q(user)).values("pk"))


rules.add_perm("lagesbild.view_atgardsplan", rules.is_authenticated & may_read_plans_lagesbild)
rules.add_perm("lagesbild.change_atgardsplan", can_edit_lagesbilder)
rules.add_perm("lagesbild.publish_atgardsplan", can_edit_lagesbilder)

# The assessed status of an åtgärdsplan's targets and of medborgarlöften (uppfyllt, delvis,
# ej uppfyllt, kan inte bedömas, with a reason) is the judgement the annual report prints:
# set by those who write lägesbilder and åtgärdsplaner.
can_assess_status = can_edit_lagesbilder
rules.add_perm("lagesbild.assess_status", can_assess_status)


# --- The annual report ----------------------------------------------------------------

# The internal edition shows drafts and internal insatser of every area, so it is for the
# roles that prepare the report for Kommunstyrelsen, not for every official.
can_read_internal_report = is_administrator | has_coordinator_role | is_analyst

rules.add_perm("lagesbild.view_internal_report", can_read_internal_report)
rules.add_perm("lagesbild.submit_report", can_read_internal_report)
# The analyst's assessment and proposal for decision are written by the same roles.
rules.add_perm("lagesbild.write_report_text", can_read_internal_report)
# The workspace's medborgarlöften tracker lists drafts too, as the internal edition does:
# those who prepare the report read it, those who assess statuses work in it.
can_read_loften_workspace = can_read_internal_report | can_edit_lagesbilder
rules.add_perm("lagesbild.view_loften_workspace", can_read_loften_workspace)
# A submitted version's public edition is a public document: anyone may download it.
rules.add_perm("lagesbild.view_submitted_public_report", rules.always_allow)


# --- EST: incident reports per place and week -----------------------------------------
# A partner's field staff belong to an EST group and report for their organisation. They
# read their own groups' weekly picture and nothing else of the workspace that other
# memberships do not give them: EST groups count for no insats and no lägesbild scope.


@rules.predicate
def is_est_member(user, grupp) -> bool:
    return grupp is not None and grupp.pk in est_group_ids(user)


@rules.predicate
def reports_in_an_est_group(user) -> bool:
    return bool(est_group_ids(user))


@rules.predicate
def coordinates_est_group(user, grupp) -> bool:
    """The coordinator of the group's samverkansområde approves and merges its places."""
    return grupp is not None and grupp.samverkansomrade_id in coordinated_area_ids(user)


# The weekly picture, the reports behind it, the weekly actions and prioritisations.
can_read_est_group = rules.is_authenticated & (is_administrator | is_analyst | is_est_member)
# Weekly actions and quarterly prioritisations are the group's own work.
can_keep_est_group = is_administrator | is_est_member
can_coordinate_est_group = is_administrator | coordinates_est_group


@rules.predicate
def is_own_report_this_week(user, report) -> bool:
    """A reporter corrects or withdraws their own report during the week it was made."""
    from django.utils import timezone

    from lagesbild.models import iso_week_of

    return (
        report is not None
        and report.reporter_id == user.pk
        and report.withdrawn_at is None
        and iso_week_of(timezone.localtime(report.created_at).date())
        == iso_week_of(timezone.localdate())
    )


def readable_est_groups_q(user) -> Q:
    if not user.is_authenticated:
        return NO_ROW
    if roles.is_administrator(user) or roles.has_role(user, roles.ANALYTIKER):
        return Q(kind="est")
    return Q(kind="est", pk__in=est_group_ids(user))


def coordinated_est_groups_q(user) -> Q:
    """EST groups whose places the user keeps: readers who coordinate, and the coordinator of
    the group's samverkansområde even without being a member."""
    if not user.is_authenticated:
        return NO_ROW
    return readable_est_groups_q(user) | Q(
        kind="est", samverkansomrade_id__in=coordinated_area_ids(user)
    )


def readable_est_reports_q(user) -> Q:
    if not user.is_authenticated:
        return NO_ROW
    if roles.is_administrator(user) or roles.has_role(user, roles.ANALYTIKER):
        return EVERY_ROW
    return Q(grupp_id__in=est_group_ids(user))


rules.add_perm("lagesbild.view_est_group", can_read_est_group)
rules.add_perm("lagesbild.keep_est_group", can_keep_est_group)
rules.add_perm("lagesbild.coordinate_est_group", can_coordinate_est_group)
# Without an object: may this user report at all (the workspace's link and the form).
rules.add_perm("lagesbild.report_est", reports_in_an_est_group)
rules.add_perm("lagesbild.view_handelserapport", through("grupp", can_read_est_group))
rules.add_perm(
    "lagesbild.change_handelserapport",
    is_administrator | (through("grupp", is_est_member) & is_own_report_this_week),
)


# --- Key figures per område and safety surveys -----------------------------------------
# Every figure is public data except a survey result from too few respondents: a share of
# twelve answers can point at the people who gave them and says little about the område.
# A survey result without a count of respondents cannot be shown to be large enough.


# Fewer respondents than this and a share says more about who happened to answer than about
# the område: such results never reach a page, a chart or a table residents can read.
MIN_PUBLIC_RESPONDENTS = 30

PUBLIC_OMRADESVARDE = Q(matning__isnull=True, respondents__isnull=True) | Q(
    respondents__gte=MIN_PUBLIC_RESPONDENTS
)


def omradesvarde_is_public(varde) -> bool:
    if varde.respondents is None:
        return varde.matning_id is None
    return varde.respondents >= MIN_PUBLIC_RESPONDENTS


# Analysts (CKS) keep the figures; administrators may do everything.
can_import_omradesvarden = rules.is_authenticated & (is_administrator | is_analyst)
rules.add_perm("lagesbild.import_omradesvarden", can_import_omradesvarden)


# --- EST counts as public figures -------------------------------------------------------
# EST reports never become public. Their counts per område, category and quarter may, for a
# quarter that an analyst, the group's area coordinator or an administrator has decided to
# publish (EstKvartalsbeslut, with who and when). Only such aggregates reach a public page.

can_publish_est_figures = rules.is_authenticated & (
    is_administrator | is_analyst | coordinates_est_group
)
rules.add_perm("lagesbild.publish_est_figures", can_publish_est_figures)


def est_count_is_public(count: int) -> bool:
    """Whether a public output may print this EST count as a number (EST_PUBLIC_MIN_COUNT)."""
    return count == 0 or count >= settings.EST_PUBLIC_MIN_COUNT


def public_est_counts_q(decisions) -> Q:
    """The current reports that a public count may include: those of decided quarters."""
    q = NO_ROW
    for decision in decisions:
        start, end = decision.period
        q |= Q(grupp_id=decision.grupp_id, occurred_on__range=(start, end))
    return q


# --- Residents' tips about unsafe places ----------------------------------------------
# The structure file names who receives tips: the coordinators of the samverkansområden
# marked ``receives_tips`` read every tip (in Borås, Trygga miljöer); an EST group's members
# read the tips about the districts the group reports on. Administrators read all. Nobody
# else, analysts included: a tip may hold what a resident wrote about their own street.


def tips_receiving_area_ids(user) -> frozenset[int]:
    """The coordinated samverkansområden that receive every tip."""

    def compute():
        from samverkan.models import Samverkansomrade

        return frozenset(
            Samverkansomrade.objects.filter(
                pk__in=coordinated_area_ids(user), receives_tips=True
            ).values_list("pk", flat=True)
        )

    return roles.cached(user, "tips_receiving_area_ids", compute)


def est_district_ids(user) -> frozenset[int]:
    """The districts the user's EST groups report on."""

    def compute():
        from samverkan.models import Samverkansgrupp

        return frozenset(
            Samverkansgrupp.omraden.through.objects.filter(
                samverkansgrupp_id__in=est_group_ids(user)
            ).values_list("omrade_id", flat=True)
        )

    return roles.cached(user, "est_district_ids", compute)


@rules.predicate
def receives_all_tips(user) -> bool:
    return bool(tips_receiving_area_ids(user))


@rules.predicate
def receives_district_tips(user) -> bool:
    return bool(est_district_ids(user))


@rules.predicate
def receives_tips_of_district(user, arende) -> bool:
    return arende is not None and arende.omrade_id in est_district_ids(user)


# Without an object: the inbox and the workspace's link.
can_read_tips_inbox = rules.is_authenticated & (
    is_administrator | receives_all_tips | receives_district_tips
)
can_handle_tipsarende = rules.is_authenticated & (
    is_administrator | receives_all_tips | receives_tips_of_district
)


def readable_tips_cases_q(user) -> Q:
    if not user.is_authenticated:
        return NO_ROW
    if roles.is_administrator(user) or tips_receiving_area_ids(user):
        return EVERY_ROW
    return Q(omrade_id__in=est_district_ids(user))


rules.add_perm("lagesbild.read_tips", can_read_tips_inbox)
rules.add_perm("lagesbild.view_tipsarende", can_handle_tipsarende)
rules.add_perm("lagesbild.change_tipsarende", can_handle_tipsarende)
rules.add_perm("lagesbild.view_tips", through("arende", can_handle_tipsarende))
