"""What an official's digest holds: the candidates of a run, and each official's share.

The candidates (overdue insatser, coming meetings, overdue decisions…) are read once per
run, whoever receives them, so the number of queries does not grow with the number of
recipients. Which of them an official gets is asked of the access rules, row by row
(``rules.has_perm``) after a narrowing to what is *theirs* (their groups, areas, forums,
organisation): an administrator may edit every insats but is not chased for all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import NamedTuple

import rules
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from lagesbild import rules as lagesbild_rules
from lagesbild.est_picture import Week, weekly_picture
from lagesbild.models import Atgardsplan, Lagesbild, Problem, Tipsarende
from organisation import rules as organisation_rules
from organisation.models import Beslut, Mote
from organisation.views import meetings_ical
from samverkan import rules as samverkan_rules
from samverkan.models import Insats, Samverkansgrupp

# The sections of a digest, in the order they are shown.
SECTIONS = [
    "uppfoljning",
    "slutdatum",
    "mote",
    "beslut",
    "anteckningar",
    "utkast",
    "lagesbild",
    "problem",
    "est",
    "tips",
]


def section_titles() -> dict[str, str]:
    return {
        "uppfoljning": _("Interventions without a recent follow-up"),
        "slutdatum": _("Interventions past their planned end"),
        "mote": _("Meetings in the coming days"),
        "beslut": _("Decisions for your organisation that are overdue"),
        "anteckningar": _("Held meetings whose minutes are unpublished"),
        "utkast": _("Drafts waiting to be published"),
        "lagesbild": _("Situational pictures and action plans to update"),
        "problem": _("Prioritised problems with no position"),
        "est": _("The EST week"),
        "tips": _("Tips waiting for triage"),
    }


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _date(value) -> str:
    return formats.date_format(value, "j F Y")


@dataclass
class Item:
    key: str
    section: str
    title: str
    detail: str
    url: str
    ics: bytes | None = None
    ics_name: str = ""


class EstWeek(NamedTuple):
    """Last week's picture of an EST group, as the digest tells it."""

    grupp: Samverkansgrupp
    week: Week
    totals: list[tuple[str, int]]  # (district, reports)

    @property
    def pk(self) -> int:
        return self.grupp.pk


