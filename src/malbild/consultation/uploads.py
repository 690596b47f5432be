"""An upload handler that enforces the attachment size limit while the request body streams in.

Django's default handlers spool a file of any size to a temporary file before a view can look
at it. `AttachmentLimitHandler` goes first: it passes each chunk on until the file's bytes
exceed `MALBILD_ATTACHMENT_MAX_BYTES`, then stops reading the body (`StopUpload`); the parser
closes (and so deletes) the temporary file and the view reports the error on the field.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload, load_handler

from .services.attachments import attachment_max_bytes


class AttachmentLimitHandler(FileUploadHandler):
    """Counts the bytes of the uploaded files; aborts the upload past the limit."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = attachment_max_bytes()
        self.received = 0
        self.exceeded = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            # connection_reset: do not read (nor discard) the rest of the body.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def install_attachment_limit(request) -> AttachmentLimitHandler:
    """Put the limiting handler in front of the configured ones; call before the body is read
    (the view must be `csrf_exempt` and check CSRF itself afterwards)."""
    handler = AttachmentLimitHandler(request)
    request.upload_handlers = [handler] + [
        load_handler(path, request) for path in settings.FILE_UPLOAD_HANDLERS
    ]
    return handler
