"""How old the evidence of a lägesbild is, for the confirmation asked at fastställande.

A forum may fastställa a lägesbild before its period has ended, or on evidence older than
two years, but it should do so knowingly: the form then asks for an explicit confirmation.
"""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

EVIDENCE_MAX_AGE_YEARS = 2


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _shown(day: date) -> str:
    return formats.date_format(day, "j F Y")


def faststall_warnings(lagesbild, on: date) -> list[str]:
    """What the forum should know before it fastställer the lägesbild on ``on``."""
    warnings = []
    if lagesbild.period_end and on < lagesbild.period_end:
        warnings.append(
            _(
                "The period of the situational picture has not ended: it runs until "
                "%(date)s. Later events in the period are not in the picture."
            )
            % {"date": _shown(lagesbild.period_end)}
        )
    cutoff = _years_before(on, EVIDENCE_MAX_AGE_YEARS)
    for label, newest in evidence_dates(lagesbild):
        if newest < cutoff:
            warnings.append(
                _("The evidence “%(evidence)s” is older than two years (up to %(date)s).")
                % {"evidence": label, "date": _shown(newest)}
            )
    return warnings


def evidence_dates(lagesbild) -> list[tuple[str, date]]:
    """Each piece of evidence the lägesbild rests on, with the newest date it covers."""
    found = []
    if lagesbild.period_end:
        found.append((str(_("the period of the situational picture")), lagesbild.period_end))
    if lagesbild.est_grupp_id and lagesbild.est_to:
        found.append(
            (_("EST reports of %(group)s") % {"group": lagesbild.est_grupp.name}, lagesbild.est_to)
        )
    if lagesbild.pk:
        found.extend(_problem_evidence_dates(lagesbild))
    return found


def _problem_evidence_dates(lagesbild) -> list[tuple[str, date]]:
    from django.db.models import Max, OuterRef, Subquery
    from django.utils import timezone

    from lagesbild.models import Indikatorvarde, Underlag

    newest_year = Subquery(
        Indikatorvarde.objects.filter(indikator=OuterRef("indikator"), value__isnull=False)
        .values("indikator")
        .annotate(year=Max("year"))
        .values("year")[:1]
    )
    cited = (
        Underlag.objects.filter(problem__lagesbild=lagesbild)
        .select_related("indikator", "est_grupp", "dokument", "problem")
        .annotate(newest_year=newest_year)
        .order_by("problem__priority", "pk")
    )
    found = []
    for underlag in cited:
        if underlag.kind == Underlag.Kind.INDIKATOR:
            if underlag.newest_year is None:
                continue
            label, newest = underlag.indikator.name, date(underlag.newest_year, 12, 31)
        elif underlag.kind == Underlag.Kind.EST:
            label = _("EST reports of %(group)s") % {"group": underlag.est_grupp.name}
            newest = underlag.est_to
        else:
            label = underlag.dokument.title
            newest = timezone.localtime(underlag.dokument.uploaded_at).date()
        found.append((f"{underlag.problem.title}: {label}", newest))
    return found
