"""Size limits enforced while an upload streams in, before it can fill a disk.

Django stores every file of every multipart POST (to memory up to 2.5 MB, then to a
temporary file) before any view or form runs, so a size check in the form comes after the
whole body has been written down.
"""

import io

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from organisation.validators import MAX_ATTACHMENT_BYTES


class RequestFileLimitHandler(FileUploadHandler):
    """Every request: files past MAX_ATTACHMENT_BYTES in total are dropped, not stored.

    First in FILE_UPLOAD_HANDLERS. No page takes a larger file, so a dropped file only
    ever belongs to a request no form expected.
    """

    limit = MAX_ATTACHMENT_BYTES

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class OversizedUpload(UploadedFile):
    """Stands in for a file that was too large to keep: its size, none of its bytes."""

    def __init__(self, name, content_type, size):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class AttachmentLimitHandler(FileUploadHandler):
    """For the attachment form: stop storing a file at the limit but keep counting.

    The form then gets an ``OversizedUpload`` with the file's real size and refuses it with
    the message people know ("The file is 25,3 MB ..."), not "this field is required".
    Inserted first, per view, so no other form ever receives an empty stand-in.
    """

    limit = MAX_ATTACHMENT_BYTES

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.file_size = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.file_size += len(raw_data)
        if self.file_size <= self.limit:
            return raw_data
        if not self.too_large:
            self.too_large = True
            self._discard_what_later_handlers_stored()
        return None

    def _discard_what_later_handlers_stored(self):
        # The part already written goes now (a closed temporary upload deletes itself),
        # not when the request is garbage collected. Django closes them the same way when
        # a handler skips a file.
        handlers = self.request.upload_handlers
        for handler in handlers[handlers.index(self) + 1 :]:
            stored = getattr(handler, "file", None)
            if stored is not None:
                stored.close()

    def file_complete(self, file_size):
        if self.too_large:
            return OversizedUpload(self.file_name, self.content_type, self.file_size)
        return None
