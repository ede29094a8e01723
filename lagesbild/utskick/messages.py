"""The digests themselves: subject, plain text and HTML from templates, in Swedish.

Officials with the same items get the same digest but for the greeting, so a digest is
rendered once per set of items, with a marker where the name goes, and each recipient's
copy puts the name in (escaped in the HTML part, as the template would). The marker holds
NUL characters, which no text from the database can contain (PostgreSQL refuses them).
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from lagesbild.utskick.items import SECTIONS, absolute, section_titles
from lagesbild.utskick.mime import Letter

NAME = "\x00name\x00"
# Rendered digests kept per run; past this many distinct sets, render each anew.
MAX_KEPT = 2000


class DigestWriter:
    def __init__(self):
        self._rendered: dict[tuple[str, ...], tuple[str, str, str]] = {}
        self._settings_url = None

    def letter(self, user, items) -> Letter:
        shape = tuple(item.key for item in items)
        rendered = self._rendered.get(shape)
        if rendered is None:
            rendered = self._render(items)
            if len(self._rendered) < MAX_KEPT:
                self._rendered[shape] = rendered
        subject, text, html = rendered
        name = user.get_full_name() or user.username
        return Letter(
            to=user.email,
            subject=subject,
            text=text.replace(NAME, name),
            html=html.replace(NAME, escape(name)),
            attachments=tuple(
                (item.ics_name, item.ics, "text/calendar") for item in items if item.ics
            ),
        )

    def _render(self, items) -> tuple[str, str, str]:
        with translation.override("sv"):
            if self._settings_url is None:
                self._settings_url = absolute(reverse("lagesbild:paminnelser"))
            titles = section_titles()
            sections = [
                (titles[name], [item for item in items if item.section == name])
                for name in SECTIONS
            ]
            context = {
                "name": NAME,
                "sections": [(title, rows) for title, rows in sections if rows],
                "reasons": _reasons(items),
                "settings_url": self._settings_url,
                "site_url": settings.SITE_URL,
            }
            subject = _("Säker och trygg kommun: %(count)s things to follow up") % {
                "count": len(items)
            }
            return (
                subject,
                render_to_string("lagesbild/utskick/digest.txt", context),
                render_to_string("lagesbild/utskick/digest.html", context),
            )


def _reasons(items) -> list[str]:
    """Why the recipient gets each kind of item: the footer's explanation."""
    reasons = {
        "uppfoljning": _("you edit interventions of your groups or areas"),
        "slutdatum": _("you edit interventions of your groups or areas"),
        "mote": _("you are a member of the forum"),
        "beslut": _("the decision is assigned to your organisation"),
        "anteckningar": _("you are the forum's coordinator"),
        "utkast": _("you coordinate the collaboration area"),
        "lagesbild": _("you keep the situational picture as an analyst or member of Brå"),
        "problem": _("you keep the situational picture as an analyst or member of Brå"),
        "est": _("you are a member of the EST group"),
        "tips": _("you receive residents' tips"),
    }
    seen = []
    for item in items:
        reason = reasons[item.section]
        if reason not in seen:
            seen.append(reason)
    return seen
