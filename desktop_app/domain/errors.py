"""Errors the domain and the services raise; each carries a message a person understands."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """Whether an issue blocks saving (error) or only informs (warning)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class FieldIssue:
    """A problem with one field of a form, shown next to that field."""

    field: str
    message: str
    severity: Severity = Severity.ERROR


class DomainError(Exception):
    """Base of every refusal the application explains to its user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DomainError):
    """Input refused: one or more fields are invalid."""

    def __init__(self, issues: list[FieldIssue]) -> None:
        errors = [i for i in issues if i.severity is Severity.ERROR]
        summary = "; ".join(f"{i.field}: {i.message}" for i in errors) or "Invalid input"
        super().__init__(summary)
        self.issues = issues

    @classmethod
    def single(cls, field: str, message: str) -> ValidationError:
        """An error about one field."""
        return cls([FieldIssue(field, message)])

    @property
    def fields(self) -> set[str]:
        """Names of the fields in error."""
        return {i.field for i in self.issues if i.severity is Severity.ERROR}

    def message_for(self, field: str) -> str | None:
        """The first error message for ``field``, or None."""
        for issue in self.issues:
            if issue.field == field and issue.severity is Severity.ERROR:
                return issue.message
        return None


class NotFoundError(DomainError):
    """An object that was asked for does not exist (or no longer does)."""


class PermissionDeniedError(DomainError):
    """The operator account the workspace acts as may not do this."""


class RuleViolationError(DomainError):
    """A business rule forbids the action (children present, cycle, OA hub…)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class ConflictError(DomainError):
    """The object changed meanwhile (another window or instance); nothing was written."""


class StorageError(DomainError):
    """The database could not be opened, read or written."""


class PasswordRequiredError(StorageError):
    """A server wants a password for this user, or refused the one given (``wrong``).

    ``who`` names the user, server and database (``anna@dbhost:5432/customers``); neither
    it nor the message ever holds a password.
    """

    def __init__(self, message: str, *, who: str, wrong: bool) -> None:
        super().__init__(message)
        self.who = who
        self.wrong = wrong


class ExchangeFileError(DomainError):
    """A file to import or export cannot be used (unreadable, wrong format, not writable)."""


class ConnectionLostError(StorageError):
    """A team workspace's server went away (a restart, the network) in the middle of an action.

    Nothing of that action was saved; the next action connects again, so trying it again once
    the server is back works.
    """
