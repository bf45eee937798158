"""The steps a person can take on one case, shared by the queue and the workspace.

Whether a step is offered follows domain/access.py (who may take it) and
domain/lifecycle.py (from which status); the services check both again
whatever a menu shows. ``STEP_KEYS`` keeps the shortcuts the same in the
queue's Case menu and the case workspace's.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...domain import access, lifecycle
from ...domain.access import Step
from ...domain.codes import Role, Status

#: Each step's shortcut, the same wherever the step is offered.
STEP_KEYS = {
    Step.SCREEN: "Ctrl+Shift+S",
    Step.ALLOCATE: "Ctrl+Shift+A",
    Step.DISCLOSE: "Ctrl+Shift+D",
    Step.AUTHORISE: "Ctrl+Shift+T",
    Step.SUBMIT_FOR_DECISION: "Ctrl+Shift+F",
    Step.DECIDE: "Ctrl+Shift+E",
    Step.CLOSE: "Ctrl+Shift+W",
    Step.REOPEN: "Ctrl+Shift+R",
}

#: Steps that move the case along its lifecycle, as domain/lifecycle.py names them.
_LIFECYCLE = {
    Step.SUBMIT_FOR_DECISION: lifecycle.Step.SUBMIT_FOR_DECISION,
    Step.DECIDE: lifecycle.Step.DECIDE,
    Step.CLOSE: lifecycle.Step.CLOSE,
    Step.REOPEN: lifecycle.Step.REOPEN,
}

#: Steps a closed case must be reopened for (rating, research, allocation).
_NOT_WHEN_CLOSED = (Step.SCREEN, Step.ALLOCATE)


def step_open(step: Step, status: Status | None, roles: Iterable[Role]) -> bool:
    """Whether someone holding ``roles`` may take ``step`` on a case at ``status`` (None: not known)."""
    if not access.may_act(roles, step):
        return False
    if status is None:
        return True
    if step in _LIFECYCLE:
        return _LIFECYCLE[step] in lifecycle.allowed_steps(status)
    if step in _NOT_WHEN_CLOSED:
        return status is not Status.CLOSED
    return True


def why_not(step: Step, status: Status | None, roles: Iterable[Role]) -> str:
    """A status tip saying why ``step`` is greyed out ('' if it is not)."""
    if not access.may_act(roles, step):
        return f"For {access.role_names(step)} only"
    if not step_open(step, status, roles) and status is not None:
        return f"Not while the case is {status.label.lower()}"
    return ""
