"""The roles of the portal. They are Django groups; object rights come from membership."""

from django.utils.translation import gettext_lazy as _

TJANSTEPERSON = "Tjänsteperson"
SAMORDNARE = "Samordnare"
ANALYTIKER = "Analytiker"
ADMINISTRATOR = "Administratör"

ROLES = {
    TJANSTEPERSON: _(
        "Edits the insatser, meetings and follow-ups of the forums and groups they belong to."
    ),
    SAMORDNARE: _(
        "Publishes insatser within their collaboration area and keeps the forum's meetings "
        "and minutes."
    ),
    ANALYTIKER: _(
        "Works with situational pictures, the action plan, key figures and the annual report."
    ),
    ADMINISTRATOR: _(
        "Manages accounts, roles and the organisation in the administration interface."
    ),
}


def has_role(user, role: str) -> bool:
    return user.is_authenticated and user.groups.filter(name=role).exists()


def is_administrator(user) -> bool:
    """Superusers and members of the Administratör group may do everything."""
    return user.is_authenticated and (user.is_superuser or has_role(user, ADMINISTRATOR))
