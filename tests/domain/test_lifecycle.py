import pytest

from mash_desktop.domain.codes import Rag, Role, Status
from mash_desktop.domain.errors import FieldError, InvalidTransition, NotPermitted
from mash_desktop.domain.lifecycle import Step, allowed_steps, check_rag_change, take_step

SUP = {Role.SUPERVISOR}
DM = {Role.DECISION_MAKER}


def test_happy_path_through_every_state():
    s = take_step(Step.SCREEN, Status.NEW, SUP)
    assert s is Status.SCREENED
    s = take_step(Step.REQUEST_RESEARCH, s, SUP)
    assert s is Status.RESEARCHING
    s = take_step(Step.SUBMIT_FOR_DECISION, s, SUP)
    assert s is Status.AWAITING_DECISION
    s = take_step(Step.DECIDE, s, DM)
    assert s is Status.DECIDED
    s = take_step(Step.CLOSE, s, SUP)
    assert s is Status.CLOSED
    assert take_step(Step.REOPEN, s, SUP, reason="new information from school") is Status.SCREENED


def test_invalid_step_names_what_is_allowed():
    with pytest.raises(InvalidTransition) as err:
        take_step(Step.DECIDE, Status.NEW, DM)
    assert "new contact" in str(err.value)
    assert "screen and set rag" in str(err.value)


def test_closed_case_allows_only_reopen():
    assert allowed_steps(Status.CLOSED) == [Step.REOPEN]
    with pytest.raises(InvalidTransition, match="Allowed now: reopen"):
        take_step(Step.CLOSE, Status.CLOSED, SUP)


@pytest.mark.parametrize(
    "step,status,roles",
    [
        (Step.SCREEN, Status.NEW, {Role.OFFICER}),
        (Step.DECIDE, Status.AWAITING_DECISION, SUP),
        (Step.REQUEST_RESEARCH, Status.SCREENED, {Role.ADMIN, Role.AUDITOR}),
        (Step.CLOSE, Status.DECIDED, {Role.OFFICER}),
    ],
)
def test_wrong_role_is_not_permitted(step, status, roles):
    with pytest.raises(NotPermitted, match="needs the role"):
        take_step(step, status, roles)


def test_reopen_needs_reason():
    with pytest.raises(FieldError) as err:
        take_step(Step.REOPEN, Status.CLOSED, SUP, reason="   ")
    assert err.value.field == "reason"


def test_allowed_steps_filtered_by_role():
    assert allowed_steps(Status.AWAITING_DECISION, DM) == [Step.DECIDE]
    assert allowed_steps(Status.AWAITING_DECISION, {Role.ADMIN}) == []
    assert Step.REQUEST_RESEARCH in allowed_steps(Status.AWAITING_DECISION, SUP)


def test_every_status_can_be_left_or_reopened():
    for status in Status:
        assert allowed_steps(status), status


def test_rag_change_needs_reason_and_supervisor():
    assert check_rag_change(Status.SCREENED, SUP, Rag.GREEN, Rag.RED, "  police log ") == "police log"
    with pytest.raises(FieldError):
        check_rag_change(Status.SCREENED, SUP, Rag.GREEN, Rag.RED, "")
    with pytest.raises(NotPermitted):
        check_rag_change(Status.SCREENED, {Role.OFFICER}, Rag.GREEN, Rag.RED, "x")
    with pytest.raises(InvalidTransition):
        check_rag_change(Status.CLOSED, SUP, Rag.GREEN, Rag.RED, "x")
    with pytest.raises(InvalidTransition, match="already"):
        check_rag_change(Status.RESEARCHING, SUP, Rag.RED, Rag.RED, "x")
