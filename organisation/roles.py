"""The portal's roles and what a user is, looked up once per request.

Roles are Django groups. The word "samordnare" means three different things in the
programme, and each has its own name in the code:

- the role group *Samordnare* (``COORDINATOR_ROLE``): prepares the annual report;
- an *area coordinator* (``Samverkansomrade.coordinators``): publishes the insatser of
  one samverkansområde (``samverkan.rules.is_area_coordinator``);
- a *forum coordinator* (``Forummedlemskap.Role.FORUM_COORDINATOR``): publishes one
  forum's minutes (``organisation.rules.is_forum_coordinator``).

Who may do what with which row is declared in each app's ``rules.py``.
"""

from django.utils.translation import gettext_lazy as _

TJANSTEPERSON = "Tjänsteperson"
COORDINATOR_ROLE = "Samordnare"
ANALYTIKER = "Analytiker"
ADMINISTRATOR = "Administratör"

ROLES = {
    TJANSTEPERSON: _(
        "Edits the insatser, meetings and follow-ups of the forums and groups they belong to."
    ),
    COORDINATOR_ROLE: _(
        "Reads and submits the annual follow-up report. Publishing insatser is for the "
        "collaboration area's coordinators, publishing minutes for the forum's coordinators."
    ),
    ANALYTIKER: _(
        "Works with situational pictures, the action plan, key figures and the annual report."
    ),
    ADMINISTRATOR: _(
        "Manages accounts, roles and the organisation in the administration interface."
    ),
}

_CACHE_ATTRIBUTE = "_access_cache"


def cached(user, key: str, compute):
    """``compute()`` once per user object, i.e. once per request for ``request.user``.

    Memberships do not change during a request, and a page asks the same question for
    every row it lists.
    """
    store = user.__dict__.setdefault(_CACHE_ATTRIBUTE, {})
    if key not in store:
        store[key] = compute()
    return store[key]


def prime(user, facts: dict) -> None:
    """Store facts about a user looked up for many users at once (the reminders' batches),
    under the keys ``cached`` would compute them into. The rules read them as usual."""
    user.__dict__.setdefault(_CACHE_ATTRIBUTE, {}).update(facts)


def forget(user) -> None:
    """Drop what was looked up about a user, after their memberships changed."""
    user.__dict__.pop(_CACHE_ATTRIBUTE, None)


def role_names(user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    return cached(user, "roles", lambda: frozenset(user.groups.values_list("name", flat=True)))


def has_role(user, role: str) -> bool:
    return role in role_names(user)


def is_administrator(user) -> bool:
    """Superusers and members of the Administratör group may do everything."""
    return user.is_authenticated and (user.is_superuser or has_role(user, ADMINISTRATOR))
