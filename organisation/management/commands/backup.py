"""Writes a backup: database dump, uploaded files and a manifest (organisation/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisation.backup import BackupError, backup, default_backup_root, files_word, read_manifest


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen (pg_dump -Fc), de uppladdade filerna och ett manifest med "
        "kontrollsummor och radantal till BACKUP_DIR/<tidpunkt>/ (standard var/backups/)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", type=Path, help="Katalogen som säkerhetskopian skrivs under (BACKUP_DIR)."
        )

    def handle(self, *args, **options):
        try:
            directory = backup(root=options["dir"] or default_backup_root())
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = read_manifest(directory)
        media = manifest["media"]
        where = (
            f"bucketen s3://{media['bucket']}/{media['prefix']} (hämtade med kontrollsumma)"
            if media["storage"] == "s3"
            else f"mediekatalogen {media['root']}"
        )
        files = files_word(len(manifest["files"]) - 1)
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopian är klar: {directory}"))
        self.stdout.write(f"Databasen och {files} från {where}.")
        # The last line is the directory alone, for scripts.
        self.stdout.write(str(directory))
