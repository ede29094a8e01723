"""Backup and restore with media in S3: every object comes back, byte for byte, in a new bucket.

The restore runs as its own process (as `manage.py restore` would) against a second
database and a second bucket on the same moto server; both are real services on loopback.
"""

import hashlib
import os
import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from lagesbild.models import LagesbildDokument
from organisation.backup import backup, read_manifest
from organisation.models import Bilaga
from tests.factories import ArsuppfoljningsversionFactory, InsatsFactory, MoteFactory
from tests.lagesbild.conftest import make_lagesbild
from tests.ops.test_backup_restore import ROOT, database_url, run_sql, table_fingerprints
from tests.organisation.files import build_pdf

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
)
SECOND = "aterstallningstest_s3"
RESTORED_BUCKET = "restored-media"


def restore_into(directory, env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(directory)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def second_database():
    run_sql(f'DROP DATABASE IF EXISTS "{SECOND}" WITH (FORCE)')
    run_sql(f'CREATE DATABASE "{SECOND}"')
    try:
        yield database_url(SECOND)
    finally:
        run_sql(f'DROP DATABASE IF EXISTS "{SECOND}" WITH (FORCE)')


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_downloads_every_object_and_a_restore_uploads_them_into_an_empty_bucket(
    s3_media, second_database, tmp_path
):
    InsatsFactory(title="Trygga stråk")
    Bilaga.objects.create(
        mote=MoteFactory(published=True, minutes="Publicerat"),
        title="Presentation",
        file=SimpleUploadedFile("presentation.pdf", build_pdf(["Läget i området"])),
        original_name="presentation.pdf",
        file_type=Bilaga.Type.PDF,
        size=100,
    )
    LagesbildDokument.objects.create(
        lagesbild=make_lagesbild(),
        title="Underlag",
        file=SimpleUploadedFile("underlag.pdf", build_pdf(["Underlag"])),
        original_name="underlag.pdf",
        file_type=Bilaga.Type.PDF,
        size=100,
    )
    # A submitted report version: its PDF is a database row, so it is in the dump, not the bucket.
    ArsuppfoljningsversionFactory()
    objects = {key: s3_media.read(key) for key in s3_media.object_keys()}
    assert len(objects) == 2

    directory = backup(root=tmp_path / "backups")

    manifest = read_manifest(directory)
    assert manifest["media"]["storage"] == "s3"
    assert manifest["media"]["bucket"] == s3_media.name
    assert {
        name: digest for name, digest in manifest["files"].items() if name != "database.dump"
    } == {f"media/{key}": hashlib.sha256(content).hexdigest() for key, content in objects.items()}
    assert all((directory / "media" / key).read_bytes() == objects[key] for key in objects)
    before = table_fingerprints(connection.settings_dict["NAME"])

    s3_media.create(RESTORED_BUCKET)
    env = dict(os.environ, DATABASE_URL=second_database, **s3_media.env(RESTORED_BUCKET))
    result = restore_into(directory, env)

    assert result.returncode == 0, result.stderr
    assert "kontrollsummor och radantal stämmer" in result.stdout
    assert s3_media.object_keys(RESTORED_BUCKET) == sorted(objects)
    for key, content in objects.items():
        assert s3_media.read(key, RESTORED_BUCKET) == content
    after = table_fingerprints(SECOND)
    assert {t for t in before if t != "django_cache" and before[t] != after.get(t)} == set()

    again = restore_into(directory, env)
    assert again.returncode != 0
    assert f"bucketen s3://{RESTORED_BUCKET}/ har objekt" in again.stderr
    assert "Inget har ändrats" in again.stderr
