"""The uploaded files in a backup: copied from MEDIA_ROOT, or downloaded from the S3 bucket.

Both stores do the same four things for organisation/backup.py: list the files, copy each
into the backup (returning its SHA-256), say what is already there, and put a backup's
files in place after the database has been restored.

- On disk the files are staged beside the media directory and moved into place at the end,
  so a failed restore leaves the directory as it was.
- In S3 every object is listed (paged, 1,000 names a request) and downloaded with its
  checksum taken from the bytes written. On restore each object is uploaded with its
  SHA-256 from the manifest (``ChecksumSHA256``, which a server that supports it checks on
  arrival) and read back to compare its SHA-256, since not every S3-compatible server
  checks; with --force the objects the backup does not have are deleted last.
  Objects cannot be moved into place all at once: if an upload fails after the database
  was restored, the message says so and a new restore with --force finishes the job.
"""

import base64
import hashlib
import os
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages

CHUNK = 1024 * 1024


class MediaError(Exception):
    """A file that cannot be copied; backup.py turns it into a BackupError."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def files_word(count: int) -> str:
    return f"{count} fil" if count == 1 else f"{count} filer"


def media_files(root: Path) -> list[Path]:
    """Regular files under root, relative, sorted; symbolic links are not followed."""
    if not root.is_dir():
        return []
    found = []
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(path.relative_to(root))
    return found


class FilesystemMedia:
    kind = "filesystem"

    def __init__(self, root: Path):
        self.root = Path(root)
        self.staging = self.root / f".aterstallning-{os.getpid()}"

    def describe(self) -> dict:
        return {"storage": self.kind, "root": str(self.root)}

    def names(self) -> list[str]:
        return [relative.as_posix() for relative in media_files(self.root)]

    def copy_out(self, name: str, target: Path) -> str:
        shutil.copy2(self.root / name, target)
        return sha256_of(target)

    def present(self) -> str | None:
        count = len(self.names())
        return f"mediekatalogen {self.root} har {files_word(count)}" if count else None

    def prepare(self, sources: dict[str, tuple[Path, str]]) -> None:
        """Stage every file beside the media directory and check its copy."""
        self.root.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir()
        for name, (source, expected) in sources.items():
            target = self.staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            if sha256_of(target) != expected:
                raise MediaError(f"Kopian av media/{name} blev fel; inget har ändrats.")

    def put_in_place(self, sources: dict[str, tuple[Path, str]]) -> None:
        """Move the staged files into place; what was there (only with --force) goes first."""
        for entry in self.root.iterdir():
            if entry == self.staging:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in self.staging.iterdir():
            entry.rename(self.root / entry.name)

    def clean_up(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


class S3Media:
    kind = "s3"

    def __init__(self, storage):
        self.storage = storage
        self.bucket = storage.bucket
        self.prefix = f"{storage.location.strip('/')}/" if storage.location.strip("/") else ""

    def describe(self) -> dict:
        return {
            "storage": self.kind,
            "bucket": self.storage.bucket_name,
            "prefix": self.prefix,
            "endpoint_url": self.storage.endpoint_url or "",
        }

    def where(self) -> str:
        return f"s3://{self.storage.bucket_name}/{self.prefix}"

    def names(self) -> list[str]:
        """Every object under the prefix; the listing is paged by boto3, names only."""
        names = []
        for summary in self.bucket.objects.filter(Prefix=self.prefix):
            name = summary.key[len(self.prefix) :]
            if name and not name.endswith("/"):
                names.append(name)
        return sorted(names)

    def copy_out(self, name: str, target: Path) -> str:
        with target.open("wb") as handle:
            self.bucket.download_fileobj(self.prefix + name, handle)
        return sha256_of(target)

    def present(self) -> str | None:
        for _summary in self.bucket.objects.filter(Prefix=self.prefix).limit(1):
            return f"bucketen {self.where()} har objekt"
        return None

    def prepare(self, sources: dict[str, tuple[Path, str]]) -> None:
        """Nothing to stage: the backup's files were checked against the manifest already."""

    def put_in_place(self, sources: dict[str, tuple[Path, str]]) -> None:
        done = 0
        try:
            for name, (source, expected) in sorted(sources.items()):
                with source.open("rb") as handle:
                    self.bucket.put_object(
                        Key=self.prefix + name,
                        Body=handle,
                        ChecksumSHA256=base64.b64encode(bytes.fromhex(expected)).decode(),
                    )
                # Not every S3-compatible server checks ChecksumSHA256, so read it back.
                if self._stored_sha256(name) != expected:
                    raise MediaError(f"media/{name} har fel kontrollsumma i bucketen")
                done += 1
            extra = sorted(set(self.names()) - set(sources))
            for start in range(0, len(extra), 1000):
                batch = extra[start : start + 1000]
                self.bucket.delete_objects(
                    Delete={"Objects": [{"Key": self.prefix + name} for name in batch]}
                )
        except Exception as exc:
            raise MediaError(
                f"Databasen är återställd, men filerna kunde inte läggas i {self.where()} "
                f"({done} av {len(sources)} uppladdade): {exc}. Kör återställningen igen med "
                "--force när felet är åtgärdat."
            ) from exc

    def _stored_sha256(self, name: str) -> str:
        digest = hashlib.sha256()
        body = self.bucket.Object(self.prefix + name).get()["Body"]
        for block in body.iter_chunks(CHUNK):
            digest.update(block)
        return digest.hexdigest()

    def clean_up(self) -> None:
        """Nothing was staged."""


def media_store():
    """The store the portal's uploads are in, as configured (saker_trygg/media_storage.py)."""
    from storages.backends.s3 import S3Storage

    storage = storages["default"]
    if isinstance(storage, S3Storage):
        return S3Media(storage)
    return FilesystemMedia(Path(settings.MEDIA_ROOT))
