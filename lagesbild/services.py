"""Workflows of the lagesbild app.

Lägesbilder and åtgärdsplaner (fastställande, versions, publishing, follow-up) and the
annual report to Kommunstyrelsen (who may read it, submitting a version).
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild.est_citation import count_est_figures
from lagesbild.models import (
    Arsbedomning,
    Arsuppfoljning,
    Arsuppfoljningsversion,
    Atgardsplan,
    FrozenError,
    Lagesbild,
    Problem,
    Stallningstagande,
)
from lagesbild.rapport import ReportData, Submission, build_report_data, checksum_of
from organisation.models import Forum, Mote
from organisation.personnummer import refuse_personnummer

# Priorities are unique per lägesbild; while a formset reorders them, the rows being moved
# step aside above the highest priority a form accepts (999), so no swap ever collides.
_PRIORITY_PARKING = 1000


def _require_editor(user):
    if not user.has_perm("lagesbild.edit_lagesbilder"):
        raise PermissionDenied


def _refuse_if_frozen(lagesbild: Lagesbild):
    if (
        lagesbild.pk
        and Lagesbild.objects.filter(pk=lagesbild.pk, status=Lagesbild.Status.FASTSTALLD).exists()
    ):
        raise FrozenError(Lagesbild.frozen_message(), code="frozen")


# ---------------------------------------------------------------------------
# Lägesbild


def save_lagesbild(*, form, formset, user) -> Lagesbild:
    """Save a draft lägesbild and its problems as one change; a fastställd one is refused."""
    _require_editor(user)
    _refuse_if_frozen(form.instance)
    with transaction.atomic():
        lagesbild = form.save(commit=False)
        if lagesbild.pk is None:
            lagesbild.created_by = user
        lagesbild.save()
        formset.instance = lagesbild
        _park_moving_priorities(formset)
        formset.save()
    return lagesbild


def _park_moving_priorities(formset):
    moving = [
        form.instance.pk
        for form in formset.initial_forms
        if form.instance.pk and (form in formset.deleted_forms or "priority" in form.changed_data)
    ]
    if moving:
        Problem.objects.filter(pk__in=moving).update(priority=F("priority") + _PRIORITY_PARKING)


def faststall_lagesbild(
    *,
    lagesbild: Lagesbild,
    forum: Forum,
    on: date,
    user,
    mote: Mote | None = None,
    paragraph: str = "",
    diarienummer: str = "",
) -> Lagesbild:
    """Record that a forum fastställt the lägesbild on a date; from now on it is frozen."""
    _require_editor(user)
    _refuse_if_frozen(lagesbild)
    if on > timezone.localdate():
        raise ValidationError(
            {"on": _("A situational picture cannot be approved on a future date.")},
            code="future",
        )
    if not lagesbild.problems.exists():
        raise ValidationError(
            _("Add at least one prioritised problem before the picture is approved."),
            code="no_problems",
        )
    with transaction.atomic():
        if lagesbild.est_grupp_id is not None:
            # The figures the forum decided on, frozen with the rest of the lägesbild.
            lagesbild.est_figures = count_est_figures(
                grupp=lagesbild.est_grupp, start=lagesbild.est_from, end=lagesbild.est_to
            )
        lagesbild.status = Lagesbild.Status.FASTSTALLD
        lagesbild.adopted_by = forum
        lagesbild.adopted_on = on
        lagesbild.adopted_at_meeting = mote
        lagesbild.adopted_paragraph = paragraph
        lagesbild.adopted_diarienummer = diarienummer
        lagesbild._change_reason = "fastställd"
        lagesbild.full_clean()
        lagesbild.save()
    return lagesbild


def create_new_version(*, lagesbild: Lagesbild, user) -> Lagesbild:
    """A draft copy of a fastställd lägesbild, problems included, linked to its predecessor.

    Versions form a line: a version that already has a successor answers with that
    successor instead of branching.
    """
    _require_editor(user)
    return copy_as_new_version(lagesbild=lagesbild, created_by=user)


def copy_as_new_version(*, lagesbild: Lagesbild, created_by=None) -> Lagesbild:
    """The copy itself, for callers that have already decided who may make it (demo data)."""
    if lagesbild.status != Lagesbild.Status.FASTSTALLD:
        raise ValidationError(
            _("Only an approved situational picture gets a new version; edit the draft."),
            code="not_approved",
        )
    existing = Lagesbild.objects.filter(previous_version=lagesbild).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        copy = Lagesbild(
            title=lagesbild.title,
            scope=lagesbild.scope,
            samverkansomrade_id=lagesbild.samverkansomrade_id,
            omrade_id=lagesbild.omrade_id,
            fokusomrade_id=lagesbild.fokusomrade_id,
            period_start=lagesbild.period_start,
            period_end=lagesbild.period_end,
            kartlaggning=lagesbild.kartlaggning,
            ovrig_information=lagesbild.ovrig_information,
            analys=lagesbild.analys,
            sources=lagesbild.sources,
            est_grupp=lagesbild.est_grupp,
            est_from=lagesbild.est_from,
            est_to=lagesbild.est_to,
            author_body_id=lagesbild.author_body_id,
            author_forum_id=lagesbild.author_forum_id,
            public_summary=lagesbild.public_summary,
            series=lagesbild.series,
            version=lagesbild.version + 1,
            previous_version=lagesbild,
            created_by=created_by,
        )
        copy._change_reason = f"ny version av version {lagesbild.version}"
        copy.save()
        problems = (
            lagesbild.problems.select_related("stallningstagande")
            .prefetch_related("omraden", "underlag")
            .order_by("priority")
        )
        for problem in problems:
            new = Problem.objects.create(
                lagesbild=copy,
                key=problem.key,
                title=problem.title,
                description=problem.description,
                place=problem.place,
                time_pattern=problem.time_pattern,
                owner_id=problem.owner_id,
                priority=problem.priority,
                is_public=problem.is_public,
                orsaksanalys=problem.orsaksanalys,
            )
            new.omraden.set(problem.omraden.all())
            for underlag in problem.underlag.all():
                underlag.pk, underlag.problem = None, new
                # A cited document stays with the version it was attached to, which is
                # fastställd and keeps it; the copy cites it there.
                underlag._state.adding = True
                underlag.save()
            _carry_position(problem, new)
    return copy


def _carry_position(problem: Problem, new: Problem) -> None:
    """The previous version's position, carried to the same problem in the new version."""
    position = getattr(problem, "stallningstagande", None)
    if position is None:
        return
    carried = Stallningstagande(
        problem=new,
        kind=position.kind,
        reason=position.reason,
        other_actor_id=position.other_actor_id,
        other_actor_name=position.other_actor_name,
        decided_on=position.decided_on,
        recorded_by_id=position.recorded_by_id,
        carried_from=position,
    )
    carried.full_clean()
    carried._change_reason = f"från version {problem.lagesbild.version}"
    carried.save()


