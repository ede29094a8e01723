"""Streaming an uploaded file to the browser, from the media directory or from S3.

The views call this only after their permission check. On S3 the object's body is streamed
as it arrives instead of being downloaded whole first (django-storages' ``S3File`` reads the
whole object before the first byte), so memory stays flat and nothing but the portal ever
talks to the bucket.
"""

from botocore.exceptions import ClientError
from django.http import FileResponse


def open_stored(field_file):
    """The stored file opened for reading, and its size; FileNotFoundError if it is gone."""
    handle = field_file.storage.open(field_file.name, "rb")
    s3_object = getattr(handle, "obj", None)
    if s3_object is None:
        return handle, handle.size
    try:
        answer = s3_object.get()
    except ClientError as exc:
        # Deleted between the check that it exists and the read.
        if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
            raise FileNotFoundError(field_file.name) from exc
        raise
    return answer["Body"], answer["ContentLength"]


def stored_file_response(field_file, **kwargs) -> FileResponse:
    """A FileResponse of the stored file; raises FileNotFoundError when it is missing."""
    handle, size = open_stored(field_file)
    response = FileResponse(handle, **kwargs)
    response["Content-Length"] = str(size)
    return response
