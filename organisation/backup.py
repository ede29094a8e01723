"""Backup and restore of the whole portal: the PostgreSQL database and the uploaded files.

A backup is a directory with ``database.dump`` (``pg_dump -Fc``), ``media/`` (a copy of
MEDIA_ROOT, or of every object in the S3 bucket when media is stored there:
organisation/backup_media.py) and ``manifest.json``: the SHA-256 of every file and the number of rows of every
table, counted in the same snapshot the dump was taken from, so the counts are exact even
while the portal is in use. The directory is written under a temporary name and renamed
when complete, so a half-written backup never looks like a backup.

A restore checks every checksum before it touches anything, stages the files beside the
media directory, loads the dump in one transaction, compares the row counts and only then
moves the files into place (into the bucket, each upload checked by the server against the
manifest's SHA-256): bad input leaves the database and the media as they were. Messages are Swedish; they are read by the kommun's IT staff.
"""

import glob
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections, transaction

from organisation.backup_media import MediaError, files_word, media_store, sha256_of

__all__ = ["BackupError", "backup", "files_word", "read_manifest", "restore", "verify_checksums"]

FORMAT = "saker-trygg-backup/1"
DUMP_NAME = "database.dump"
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
# pg_dump and pg_restore get the time a large database needs, not for ever.
TOOL_TIMEOUT_SECONDS = int(os.environ.get("BACKUP_TOOL_TIMEOUT_SECONDS", "3600"))


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Swedish."""


@dataclass(frozen=True)
class RestoreSummary:
    tables: int
    rows: int
    files: int


def find_tool(name: str) -> str:
    """pg_dump or pg_restore: from PATH, else the newest of /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    candidates.sort(key=lambda path: int(Path(path).parent.parent.name), reverse=True)
    if candidates:
        return candidates[0]
    raise BackupError(
        f"Programmet {name} hittades inte (varken i PATH eller i /usr/lib/postgresql/*/bin). "
        "Installera PostgreSQL:s klientprogram, t.ex. med apt-get install postgresql-client."
    )


def _database(alias: str) -> dict:
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(
            "Säkerhetskopiering och återställning kräver PostgreSQL (DATABASE_URL); "
            f"databasen är {connection.vendor}."
        )
    return connection.settings_dict


def _pg_env(settings_dict: dict) -> dict:
    """libpq's variables: the password never appears on a command line."""
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def _run(command: list[str], env: dict, what: str) -> None:
    try:
        result = subprocess.run(  # noqa: S603 - a fixed program, arguments from our own settings
            command, env=env, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as exc:
        raise BackupError(f"{what} avbröts efter {TOOL_TIMEOUT_SECONDS} sekunder.") from exc
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{what} misslyckades (slutstatus {result.returncode}): {detail}")


def table_names(alias: str = "default") -> list[str]:
    with connections[alias].cursor() as cursor:
        return sorted(connections[alias].introspection.table_names(cursor))


def count_rows(alias: str, tables: list[str]) -> dict[str, int]:
    quote = connections[alias].ops.quote_name
    counts = {}
    with connections[alias].cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 - quoted names
            counts[table] = cursor.fetchone()[0]
    return counts


def default_backup_root() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.VAR_DIR / "backups")


def backup(*, root: Path | None = None, alias: str = "default") -> Path:
    """Write a complete backup into ``root/<UTC timestamp>/`` and return that directory."""
    settings_dict = _database(alias)
    pg_dump = find_tool("pg_dump")
    root = Path(root or default_backup_root())
    root.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    final = root / stamp
    if final.exists():
        raise BackupError(f"Katalogen {final} finns redan; vänta en sekund och försök igen.")
    partial = root / f".{stamp}.ofullstandig"
    partial.mkdir()
    try:
        tables = _dump_in_one_snapshot(alias, settings_dict, pg_dump, partial / DUMP_NAME)
        files = {DUMP_NAME: sha256_of(partial / DUMP_NAME)}
        store = media_store()
        for name in store.names():
            if name.startswith("/") or ".." in PurePosixPath(name).parts:
                raise BackupError(f"Filnamnet {name!r} i mediet pekar utanför katalogen.")
            target = partial / MEDIA_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            files[f"{MEDIA_DIR}/{name}"] = store.copy_out(name, target)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {
                "name": settings_dict.get("NAME"),
                "server_version": connections[alias].pg_version,
            },
            "files": files,
            # Where the files came from; a restore puts them wherever media is configured.
            "media": store.describe(),
            "tables": tables,
        }
        (partial / MANIFEST_NAME).write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def _dump_in_one_snapshot(alias: str, settings_dict: dict, pg_dump: str, target: Path) -> dict:
    """Count the rows and dump the database from one exported snapshot."""
    connection = connections[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = count_rows(alias, table_names(alias))
        _run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
            _pg_env(settings_dict),
            "pg_dump",
        )
    return tables