@dataclass
class Candidates:
    """Everything due on ``today``, read once per run."""

    today: date
    now: datetime
    followup: list = field(default_factory=list)
    past_end: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    minutes: list = field(default_factory=list)
    lagesbilder: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    est: list = field(default_factory=list)
    tips: list = field(default_factory=list)
    # Rows indexed by whose they are, so each official's share is found without a scan.
    by_group: dict = field(default_factory=dict)
    by_area: dict = field(default_factory=dict)
    by_forum: dict = field(default_factory=dict)
    by_organ: dict = field(default_factory=dict)
    _items: dict = field(default_factory=dict)

    @classmethod
    def load(cls, *, today: date | None = None, now: datetime | None = None) -> "Candidates":
        now = now or timezone.now()
        today = today or timezone.localdate(now)
        with translation.override("sv"):
            return cls(today=today, now=now)._read()

    def _read(self) -> "Candidates":
        active = Insats.objects.active()
        self.followup = list(
            active.followup_overdue(today=self.today, after_days=settings.REMINDER_FOLLOWUP_DAYS)
        )
        self.past_end = list(
            active.filter(
                status__in=[Insats.Status.PLANERAD, Insats.Status.PAGAENDE],
                end_date__lt=self.today,
            )
        )
        self.drafts = list(active.filter(publication=Insats.Publication.DRAFT))
        until = self.now + timedelta(days=settings.REMINDER_MEETING_DAYS)
        self.meetings = list(
            Mote.objects.filter(
                status=Mote.Status.PLANNED, starts_at__gte=self.now, starts_at__lt=until
            )
            .select_related("forum")
            .order_by("starts_at")
        )
        self.decisions = list(
            Beslut.objects.overdue(today=self.today)
            .filter(responsible__isnull=False)
            .select_related("mote__forum")
            .order_by("due_date", "pk")
        )
        self.minutes = list(
            Mote.objects.filter(
                status=Mote.Status.HELD,
                minutes_published_at__isnull=True,
                starts_at__lt=self.now - timedelta(days=settings.REMINDER_MINUTES_DAYS),
            )
            .select_related("forum")
            .order_by("starts_at")
        )
        cutoff = self.today - timedelta(days=settings.REMINDER_LAGESBILD_DAYS)
        # The current version of each picture: fastställd, and no fastställd later version.
        self.lagesbilder = list(
            Lagesbild.objects.filter(status=Lagesbild.Status.FASTSTALLD, adopted_on__lt=cutoff)
            .exclude(next_version__status=Lagesbild.Status.FASTSTALLD)
            .select_related("samverkansomrade", "omrade", "fokusomrade")
        )
        plans = Atgardsplan.objects.filter(status=Atgardsplan.Status.ANTAGEN).order_by(
            "lagesbild_id", "-adopted_on"
        )
        newest = {}
        for plan in plans.select_related("lagesbild"):
            newest.setdefault(plan.lagesbild_id, plan)
        self.plans = [plan for plan in newest.values() if plan.adopted_on < cutoff]
        self.problems = list(Problem.objects.unanswered().select_related("lagesbild"))
        self.tips = list(
            Tipsarende.objects.filter(status=Tipsarende.Status.NY).select_related("omrade")
        )
        self._read_est()
        self._index()
        return self

    def _read_est(self) -> None:
        """Last week's picture of each EST group, counted as the EST page counts it."""
        week = Week.of(self.today).shift(-1)
        for grupp in Samverkansgrupp.objects.est().order_by("pk"):
            picture = weekly_picture(grupp, week)
            totals = [(d.omrade.name, d.total.count) for d in picture.districts]
            self.est.append(EstWeek(grupp, week, totals))

    def _index(self) -> None:
        def put(index, key, kind, row):
            index.setdefault(key, {}).setdefault(kind, []).append(row)

        for kind in ("followup", "past_end", "drafts"):
            for insats in getattr(self, kind):
                if insats.grupp_id:
                    put(self.by_group, insats.grupp_id, kind, insats)
                put(self.by_area, insats.samverkansomrade_id, kind, insats)
        for kind in ("meetings", "minutes"):
            for mote in getattr(self, kind):
                put(self.by_forum, mote.forum_id, kind, mote)
        for beslut in self.decisions:
            put(self.by_organ, beslut.responsible_id, "decisions", beslut)
        self._ics = {
            mote.pk: meetings_ical(
                [mote], name=str(mote), host=settings.SITE_URL.split("//")[-1], absolute=absolute
            )
            for mote in self.meetings
        }

    # --- The items, built once per row whoever receives them ----------------------------

    def item(self, kind: str, row) -> Item:
        """The digest item of a candidate row; the same object for every recipient."""
        memo_key = (kind, row.pk)
        item = self._items.get(memo_key)
        if item is None:
            with translation.override("sv"):
                item = self._items[memo_key] = BUILDERS[kind](self, row)
        return item

    def current_keys(self) -> set[str]:
        """The key of every item that is due now, for whomever: what pruning must keep."""
        return {self.item(kind, row).key for kind in BUILDERS for row in getattr(self, kind)}

    # --- One official's share ---------------------------------------------------------

    def items_for(self, user) -> list[Item]:
        with translation.override("sv"):
            return self._items_for(user)

    def _items_for(self, user) -> list[Item]:
        items: list[Item] = []
        group_ids = samverkan_rules.group_ids(user)
        area_ids = samverkan_rules.coordinated_area_ids(user)
        mine = _unique(
            [row for g in group_ids for row in self.by_group.get(g, {}).get(kind, [])]
            + [row for a in area_ids for row in self.by_area.get(a, {}).get(kind, [])]
            for kind in ("followup", "past_end")
        )
        for kind in ("followup", "past_end"):
            for insats in mine[kind]:
                if _may(user, "samverkan.change_insats", insats):
                    items.append(self.item(kind, insats))
        for area_id in sorted(area_ids):
            for insats in self.by_area.get(area_id, {}).get("drafts", []):
                if samverkan_rules.is_area_coordinator(user, insats) and _may(
                    user, "samverkan.publish_insats", insats
                ):
                    items.append(self.item("drafts", insats))
        forum_roles = organisation_rules.forum_roles(user)
        for forum_id in sorted(forum_roles):
            for mote in self.by_forum.get(forum_id, {}).get("meetings", []):
                if _may(user, "organisation.view_mote", mote):
                    items.append(self.item("meetings", mote))
            for mote in self.by_forum.get(forum_id, {}).get("minutes", []):
                if organisation_rules.is_forum_coordinator(user, mote.forum) and _may(
                    user, "organisation.publish_minutes", mote
                ):
                    items.append(self.item("minutes", mote))
        organ_id = _organ_id(user)
        for beslut in self.by_organ.get(organ_id, {}).get("decisions", []) if organ_id else []:
            if _may(user, "organisation.view_beslut", beslut):
                items.append(self.item("decisions", beslut))
        items += self._analyst_items(user)
        for row in self.est:
            if lagesbild_rules.is_est_member(user, row.grupp) and _may(
                user, "lagesbild.view_est_group", row.grupp
            ):
                items.append(self.item("est", row))
        if lagesbild_rules.receives_all_tips(user) or lagesbild_rules.receives_district_tips(user):
            for arende in self.tips:
                if (
                    lagesbild_rules.receives_all_tips(user)
                    or lagesbild_rules.receives_tips_of_district(user, arende)
                ) and _may(user, "lagesbild.view_tipsarende", arende):
                    items.append(self.item("tips", arende))
        return items

    def _analyst_items(self, user) -> list[Item]:
        """For analysts and Brå, who keep the lägesbild and the plan up to date."""
        if not (organisation_rules.is_analyst(user) or lagesbild_rules.is_bra_member(user)):
            return []
        items = [
            self.item("lagesbilder", lagesbild)
            for lagesbild in self.lagesbilder
            if _may(user, "lagesbild.change_lagesbild", lagesbild)
        ]
        items += [
            self.item("plans", plan)
            for plan in self.plans
            if _may(user, "lagesbild.change_atgardsplan", plan)
        ]
        items += [
            self.item("problems", problem)
            for problem in self.problems
            if _may(user, "lagesbild.change_stallningstagande", problem.lagesbild)
        ]
        return items


