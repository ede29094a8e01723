"""Activities as iCalendar: one activity's file, the calendar and an area's calendar.

Each event says what a resident needs before going, as the activity's page does: who
organises it (ORGANIZER, with a role's mailbox, never a person's), whether and how to sign
up, and the meeting place's accessibility (in DESCRIPTION).
"""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

# What an event reads besides the activity itself; every activity list for a calendar
# selects these, so the number of queries does not grow with the events.
ACTIVITY_RELATIONS = [
    "insats__grupp",
    "insats__responsible",
    "omrade",
    "organiser_grupp",
    "organiser_organ",
]

# A calendar file holds the coming 90 days, at most 500 events: a calendar program reads
# it again every few hours, so later events arrive in time, and the file stays small enough
# to build on every request (icalendar costs about half a millisecond per event).
CALENDAR_DAYS = 90
CALENDAR_MAX_EVENTS = 500


def coming_window(aktiviteter):
    """The activities of a calendar file: those that start within ``CALENDAR_DAYS``, the
    first ``CALENDAR_MAX_EVENTS`` of them in the QuerySet's order."""
    until = timezone.now() + timedelta(days=CALENDAR_DAYS)
    return aktiviteter.filter(starts_at__lt=until)[:CALENDAR_MAX_EVENTS]


def practical_lines(aktivitet) -> list[str]:
    """Organiser, contact, sign-up and accessibility, one line each, as residents read them."""
    lines = [_("Organiser: %(name)s") % {"name": aktivitet.organiser_name}]
    if aktivitet.public_contact_email:
        lines.append(_("Contact: %(address)s") % {"address": aktivitet.public_contact_email})
    if aktivitet.signup == aktivitet.Anmalan.REQUIRED:
        line = _("Sign-up required: %(how)s") % {"how": aktivitet.signup_how}
        if aktivitet.signup_by:
            by = formats.date_format(aktivitet.signup_by, "j F Y")
            line += " " + _("(by %(date)s)") % {"date": by}
        lines.append(line)
    else:
        lines.append(_("No sign-up, just come."))
    step_free = {
        aktivitet.Steglost.YES: _("Step-free access: yes."),
        aktivitet.Steglost.NO: _("Step-free access: no."),
    }.get(aktivitet.step_free)
    accessibility = " ".join(part for part in [step_free, aktivitet.accessibility] if part)
    if accessibility:
        lines.append(_("Accessibility: %(text)s") % {"text": accessibility})
    return lines


def _event(request, aktivitet) -> Event:
    event = Event()
    event.add("uid", f"aktivitet-{aktivitet.pk}@{request.get_host()}")
    event.add("summary", aktivitet.title)
    event.add("dtstart", aktivitet.starts_at)
    event.add("dtend", aktivitet.ends_at or aktivitet.starts_at + timedelta(hours=1))
    event.add("dtstamp", aktivitet.updated_at)
    location = aktivitet.meeting_point
    if aktivitet.omrade:
        location = f"{location}, {aktivitet.omrade.name}"
    event.add("location", location)
    parts = [aktivitet.insats.title, aktivitet.description, "\n".join(practical_lines(aktivitet))]
    event.add("description", "\n\n".join(part.strip() for part in parts if part.strip()))
    event.add("url", request.build_absolute_uri(aktivitet.get_absolute_url()))
    event.add("status", "CANCELLED" if aktivitet.cancelled else "CONFIRMED")
    if aktivitet.public_contact_email:
        organizer = vCalAddress(f"mailto:{aktivitet.public_contact_email}")
        organizer.params["cn"] = vText(aktivitet.organiser_name)
        event.add("organizer", organizer)
    return event


def activities_calendar(request, aktiviteter, filename: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Säker och trygg kommun//aktiviteter//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Säker och trygg kommun – aktiviteter")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for aktivitet in aktiviteter:
        calendar.add_component(_event(request, aktivitet))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