def read_manifest(directory: Path) -> dict:
    if not directory.is_dir():
        raise BackupError(f"Säkerhetskopian {directory} finns inte eller är ingen katalog.")
    try:
        manifest = json.loads((directory / MANIFEST_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(
            f"{directory} saknar {MANIFEST_NAME}; det är ingen säkerhetskopia."
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{MANIFEST_NAME} i {directory} är skadad: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST_NAME} i {directory} har inte formatet {FORMAT}.")
    files, tables = manifest.get("files"), manifest.get("tables")
    if not isinstance(files, dict) or DUMP_NAME not in files or not isinstance(tables, dict):
        raise BackupError(f"{MANIFEST_NAME} i {directory} saknar filer eller tabeller.")
    for name in files:
        parts = PurePosixPath(name).parts
        if name != DUMP_NAME and (
            len(parts) < 2 or parts[0] != MEDIA_DIR or ".." in parts or name.startswith("/")
        ):
            raise BackupError(f"{MANIFEST_NAME} nämner en fil utanför säkerhetskopian: {name}")
    return manifest


def verify_checksums(directory: Path, manifest: dict) -> None:
    """Every file the manifest lists exists with its checksum; problems are listed together."""
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        path = directory / name
        if not path.is_file():
            problems.append(f"{name} saknas")
        elif sha256_of(path) != expected:
            problems.append(f"{name} har fel kontrollsumma (filen är skadad eller ändrad)")
    if problems:
        raise BackupError(
            "Säkerhetskopian kan inte återställas, inget har ändrats:\n  " + "\n  ".join(problems)
        )


def is_empty(alias: str, store) -> list[str]:
    """What is already there: tables in the database, files in the media store."""
    present = []
    tables = table_names(alias)
    if tables:
        present.append(f"databasen har {len(tables)} tabeller")
    media = store.present()
    if media:
        present.append(media)
    return present


def restore(directory: Path, *, force: bool = False, alias: str = "default") -> RestoreSummary:
    directory = Path(directory)
    settings_dict = _database(alias)
    pg_restore = find_tool("pg_restore")
    manifest = read_manifest(directory)
    verify_checksums(directory, manifest)
    env = _pg_env(settings_dict)
    _run([pg_restore, "--list", str(directory / DUMP_NAME)], env, "Kontrollen av databasdumpen")
    store = media_store()
    present = is_empty(alias, store)
    if present and not force:
        raise BackupError(
            "Återställningen görs bara till en tom databas och en tom mediekatalog, men "
            + " och ".join(present)
            + ". Inget har ändrats. Återställ till en ny databas, eller skriv över med --force "
            "(make restore BACKUP=… FORCE=1)."
        )
    sources = {
        name.removeprefix(f"{MEDIA_DIR}/"): (directory / name, expected)
        for name, expected in manifest["files"].items()
        if name != DUMP_NAME
    }
    try:
        store.prepare(sources)
        command = [pg_restore, "--no-owner", "--no-privileges", "--single-transaction"]
        command += ["--exit-on-error", f"--dbname={settings_dict['NAME']}"]
        if force:
            command += ["--clean", "--if-exists"]
        connections[alias].close()
        _run(command + [str(directory / DUMP_NAME)], env, "pg_restore")
        _compare_counts(alias, manifest["tables"])
        store.put_in_place(sources)
    except MediaError as exc:
        raise BackupError(str(exc)) from exc
    finally:
        store.clean_up()
    return RestoreSummary(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]) - 1,
    )


def _compare_counts(alias: str, expected: dict[str, int]) -> None:
    actual = count_rows(alias, [t for t in expected if t in set(table_names(alias))])
    problems = [
        f"{table}: {count} rader i säkerhetskopian, {actual.get(table, 'ingen tabell')} nu"
        for table, count in sorted(expected.items())
        if actual.get(table) != count
    ]
    if problems:
        raise BackupError(
            "Databasen återställdes men radantalen stämmer inte med manifestet; mediefilerna "
            "har inte flyttats på plats:\n  " + "\n  ".join(problems)
        )
