"""Tip photos in an S3 bucket: one object per photo, read only by the receivers, pruned."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lagesbild.models import Tips
from lagesbild.tips_services import prune_tips
from tests.lagesbild.tips.conftest import tip_data
from tests.organisation.files import jpeg_bytes

pytestmark = pytest.mark.django_db


def _send_photo(client, omrade, size, place):
    data = tip_data(omrade, place=place)
    data["photo"] = SimpleUploadedFile("plats.jpg", jpeg_bytes(size), content_type="image/jpeg")
    assert client.post(reverse("lagesbild:tips"), data).status_code == 302
    return Tips.objects.get(place=place)


def test_two_photos_of_one_month_are_two_objects_and_each_receiver_download_is_its_own(
    client, hulta, receiver, analyst, s3_media
):
    first = _send_photo(client, hulta, (4, 4), "Första platsen")
    second = _send_photo(client, hulta, (8, 6), "Andra platsen")

    # Both are called tips.jpg in the month's folder: the second must not replace the first.
    assert first.photo.name != second.photo.name
    assert s3_media.object_keys() == sorted([first.photo.name, second.photo.name])
    client.force_login(analyst)
    assert client.get(reverse("lagesbild:tips_bild", args=[first.pk])).status_code == 404
    client.force_login(receiver)
    for tip in (first, second):
        response = client.get(reverse("lagesbild:tips_bild", args=[tip.pk]))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == s3_media.read(tip.photo.name)


def test_pruning_an_old_tip_deletes_its_photo_from_the_bucket(
    client, hulta, s3_media, django_capture_on_commit_callbacks
):
    old = _send_photo(client, hulta, (4, 4), "Gammal plats")
    kept = _send_photo(client, hulta, (4, 4), "Ny plats")
    Tips.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3650))

    with django_capture_on_commit_callbacks(execute=True):
        prune_tips()

    assert s3_media.object_keys() == [kept.photo.name]
