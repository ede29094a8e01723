"""Meeting statuses agree with "ett möte" in Swedish."""

from django.utils import translation

from organisation.models import Mote


def test_a_meetings_status_is_planerat_genomfort_or_installt():
    with translation.override("sv"):
        labels = [str(label) for label in Mote.Status.labels]

    assert labels == ["planerat", "genomfört", "inställt"]