def update_summary(*, lagesbild: Lagesbild, text: str, user) -> Lagesbild:
    """Change the public summary; while it is published the change is public at once."""
    _require_editor(user)
    if lagesbild.is_summary_published:
        if not text.strip():
            raise ValidationError(
                {"public_summary": _("A published summary cannot be emptied; unpublish it first.")},
                code="empty",
            )
        refuse_personnummer({"public_summary": (_("Public summary"), text)})
    lagesbild.public_summary = text
    lagesbild._change_reason = "sammanfattning ändrad"
    lagesbild.save(update_fields=["public_summary", "updated_at"])
    return lagesbild


def publish_summary(*, lagesbild: Lagesbild, user) -> Lagesbild:
    """Publish the summary of a fastställd lägesbild after checking every public text."""
    _require_editor(user)
    if lagesbild.status != Lagesbild.Status.FASTSTALLD:
        raise ValidationError(
            _("Only the summary of an approved situational picture can be published."),
            code="not_approved",
        )
    if not lagesbild.public_summary.strip():
        raise ValidationError(
            _("Write the public summary before publishing it."), code="empty_summary"
        )
    refuse_personnummer(lagesbild.summary_text_fields())
    for problem in lagesbild.problems.filter(is_public=True):
        try:
            refuse_personnummer({"title": (_("Title"), problem.title)})
        except ValidationError as exc:
            raise ValidationError(
                _("Public problem “%(title)s”: %(details)s")
                % {"title": problem.title, "details": " ".join(exc.messages)},
                code="personnummer",
            ) from exc
    lagesbild.summary_published_at = timezone.now()
    lagesbild._change_reason = "sammanfattning publicerad"
    lagesbild.save(update_fields=["summary_published_at", "updated_at"])
    return lagesbild


