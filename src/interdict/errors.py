"""The exception tree of interdict.

Every error a user can cause derives from :class:`InterdictError`. Errors about
input data name the file, the record and the field, so an operator can find the
problem without a debugger. Adapters (CLI, HTTP API) map these to exit codes and
status codes in one place each.
"""

from __future__ import annotations


class InterdictError(Exception):
    """Base class of every error interdict raises on purpose."""


class ConfigurationError(InterdictError):
    """A setting is missing or invalid."""


class InputError(InterdictError):
    """Input data is malformed. Carries where: file, record and field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.record = record
        self.field = field
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = [
            part
            for part in (
                self.file,
                f"record {self.record}" if self.record else None,
                f"field {self.field}" if self.field else None,
            )
            if part
        ]
        return f"{', '.join(where)}: {self.message}" if where else self.message


class ListFormatError(InputError):
    """A list file is malformed, truncated, empty or of an unknown format."""


class ListRejectedError(InterdictError):
    """A parsed list was refused, e.g. its entity count collapsed against the active one."""


class DownloadError(InterdictError):
    """A list could not be downloaded (timeout, HTTP error, truncated body, size limit)."""

    def __init__(self, message: str, *, url: str) -> None:
        self.url = url
        super().__init__(f"{url}: {message}")


class StoreError(InterdictError):
    """The snapshot store is unreachable, inconsistent or has no such snapshot."""


class NoListsLoadedError(StoreError):
    """Screening was asked for before any list was loaded."""

    def __init__(self) -> None:
        super().__init__("no sanctions list is loaded yet: run `interdict update` first")


class UnknownEntityError(StoreError):
    """No active snapshot holds the requested entity id."""


class QueryError(InputError):
    """A screening query is invalid (empty name, unknown type, malformed date)."""


class MessageError(InputError):
    """A payment message is malformed, hostile or of an unknown type."""
