"""Where uploaded files live: the local media directory, or an S3-compatible bucket.

With ``S3_BUCKET`` set, attachments, tip photos and lägesbild documents are stored in that
bucket through django-storages; otherwise in MEDIA_ROOT. Either way they are private: the
portal reads them and streams them to the browser after its own permission check, so the
bucket needs no public access, no object ACL and no signed URL ever leaves the portal
(README "Filer i S3-kompatibel objektlagring").
"""

import os

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
ADDRESSING_STYLES = {"auto", "path", "virtual"}
# A download larger than this is spooled to a temporary file rather than kept in memory
# (django-storages' default, 0, keeps a whole object in memory while it is read).
MAX_MEMORY_SIZE = 1024 * 1024


def s3_enabled() -> bool:
    return bool(os.environ.get("S3_BUCKET", "").strip())


def default_storage() -> dict:
    """The STORAGES["default"] entry, from the environment."""
    if not s3_enabled():
        return {"BACKEND": FILESYSTEM_BACKEND}
    addressing_style = os.environ.get("S3_ADDRESSING_STYLE", "").strip() or None
    if addressing_style is not None and addressing_style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE ska vara auto, path eller virtual, inte {addressing_style!r}."
        )
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"].strip(),
            # Empty means the provider's own (AWS); MinIO, Ceph, Garage and the like need it.
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL", "").strip() or None,
            "region_name": os.environ.get("S3_REGION", "").strip() or None,
            # Empty keys let boto3 find credentials itself (instance role, AWS_* variables).
            "access_key": os.environ.get("S3_ACCESS_KEY_ID", "").strip() or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY", "").strip() or None,
            "addressing_style": addressing_style,
            # A folder inside the bucket, so one bucket can hold more than this portal.
            "location": os.environ.get("S3_PREFIX", "").strip().strip("/"),
            # Tip photos are all called tips.jpg in their month's folder: overwriting would
            # replace one resident's photo with another's. Never overwrite, as on disk.
            "file_overwrite": False,
            # Private objects; the bucket's own policy decides, the portal never sets an ACL.
            "default_acl": None,
            # If anything ever asks for a URL it is signed and short-lived, never public.
            "querystring_auth": True,
            "querystring_expire": 60,
            "max_memory_size": MAX_MEMORY_SIZE,
        },
    }
