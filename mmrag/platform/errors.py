"""One error hierarchy for mmrag; the API maps it to HTTP problems in one place."""

from __future__ import annotations


class MMRagError(Exception):
    """Base of every error mmrag raises on purpose."""

    code = "mmrag_error"
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(MMRagError):
    """A file or request that mmrag cannot process as given; retrying will not help."""

    code = "invalid_input"
    http_status = 422


class UnsupportedFileType(InputError):
    """The bytes are not a format mmrag ingests."""

    code = "unsupported_file_type"
    http_status = 415


class EmptyFile(InputError):
    """A zero-length file, or one with no content to index."""

    code = "empty_file"


class CorruptFile(InputError):
    """The file claims a format but cannot be parsed."""

    code = "corrupt_file"


class EncryptedFile(InputError):
    """A password-protected document."""

    code = "encrypted_file"


class LimitExceeded(InputError):
    """A configured limit (bytes, pages, seconds, pixels) was exceeded."""

    code = "limit_exceeded"
    http_status = 413


class NotFound(MMRagError):
    """A document, job or blob that does not exist (for this tenant)."""

    code = "not_found"
    http_status = 404


class Unauthorized(MMRagError):
    """Missing or unknown API key."""

    code = "unauthorized"
    http_status = 401


class ModelUnavailable(MMRagError):
    """A model that mmrag needs is not installed; mmrag never downloads one at run time."""

    code = "model_unavailable"
    http_status = 503


class ServiceUnavailable(MMRagError):
    """A backing service (broker, index, LLM) cannot be reached; a retry may succeed."""

    code = "service_unavailable"
    http_status = 503


class IndexLocked(ServiceUnavailable):
    """The embedded index is open in another process."""

    code = "index_locked"
