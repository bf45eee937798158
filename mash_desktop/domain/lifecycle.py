"""The case lifecycle as a pure state machine.

new → screened → researching → awaiting decision → decided → closed, with
reopen. Each step names the roles that may take it (DOMAIN.md "People and
roles"), as domain/access.py says. Nothing here touches the database:
services ask this module whether a step is allowed and what the new status
is, then record it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import access
from .codes import Rag, Role, Status, _Coded
from .errors import FieldError, InvalidTransition, NotPermitted


class Step(_Coded):
    SCREEN = ("screen", "Screen and set RAG")
    REQUEST_RESEARCH = ("request_research", "Request agency research")
    SUBMIT_FOR_DECISION = ("submit_for_decision", "Send for decision")
    DECIDE = ("decide", "Record decision")
    CLOSE = ("close", "Close after feedback")
    REOPEN = ("reopen", "Reopen")


@dataclass(frozen=True)
class Transition:
    """One step: the states it starts from, where it leads, who may take it."""

    step: Step
    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    needs_reason: bool = False


_S = Status
_A = access.Step

TRANSITIONS: dict[Step, Transition] = {
    t.step: t
    for t in (
        Transition(Step.SCREEN, frozenset({_S.NEW}), _S.SCREENED, access.roles_for(_A.SCREEN)),
        # Further agencies may be asked while research is under way.
        Transition(
            Step.REQUEST_RESEARCH,
            frozenset({_S.SCREENED, _S.RESEARCHING, _S.AWAITING_DECISION}),
            _S.RESEARCHING,
            access.roles_for(_A.REQUEST_RESEARCH),
        ),
        # Blue and clear-cut cases may go straight from screening to decision.
        Transition(
            Step.SUBMIT_FOR_DECISION,
            frozenset({_S.SCREENED, _S.RESEARCHING}),
            _S.AWAITING_DECISION,
            access.roles_for(_A.SUBMIT_FOR_DECISION),
        ),
        # Deciding while research is outstanding is a service-level rule
        # (it needs an override reason); the lifecycle allows the step.
        Transition(
            Step.DECIDE,
            frozenset({_S.RESEARCHING, _S.AWAITING_DECISION}),
            _S.DECIDED,
            access.roles_for(_A.DECIDE),
        ),
        Transition(
            Step.CLOSE,
            frozenset({_S.DECIDED}),
            _S.CLOSED,
            access.roles_for(_A.CLOSE),
        ),
        Transition(
            Step.REOPEN,
            frozenset({_S.DECIDED, _S.CLOSED}),
            _S.SCREENED,
            access.roles_for(_A.REOPEN),
            needs_reason=True,
        ),
    )
}

#: Roles that may change a RAG rating, in any state but closed.
RAG_ROLES = access.roles_for(_A.RATE)


def _names(items: Iterable[_Coded]) -> str:
    return ", ".join(sorted(i.label.lower() for i in items)) or "none"


def allowed_steps(status: Status, roles: Iterable[Role] | None = None) -> list[Step]:
    """Steps open from ``status``; limited to what ``roles`` may take if given."""
    held = None if roles is None else frozenset(roles)
    return [
        t.step
        for t in TRANSITIONS.values()
        if status in t.sources and (held is None or held & t.roles)
    ]


def take_step(
    step: Step, status: Status, roles: Iterable[Role], reason: str | None = None
) -> Status:
    """Return the status after ``step``, or raise saying what is allowed.

    Raises InvalidTransition when the case's state does not allow the step,
    NotPermitted when none of ``roles`` may take it, FieldError when a step
    that needs a reason has none.
    """
    rule = TRANSITIONS[step]
    if status not in rule.sources:
        open_steps = allowed_steps(status)
        raise InvalidTransition(
            f"A case that is {status.label.lower()} cannot be given "
            f"'{step.label.lower()}'. Allowed now: {_names(open_steps)}."
        )
    if not frozenset(roles) & rule.roles:
        raise NotPermitted(
            f"'{step.label}' needs the role of {_names(rule.roles)}."
        )
    if rule.needs_reason and not (reason and reason.strip()):
        raise FieldError("reason", f"a reason is required to {step.label.lower()}")
    return rule.target


def check_rag_change(
    status: Status, roles: Iterable[Role], old: Rag | None, new: Rag, reason: str | None
) -> str:
    """Validate a RAG rating change and return its cleaned reason.

    Every rating and re-rating needs a reason; only a supervisor may rate;
    a closed case is reopened before it is re-rated.
    """
    if not frozenset(roles) & RAG_ROLES:
        raise NotPermitted(f"Setting the RAG rating needs the role of {_names(RAG_ROLES)}.")
    if status is Status.CLOSED:
        raise InvalidTransition("A closed case must be reopened before its RAG rating changes.")
    cleaned = (reason or "").strip()
    if not cleaned:
        raise FieldError("reason", "a RAG rating or change always needs a reason")
    if old is new:
        raise InvalidTransition(f"The case is already rated {new.value}.")
    return cleaned