def _may(user, perm: str, obj) -> bool:
    """The rule itself (``rules.has_perm``), without Django's ModelBackend and its queries."""
    return rules.has_perm(perm, user, obj)


def _organ_id(user) -> int | None:
    try:
        return user.organtillhorighet.organ_id
    except user.__class__.organtillhorighet.RelatedObjectDoesNotExist:
        return None


def _unique(lists_per_kind) -> dict[str, list]:
    out = {}
    for kind, rows in zip(("followup", "past_end"), lists_per_kind, strict=True):
        seen, unique = set(), []
        for row in rows:
            if row.pk not in seen:
                seen.add(row.pk)
                unique.append(row)
        out[kind] = unique
    return out


# --- Each kind's item, from its row (Candidates.item keeps one per row) -------------------

# Candidates' attribute → the function that makes its item. ``Candidates.current_keys`` goes
# over all of them. An item's key is stored with what was sent (``Paminnelsepost``): a
# changed key sends every such item again, so keep the keys as they are.
BUILDERS: dict[str, Callable] = {}


def builds(kind: str):
    """Declares the decorated function as the maker of ``kind``'s items."""

    def register(function):
        BUILDERS[kind] = function
        return function

    return register


@builds("followup")
def _followup(candidates, insats) -> Item:
    latest = insats.latest_followup
    return Item(
        key=f"uppfoljning:{insats.pk}:{latest or 'ingen'}",
        section="uppfoljning",
        title=insats.title,
        detail=_("Latest follow-up %(date)s.") % {"date": _date(latest)}
        if latest
        else _("No follow-up yet."),
        url=absolute(reverse("samverkan:uppfoljning_create", args=[insats.pk])),
    )