def unpublish_summary(*, lagesbild: Lagesbild, user) -> Lagesbild:
    _require_editor(user)
    lagesbild.summary_published_at = None
    lagesbild._change_reason = "sammanfattning avpublicerad"
    lagesbild.save(update_fields=["summary_published_at", "updated_at"])
    return lagesbild


# ---------------------------------------------------------------------------
# Comparison


@dataclass(frozen=True)
class PriorityChange:
    title: str
    old_title: str
    old_priority: int
    new_priority: int

    @property
    def raised(self) -> bool:
        return self.new_priority < self.old_priority


@dataclass
class Comparison:
    older: Lagesbild
    newer: Lagesbild
    added: list[Problem] = field(default_factory=list)
    removed: list[Problem] = field(default_factory=list)
    moved: list[PriorityChange] = field(default_factory=list)
    unchanged: list[Problem] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.moved)


def compare_problems(
    *, older: Lagesbild, newer: Lagesbild, older_problems=None, newer_problems=None
) -> Comparison:
    """Problems added, removed and moved in priority from one lägesbild to the next.

    Problems are matched by their key, which a new version carries over, and then by their
    normalised title, which is what matches two lägesbilder written a year apart.
    """
    old = list(older.problems.all() if older_problems is None else older_problems)
    new = list(newer.problems.all() if newer_problems is None else newer_problems)
    result = Comparison(older=older, newer=newer)
    pairs: list[tuple[Problem, Problem]] = []
    unmatched_old = {p.pk or id(p): p for p in old}
    unmatched_new = []
    by_key = {p.key: p for p in old if p.key}
    for problem in new:
        match = by_key.get(problem.key) if problem.key else None
        if match is not None and (match.pk or id(match)) in unmatched_old:
            pairs.append((match, problem))
            del unmatched_old[match.pk or id(match)]
        else:
            unmatched_new.append(problem)
    by_title = {p.match_title: p for p in unmatched_old.values()}
    for problem in unmatched_new:
        match = by_title.pop(problem.match_title, None)
        if match is not None:
            pairs.append((match, problem))
            del unmatched_old[match.pk or id(match)]
        else:
            result.added.append(problem)
    result.removed = sorted(unmatched_old.values(), key=lambda p: p.priority)
    result.added.sort(key=lambda p: p.priority)
    for before, after in sorted(pairs, key=lambda pair: pair[1].priority):
        if before.priority != after.priority:
            result.moved.append(
                PriorityChange(
                    title=after.title,
                    old_title=before.title,
                    old_priority=before.priority,
                    new_priority=after.priority,
                )
            )
        else:
            result.unchanged.append(after)
    return result


def comparisons_for(lagesbild: Lagesbild) -> list[tuple[str, Comparison]]:
    """The comparisons the workspace shows: with the previous version and the previous period."""
    found = []
    if lagesbild.previous_version_id:
        older = lagesbild.previous_version
        found.append(
            (
                _("Compared with version %(version)s") % {"version": older.version},
                compare_problems(older=older, newer=lagesbild),
            )
        )
    previous = Lagesbild.objects.previous_of(lagesbild)
    if previous is not None:
        found.append(
            (
                _("Compared with the previous approved picture, %(title)s")
                % {"title": str(previous)},
                compare_problems(older=previous, newer=lagesbild),
            )
        )
    return found


# ---------------------------------------------------------------------------
# Åtgärdsplan


def save_atgardsplan(*, form, formset=None, user) -> Atgardsplan:
    """Save the plan and its measures; a problem given its first measure gets the position
    "interventions are planned", so it no longer counts as unanswered."""
    _require_editor(user)
    with transaction.atomic():
        plan = form.save()
        if formset is not None:
            formset.instance = plan
            formset.save()
            record_planned_positions(plan=plan, user=user)
    return plan


def publish_plan(*, plan: Atgardsplan, user) -> Atgardsplan:
    """Publish an adopted plan after the guard has read everything residents will read."""
    _require_editor(user)
    if plan.status != Atgardsplan.Status.ANTAGEN:
        raise ValidationError(
            _("Only an adopted action plan can be published."), code="not_adopted"
        )
    plan.published_at = timezone.now()
    try:
        # The guard reads the plan as it would stand published; a refusal keeps it internal.
        refuse_personnummer(plan.public_text())
    except ValidationError:
        plan.published_at = None
        raise
    plan._change_reason = "åtgärdsplan publicerad"
    plan.save(update_fields=["published_at", "updated_at"])
    return plan


