"""Membership facts for a batch of officials, looked up with a fixed number of queries.

The access rules ask ``group_ids(user)``, ``forum_roles(user)`` and the like, each one
query per user (``organisation.roles.cached``). A digest run asks them for thousands of
users, so this module looks the same facts up for a whole batch and primes each user's
cache with them; the rules then decide as they always do. ``tests/mail`` checks that the
primed facts equal what the rules compute on their own, for every demo account.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Q

from organisation import roles
from organisation.models import Forummedlemskap
from samverkan.models import Gruppmedlemskap, Insats, Samverkansgrupp, Samverkansomrade


def prime_batch(users) -> None:
    ids = [user.pk for user in users]
    role_names = defaultdict(set)
    for user_id, name in (
        get_user_model()
        .groups.through.objects.filter(user_id__in=ids)
        .values_list("user_id", "group__name")
    ):
        role_names[user_id].add(name)

    groups = defaultdict(set)
    est_groups = defaultdict(set)
    group_areas = defaultdict(set)
    for user_id, grupp_id, kind, area_id in Gruppmedlemskap.objects.filter(
        user_id__in=ids
    ).values_list("user_id", "grupp_id", "grupp__kind", "grupp__samverkansomrade_id"):
        if kind == Samverkansgrupp.Kind.EST:
            est_groups[user_id].add(grupp_id)
        else:
            groups[user_id].add(grupp_id)
            group_areas[user_id].add(area_id)

    coordinated = defaultdict(set)
    tips_areas = defaultdict(set)
    for user_id, area_id, receives_tips in Samverkansomrade.coordinators.through.objects.filter(
        user_id__in=ids
    ).values_list("user_id", "samverkansomrade_id", "samverkansomrade__receives_tips"):
        coordinated[user_id].add(area_id)
        if receives_tips:
            tips_areas[user_id].add(area_id)

    forum_roles = defaultdict(dict)
    forum_facts = defaultdict(list)
    for user_id, forum_id, role, slug, level in Forummedlemskap.objects.filter(
        user_id__in=ids
    ).values_list("user_id", "forum_id", "role", "forum__slug", "forum__level"):
        forum_roles[user_id][forum_id] = role
        forum_facts[user_id].append((slug, level))

    all_est = set().union(*est_groups.values()) if est_groups else set()
    est_districts_of_group = defaultdict(set)
    for grupp_id, omrade_id in Samverkansgrupp.omraden.through.objects.filter(
        samverkansgrupp_id__in=all_est
    ).values_list("samverkansgrupp_id", "omrade_id"):
        est_districts_of_group[grupp_id].add(omrade_id)

    all_groups = set().union(*groups.values()) if groups else set()
    all_coordinated = set().union(*coordinated.values()) if coordinated else set()
    districts_of_group = defaultdict(set)
    districts_of_area = defaultdict(set)
    for grupp_id, area_id, omrade_id in Insats.omraden.through.objects.filter(
        Q(insats__grupp_id__in=all_groups) | Q(insats__samverkansomrade_id__in=all_coordinated)
    ).values_list("insats__grupp_id", "insats__samverkansomrade_id", "omrade_id"):
        districts_of_group[grupp_id].add(omrade_id)
        districts_of_area[area_id].add(omrade_id)

    for user in users:
        pk = user.pk
        est_district_ids = set()
        for grupp_id in est_groups[pk]:
            est_district_ids |= est_districts_of_group[grupp_id]
        work_districts = set()
        for grupp_id in groups[pk]:
            work_districts |= districts_of_group[grupp_id]
        for area_id in coordinated[pk]:
            work_districts |= districts_of_area[area_id]
        roles.prime(
            user,
            {
                "roles": frozenset(role_names[pk]),
                "group_ids": frozenset(groups[pk]),
                "est_group_ids": frozenset(est_groups[pk]),
                "coordinated_area_ids": frozenset(coordinated[pk]),
                "group_area_ids": frozenset(group_areas[pk]),
                "forum_roles": dict(forum_roles[pk]),
                "forum_facts": list(forum_facts[pk]),
                "tips_receiving_area_ids": frozenset(tips_areas[pk]),
                "est_district_ids": frozenset(est_district_ids),
                "work_district_ids": frozenset(work_districts),
            },
        )
