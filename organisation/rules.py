"""The access layer for forums, meetings, minutes, decisions and attachments.

Every rule is declared here once, as a predicate of the ``rules`` package registered as a
permission (``user.has_perm("organisation.change_mote", mote)``), and next to it the
filter that lists the same rows (``Mote.objects.visible_to(user)`` calls
``visible_motes_q``). Tests check that the two agree on every row for every role.

The public predicates (``mote_is_public``, ``minutes_are_public``) are what residents may
see; the QuerySets' ``public()`` and ``with_published_minutes()`` filter by the same
conditions, written as ``PUBLIC_MOTE`` and ``PUBLISHED_MINUTES``.
"""

import rules
from django.db.models import Q

from organisation import roles

# Filters for "every row" and "no row". An empty Q() would not do: combined with | it
# vanishes, so "everything or the public rows" would become "the public rows".
EVERY_ROW = Q(pk__isnull=False)
NO_ROW = Q(pk__in=[])

# --- Who the user is ------------------------------------------------------------------


@rules.predicate
def is_administrator(user) -> bool:
    return roles.is_administrator(user)


@rules.predicate
def is_analyst(user) -> bool:
    return roles.has_role(user, roles.ANALYTIKER)


@rules.predicate
def has_coordinator_role(user) -> bool:
    """The role group Samordnare: not the same as coordinating an area or a forum."""
    return roles.has_role(user, roles.COORDINATOR_ROLE)


def forum_roles(user) -> dict[int, str]:
    """Forum id → the user's role in it (member or forum coordinator)."""
    if not user.is_authenticated:
        return {}

    def compute():
        from organisation.models import Forummedlemskap

        return dict(Forummedlemskap.objects.filter(user=user).values_list("forum_id", "role"))

    return roles.cached(user, "forum_roles", compute)


def forum_facts(user) -> list[tuple[str, str]]:
    """(slug, level) of every forum the user is a member of."""
    if not user.is_authenticated:
        return []

    def compute():
        from organisation.models import Forum

        return list(Forum.objects.filter(pk__in=forum_roles(user)).values_list("slug", "level"))

    return roles.cached(user, "forum_facts", compute)


def is_member_of_forum_slug(user, slug: str) -> bool:
    return any(forum_slug == slug for forum_slug, _level in forum_facts(user))


def sits_in_strategic_forum(user) -> bool:
    from organisation.models import Forum

    return any(level == Forum.Level.STRATEGISK for _slug, level in forum_facts(user))


@rules.predicate
def is_forum_member(user, forum) -> bool:
    return forum is not None and forum.pk in forum_roles(user)


@rules.predicate
def is_forum_coordinator(user, forum) -> bool:
    """A forum membership with the role forum coordinator: publishes that forum's minutes."""
    from organisation.models import Forummedlemskap

    return (
        forum is not None
        and forum_roles(user).get(forum.pk) == Forummedlemskap.Role.FORUM_COORDINATOR
    )


def member_forum_ids(user) -> list[int]:
    return list(forum_roles(user))


# --- Signing in -----------------------------------------------------------------------


@rules.predicate
def has_a_role(user) -> bool:
    """An account with one of the portal's roles; one without sees whom to ask for one."""
    return roles.is_administrator(user) or bool(roles.role_names(user) & set(roles.ROLES))


@rules.predicate
def is_sso_account(user) -> bool:
    """An account that signs in through the kommun's OpenID Provider."""
    from organisation.models import OidcIdentitet

    return OidcIdentitet.objects.filter(user_id=user.pk).exists()


@rules.predicate
def password_login_open_to_sso_accounts() -> bool:
    from django.conf import settings

    return settings.OIDC_PASSWORD_LOGIN_FOR_SSO_ACCOUNTS


# Local passwords stay for accounts made in admin (administrators' break-glass accounts);
# the setting closes them to accounts that sign in through the provider.
may_log_in_with_password = password_login_open_to_sso_accounts | ~is_sso_account


# --- What residents may see -----------------------------------------------------------

PUBLIC_FORUM = Q(is_public=True)
PUBLIC_MOTE = Q(is_public=True, forum__is_public=True)
PUBLISHED_MINUTES = PUBLIC_MOTE & Q(status="genomfort", minutes_published_at__isnull=False)


def forum_is_public(forum) -> bool:
    return forum.is_public


def mote_is_public(mote) -> bool:
    """A public meeting of a public forum: its title, time, place and agenda are open."""
    return mote.is_public and mote.forum.is_public


def minutes_are_public(mote) -> bool:
    """Minutes, decisions, attendance and attachments are open once published."""
    from organisation.models import Mote

    return (
        mote_is_public(mote)
        and mote.status == Mote.Status.HELD
        and mote.minutes_published_at is not None
    )


