"""A public forum with a rhythm, an internal forum, and people with and without membership."""

import pytest

from organisation.models import Forummedlemskap
from organisation.roles import ADMINISTRATOR, TJANSTEPERSON
from tests.factories import ForumFactory, ForummedlemskapFactory, MotesrytmFactory, UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a fresh directory per test, so 'nothing written' can be checked."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def forum(db):
    forum = ForumFactory(name="Brottsförebyggande rådet i test", slug="bra-test", short_name="Brå")
    MotesrytmFactory(forum=forum, kind="halvdag", min_per_year=3, max_per_year=3)
    MotesrytmFactory(forum=forum, kind="fokusmote", min_per_year=4, max_per_year=6)
    return forum


@pytest.fixture
def internal_forum(db):
    return ForumFactory(name="Drogpolitiska gruppen i test", slug="dlg-test", is_public=False)


@pytest.fixture
def member(forum, internal_forum):
    user = UserFactory(username="medlem", roles=[TJANSTEPERSON])
    ForummedlemskapFactory(user=user, forum=forum)
    ForummedlemskapFactory(user=user, forum=internal_forum)
    return user


@pytest.fixture
def forum_coordinator(forum):
    user = UserFactory(username="forumsamordnare", roles=[TJANSTEPERSON])
    ForummedlemskapFactory(user=user, forum=forum, role=Forummedlemskap.Role.FORUM_COORDINATOR)
    return user


@pytest.fixture
def outsider(db):
    """An official who belongs to no forum."""
    return UserFactory(username="utomstaende", roles=[TJANSTEPERSON])


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", roles=[ADMINISTRATOR])