@builds("past_end")
def _past_end(candidates, insats) -> Item:
    return Item(
        key=f"slutdatum:{insats.pk}:{insats.end_date}",
        section="slutdatum",
        title=insats.title,
        detail=_("Planned to end %(date)s.") % {"date": _date(insats.end_date)},
        url=absolute(reverse("samverkan:insats_edit", args=[insats.pk])),
    )


@builds("drafts")
def _draft(candidates, insats) -> Item:
    return Item(
        key=f"utkast:{insats.pk}",
        section="utkast",
        title=insats.title,
        detail=_("Draft since %(date)s.") % {"date": _date(timezone.localdate(insats.created_at))},
        url=absolute(reverse("samverkan:arbetsyta_insats", args=[insats.pk])),
    )


@builds("meetings")
def _meeting(candidates, mote) -> Item:
    when = formats.date_format(timezone.localtime(mote.starts_at), "j F Y H:i")
    return Item(
        key=f"mote:{mote.pk}:{mote.starts_at.isoformat()}",
        section="mote",
        title=str(mote),
        detail=f"{when}, {mote.place}" if mote.place else when,
        url=absolute(mote.get_workspace_url()),
        ics=candidates._ics[mote.pk],
        ics_name=f"mote-{mote.pk}.ics",
    )


@builds("minutes")
def _minutes(candidates, mote) -> Item:
    return Item(
        key=f"anteckningar:{mote.pk}",
        section="anteckningar",
        title=str(mote),
        detail=_("Held %(date)s; the minutes are not published.")
        % {"date": _date(timezone.localdate(mote.starts_at))},
        url=absolute(reverse("organisation:mote_minutes", args=[mote.pk])),
    )


@builds("decisions")
def _decision(candidates, beslut) -> Item:
    return Item(
        key=f"beslut:{beslut.pk}:{beslut.due_date}",
        section="beslut",
        title=str(beslut),
        detail=_("To be done by %(date)s (%(meeting)s).")
        % {"date": _date(beslut.due_date), "meeting": beslut.mote},
        url=absolute(beslut.mote.get_workspace_url()),
    )


@builds("lagesbilder")
def _lagesbild(candidates, lagesbild) -> Item:
    return Item(
        key=f"lagesbild:{lagesbild.pk}:{lagesbild.adopted_on}",
        section="lagesbild",
        title=lagesbild.title,
        detail=_("Approved %(date)s.") % {"date": _date(lagesbild.adopted_on)},
        url=absolute(reverse("lagesbild:detail", args=[lagesbild.pk])),
    )


@builds("plans")
def _plan(candidates, plan) -> Item:
    return Item(
        key=f"atgardsplan:{plan.pk}:{plan.adopted_on}",
        section="lagesbild",
        title=plan.title,
        detail=_("Adopted %(date)s.") % {"date": _date(plan.adopted_on)},
        url=absolute(reverse("lagesbild:atgardsplan", args=[plan.pk])),
    )


@builds("problems")
def _problem(candidates, problem) -> Item:
    return Item(
        key=f"problem:{problem.pk}",
        section="problem",
        title=str(problem),
        detail=problem.lagesbild.title,
        url=absolute(reverse("lagesbild:positions", args=[problem.lagesbild_id])),
    )


@builds("est")
def _est(candidates, row: EstWeek) -> Item:
    counts = ", ".join(f"{name} {count}" for name, count in row.totals)
    return Item(
        key=f"est:{row.grupp.pk}:{row.week.param}",
        section="est",
        title=f"{row.grupp.name}, {row.week}",
        detail=_("Reported incidents: %(counts)s.") % {"counts": counts or "0"},
        url=absolute(
            reverse("lagesbild:est_grupp", kwargs={"slug": row.grupp.slug})
            + f"?vecka={row.week.param}"
        ),
    )


@builds("tips")
def _tip(candidates, arende) -> Item:
    return Item(
        key=f"tips:{arende.pk}",
        section="tips",
        title=f"{arende.get_kategori_display()}, {arende.omrade.name}",
        detail=_("First tip %(date)s.") % {"date": _date(timezone.localdate(arende.first_tip_at))},
        url=absolute(reverse("lagesbild:tips_arende", args=[arende.pk])),
    )
