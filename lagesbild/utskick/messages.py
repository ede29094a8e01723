"""The e-mails themselves: subject, plain text and HTML from templates, in Swedish."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lagesbild.utskick.items import SECTIONS, absolute, section_titles


def digest_message(user, items) -> EmailMultiAlternatives:
    with translation.override("sv"):
        titles = section_titles()
        sections = [
            (titles[name], [item for item in items if item.section == name]) for name in SECTIONS
        ]
        context = {
            "user": user,
            "sections": [(title, rows) for title, rows in sections if rows],
            "reasons": _reasons(items),
            "settings_url": absolute(reverse("lagesbild:paminnelser")),
            "site_url": settings.SITE_URL,
        }
        subject = _("Säker och trygg kommun: %(count)s things to follow up") % {"count": len(items)}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("lagesbild/utskick/digest.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.attach_alternative(
            render_to_string("lagesbild/utskick/digest.html", context), "text/html"
        )
    for item in items:
        if item.ics:
            message.attach(item.ics_name, item.ics, "text/calendar")
    return message


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
