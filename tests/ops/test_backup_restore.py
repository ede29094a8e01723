"""Backup and restore: a populated portal comes back identical in a second database.

pg_dump and pg_restore are separate processes that see only committed data, so the round
trip commits for real (marked transactional) and drops its second database when done.
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from lagesbild.models import Handelserapport, LagesbildDokument
from organisation.backup import BackupError, backup, read_manifest, restore, verify_checksums
from organisation.models import Bilaga, Mote
from samverkan.models import Insats
from tests.factories import ArsuppfoljningsversionFactory, InsatsFactory
from tests.organisation.files import build_pdf

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
)
ROOT = Path(__file__).resolve().parents[2]
SECOND = "aterstallningstest"
PAGES = ["/", "/organisation/", "/insatser/", "/nyckeltal/", "/forum/bra/"]
# Per request: the CSRF token and the CSP nonce; everything else must be byte-identical.
PER_REQUEST = re.compile(r'(csrfmiddlewaretoken" value="|nonce="|csrf-token" content=")[^"]*')


def run_sql(sql: str, dbname: str = "postgres") -> None:
    conn = server(dbname)
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


def server(dbname: str = "postgres"):
    params = connection.settings_dict
    conn = psycopg2.connect(
        dbname=dbname, host=params["HOST"], port=params["PORT"] or None, user=params["USER"]
    )
    conn.autocommit = True
    return conn


def table_fingerprints(dbname: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent checksum of every table's rows."""
    conn = server(dbname)
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, chr(10) ORDER BY t::text), '')) FROM \"{table}\" t"  # noqa: S608
            )
            result[table] = cursor.fetchone()
    conn.close()
    return result


def rendered(client) -> dict[str, str]:
    cache.clear()
    pages = {}
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        pages[page] = PER_REQUEST.sub(r"\1…", response.content.decode())
    return pages


def database_url(dbname: str) -> str:
    params = connection.settings_dict
    return f"postgres://{params['USER']}@{quote(params['HOST'], safe='')}/{dbname}"


@pytest.fixture
def populated(settings, tmp_path):
    """Borås demo data plus attachments, a submitted report version and EST reports."""
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    settings.DEBUG = False
    mote = Mote.objects.order_by("pk").first()
    Bilaga.objects.create(
        mote=mote,
        title="Presentation",
        file=SimpleUploadedFile("presentation.pdf", build_pdf(["Läget i området"])),
        original_name="presentation.pdf",
        file_type=Bilaga.Type.PDF,
        size=100,
    )
    from lagesbild.models import Lagesbild

    LagesbildDokument.objects.create(
        lagesbild=Lagesbild.objects.order_by("pk").first(),
        title="Underlag",
        file=SimpleUploadedFile("underlag.pdf", build_pdf(["Underlag"])),
        original_name="underlag.pdf",
        file_type=Bilaga.Type.PDF,
        size=100,
    )
    ArsuppfoljningsversionFactory()
    assert Handelserapport.objects.exists()
    assert Insats.history.exists()
    yield tmp_path
    run_sql(f'DROP DATABASE IF EXISTS "{SECOND}" WITH (FORCE)')


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_every_table_file_and_page_in_a_second_database(
    populated, settings, client
):
    call_command("backup", dir=populated / "backups", stdout=open(os.devnull, "w"))  # noqa: SIM115
    (backup_dir,) = (populated / "backups").iterdir()
    manifest = read_manifest(backup_dir)
    # Every file under MEDIA_ROOT: the demo's cited document and the two attachments above.
    on_disk = {
        f"media/{path.relative_to(settings.MEDIA_ROOT).as_posix()}"
        for path in Path(settings.MEDIA_ROOT).rglob("*")
        if path.is_file()
    }
    assert {f for f in manifest["files"] if f.startswith("media/")} == on_disk
    assert len(on_disk) >= 3
    assert manifest["tables"]["lagesbild_handelserapport"] == Handelserapport.objects.count()
    before_pages = rendered(client)
    source = connection.settings_dict["NAME"]
    before = table_fingerprints(source)

    run_sql(f'CREATE DATABASE "{SECOND}"')
    restored_media = populated / "restored-media"
    env = dict(os.environ, DATABASE_URL=database_url(SECOND), DJANGO_MEDIA_ROOT=str(restored_media))
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(backup_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "kontrollsummor och radantal stämmer" in result.stdout

    after = table_fingerprints(SECOND)
    # The database cache's table is not data: reading an expired entry deletes it, so the
    # source can lose a row between the backup and this count. restore checks its rows
    # against the manifest, which was counted in the dump's own snapshot.
    differing = {
        t: (before[t], after.get(t))
        for t in before
        if t != "django_cache" and before[t] != after.get(t)
    }
    assert differing == {}
    assert set(after) == set(before)
    for name in manifest["files"]:
        if name.startswith("media/"):
            original = Path(settings.MEDIA_ROOT) / name.removeprefix("media/")
            copy = restored_media / name.removeprefix("media/")
            assert copy.read_bytes() == original.read_bytes()

    connection.close()
    connection.settings_dict["NAME"] = SECOND
    try:
        after_pages = rendered(client)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = source
    for page in PAGES:
        assert after_pages[page] == before_pages[page], page


@pytest.mark.transactional
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    InsatsFactory(title="Finns redan")
    backup_dir = backup(root=tmp_path / "backups")
    insatser = Insats.objects.count()
    with pytest.raises(BackupError, match="bara till en tom databas.*--force"):
        restore(backup_dir)
    assert Insats.objects.count() == insatser


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "database.dump").write_bytes(b"PGDMP ...")
    (tmp_path / "media" / "a.pdf").write_bytes(b"%PDF changed")
    (tmp_path / "manifest.json").write_text(
        '{"format": "saker-trygg-backup/1", "tables": {}, "files": {'
        '"database.dump": "' + "0" * 64 + '", "media/a.pdf": "' + "0" * 64 + '", '
        '"media/gone.pdf": "' + "0" * 64 + '"}}'
    )
    manifest = read_manifest(tmp_path)
    with pytest.raises(BackupError) as refused:
        verify_checksums(tmp_path, manifest)
    message = str(refused.value)
    assert "inget har ändrats" in message
    assert "database.dump har fel kontrollsumma" in message
    assert "media/gone.pdf saknas" in message


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (None, "saknar manifest.json"),
        ("{not json", "är skadad"),
        ('{"format": "annat"}', "har inte formatet"),
        (
            '{"format": "saker-trygg-backup/1", "tables": {}, "files": {"database.dump": "x",'
            ' "media/../../etc/passwd": "x"}}',
            "utanför säkerhetskopian",
        ),
    ],
)
def test_bad_input_gets_a_swedish_message(tmp_path, manifest, message):
    if manifest is not None:
        (tmp_path / "manifest.json").write_text(manifest)
    with pytest.raises(BackupError, match=message):
        read_manifest(tmp_path)


def test_a_missing_directory_is_named_in_the_message(tmp_path):
    with pytest.raises(BackupError, match="finns inte"):
        read_manifest(tmp_path / "saknas")