def unpublish_plan(*, plan: Atgardsplan, user) -> Atgardsplan:
    _require_editor(user)
    plan.published_at = None
    plan._change_reason = "åtgärdsplan avpublicerad"
    plan.save(update_fields=["published_at", "updated_at"])
    return plan


def record_planned_positions(*, plan: Atgardsplan, user=None) -> int:
    answered = plan.atgarder.values("problem_id")
    missing = Problem.objects.filter(pk__in=answered, stallningstagande__isnull=True)
    created = [
        Stallningstagande(problem=problem, kind=Stallningstagande.Kind.INSATSER, recorded_by=user)
        for problem in missing
    ]
    for position in created:
        position._change_reason = "insatser i åtgärdsplan"
        position.save()
    return len(created)


def save_positions(*, lagesbild: Lagesbild, forms, user) -> None:
    """Record the positions of a fastställd lägesbild's problems as one change.

    A form left without a position removes the one the problem had.
    """
    _require_editor(user)
    if lagesbild.status != Lagesbild.Status.FASTSTALLD:
        raise ValidationError(
            _("A position is taken on the problems of an approved situational picture."),
            code="not_approved",
        )
    with transaction.atomic():
        for form in forms:
            if form.has_position:
                if not form.has_changed() and form.instance.pk:
                    continue
                position = form.save(commit=False)
                position.recorded_by = user
                position.save()
            elif form.instance.pk:
                form.instance.delete()


# --- The annual report ----------------------------------------------------------------


@dataclass(frozen=True)
class SubmissionStatus:
    """How the current data compares with the latest submitted version of a year."""

    latest: Arsuppfoljningsversion | None
    current_checksum: str

    @property
    def submitted(self) -> bool:
        return self.latest is not None

    @property
    def matches(self) -> bool:
        return self.latest is not None and self.latest.checksum == self.current_checksum


def submission_status(*, report: ReportData) -> SubmissionStatus:
    if report.public:
        raise ValueError("Only the internal edition is compared with submitted versions.")
    latest = (
        Arsuppfoljningsversion.objects.without_files()
        .filter(arsuppfoljning__year=report.year)
        .select_related("arsuppfoljning")
        .order_by("-number")
        .first()
    )
    return SubmissionStatus(latest=latest, current_checksum=report.checksum())


def unchanged_message(number: int) -> str:
    return _(
        "The data has not changed since version %(number)s was submitted; "
        "there is nothing new to submit."
    ) % {"number": number}


def submit_report(*, year: int, user, note: str = "") -> Arsuppfoljningsversion:
    """Store the report of a year as it is now: both editions' PDF bytes and the checksum.

    The year's row is locked while the version is made, so two submissions at once get
    consecutive numbers. Submitting data identical to the latest version is refused.
    """
    from lagesbild.pdf import render_report_pdf  # imported here: WeasyPrint is slow to import

    if not user.has_perm("lagesbild.submit_report"):
        raise PermissionDenied
    with transaction.atomic():
        report, _created = Arsuppfoljning.objects.get_or_create(year=year)
        report = Arsuppfoljning.objects.select_for_update().get(pk=report.pk)
        latest = report.versions.without_files().order_by("-number").first()
        now = timezone.now()
        # The analyst's text goes out with this version: it is no longer a draft, and the
        # public edition prints it. The mark is part of this transaction, so a refused
        # submission leaves it a draft.
        Arsbedomning.objects.filter(year=year, submitted_at__isnull=True).update(submitted_at=now)
        internal = build_report_data(year=year, public=False, now=now)
        public = build_report_data(year=year, public=True, now=now)
        data_json = internal.canonical_json()
        checksum = checksum_of(data_json)
        if latest is not None and latest.checksum == checksum:
            raise ValidationError(unchanged_message(latest.number), code="unchanged")
        number = latest.number + 1 if latest else 1
        name = user.get_full_name() or user.get_username()
        submission = Submission(number=number, submitted_at=now, submitted_by=name, note=note)
        internal.submission = submission
        public.submission = submission
        return Arsuppfoljningsversion.objects.create(
            arsuppfoljning=report,
            number=number,
            submitted_at=now,
            submitted_by=user,
            submitted_by_name=name,
            note=note,
            checksum=checksum,
            data_json=data_json,
            public_checksum=public.checksum(),
            pdf=render_report_pdf(internal, archival=True),
            public_pdf=render_report_pdf(public, archival=True),
        )
