"""The one exception tree every layer raises and every front end routes.

The command line maps each branch to an exit code; the client maps each
branch to one kind of message box. Messages are plain words for hub staff.
"""

from __future__ import annotations


class MashError(Exception):
    """Base of every error the application means to show a person."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UserError(MashError):
    """The input was wrong: a missing field, a bad date, an unknown code."""

    exit_code = 2


class FieldError(UserError):
    """One named field of an input is missing or malformed."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFound(UserError):
    """A referral, agency or user named by the caller does not exist."""


class Refused(MashError):
    """The request was understood but is not allowed now (exit 1)."""

    exit_code = 1


class NotPermitted(Refused):
    """The caller's role or agency does not allow this."""


class Conflict(Refused):
    """Someone else changed the thing first, or it already exists."""


class InvalidTransition(Conflict):
    """A case lifecycle step that is not allowed from the case's state."""


class AccountLocked(Refused):
    """The account is locked after too many failed sign-ins."""


class EnvironmentFault(MashError):
    """The machine or the database is not usable: unreachable, full, busy."""

    exit_code = 1