@rules.predicate
def _forum_is_public(user, forum) -> bool:
    return forum is not None and forum_is_public(forum)


@rules.predicate
def _mote_is_public(user, mote) -> bool:
    return mote is not None and mote_is_public(mote)


@rules.predicate
def _minutes_are_public(user, mote) -> bool:
    return mote is not None and minutes_are_public(mote)


# --- Forums ---------------------------------------------------------------------------

# The forum's workspace page: members in full, other officials a public forum's public part.
can_view_forum_workspace = rules.is_authenticated & (
    is_administrator | is_forum_member | _forum_is_public
)
can_keep_forum = is_administrator | is_forum_member


def workspace_forums_q(user) -> Q:
    if not user.is_authenticated:
        return NO_ROW
    if roles.is_administrator(user):
        return EVERY_ROW
    return PUBLIC_FORUM | Q(pk__in=member_forum_ids(user))


rules.add_perm("organisation.view_forum_workspace", can_view_forum_workspace)
rules.add_perm("organisation.add_mote", can_keep_forum)


# --- Meetings -------------------------------------------------------------------------


def through(attribute: str, predicate):
    """A rule about a related row applied to a row that belongs to it.

    ``through("forum", is_forum_member)`` asks the rule of a meeting's forum,
    ``through("mote", can_read_minutes)`` that of an attachment's meeting.
    """

    @rules.predicate(name=f"{predicate.name}_through_{attribute}")
    def check(user, obj) -> bool:
        return obj is not None and predicate.test(user, getattr(obj, attribute))

    return check


member_of_meetings_forum = through("forum", is_forum_member)

# Listed in the forum workspace: the user's own forums' meetings, and public meetings.
can_view_mote = is_administrator | member_of_meetings_forum | _mote_is_public
# The meeting's workspace page, editing, minutes, attachments and history.
can_change_mote = is_administrator | member_of_meetings_forum
can_publish_minutes = is_administrator | through("forum", is_forum_coordinator)
# Minutes, decisions, attendance and attachments.
can_read_minutes = is_administrator | member_of_meetings_forum | _minutes_are_public


def visible_motes_q(user) -> Q:
    if not user.is_authenticated:
        return PUBLIC_MOTE
    if roles.is_administrator(user):
        return EVERY_ROW
    return PUBLIC_MOTE | Q(forum_id__in=member_forum_ids(user))


def editable_motes_q(user) -> Q:
    if not user.is_authenticated:
        return NO_ROW
    if roles.is_administrator(user):
        return EVERY_ROW
    return Q(forum_id__in=member_forum_ids(user))


def minutes_readable_q(user) -> Q:
    if not user.is_authenticated:
        return PUBLISHED_MINUTES
    if roles.is_administrator(user):
        return EVERY_ROW
    return PUBLISHED_MINUTES | Q(forum_id__in=member_forum_ids(user))


rules.add_perm("organisation.view_mote", can_view_mote)
rules.add_perm("organisation.change_mote", can_change_mote)
rules.add_perm("organisation.publish_minutes", can_publish_minutes)
rules.add_perm("organisation.view_minutes", can_read_minutes)

# --- Decisions and attachments --------------------------------------------------------

rules.add_perm("organisation.view_beslut", through("mote", can_read_minutes))
rules.add_perm("organisation.view_bilaga", through("mote", can_read_minutes))
rules.add_perm("organisation.delete_bilaga", through("mote", can_change_mote))


def _under_meetings(q: Q) -> Q:
    """A meeting filter rewritten for rows that belong to a meeting."""
    from organisation.models import Mote

    return Q(mote__in=Mote.objects.filter(q).values("pk"))


def readable_children_q(user) -> Q:
    return _under_meetings(minutes_readable_q(user))


def editable_children_q(user) -> Q:
    return _under_meetings(editable_motes_q(user))


def published_children_q() -> Q:
    return _under_meetings(PUBLISHED_MINUTES)


# --- Accounts -------------------------------------------------------------------------


@rules.predicate
def is_superuser(user) -> bool:
    return user.is_superuser


@rules.predicate
def account_is_superuser(user, account) -> bool:
    return account is not None and account.is_superuser


# Administrators onboard and change accounts; a superuser account only another superuser
# changes, so the Administratör role cannot take over the account that can grant anything.
can_change_account = is_superuser | (is_administrator & ~account_is_superuser)

rules.add_perm("auth.change_user", can_change_account)
# Django's screens with the raw permissions and groups: superusers only.
rules.add_perm("organisation.grant_permissions", is_superuser)


# --- For views ------------------------------------------------------------------------


def require(user, perm: str, obj=None) -> None:
    """Refuse a forbidden action on an object the user may see: a 403, not a 404."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm(perm, obj):
        raise PermissionDenied
