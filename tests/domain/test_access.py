"""Who may see and do what in a case (domain/access.py), against tables written out by hand.

Every expected value below is typed in, not computed: the tables say what the
services enforce today (each ``require`` call, disclosure_view, the case
workspace's reason prompt), so a change to a rule has to change a table too.
"""

from __future__ import annotations

import ast
import pickle
import sys
from pathlib import Path

import pytest

from mash_desktop.domain import access
from mash_desktop.domain.access import CaseAccess, Step
from mash_desktop.domain.codes import ConsentPosition, Role, Status
from mash_desktop.domain.lifecycle import Step as LifeStep, allowed_steps

O, S, D, A, U = Role.OFFICER, Role.SUPERVISOR, Role.DECISION_MAKER, Role.ADMIN, Role.AUDITOR

#: The role holdings the tables are checked for: each role alone, none, and
#: the combinations the hub gives people (an agency lead is supervisor and admin).
HOLDINGS = {
    "officer": {O}, "supervisor": {S}, "decision maker": {D}, "admin": {A}, "auditor": {U}, "none": set(),
    "supervisor+admin": {S, A}, "officer+decision maker": {O, D}, "admin+auditor": {A, U},
}


# -- steps ---------------------------------------------------------------------------

#: Who may take each step: o officer, s supervisor, d decision maker, a admin, u auditor.
STEPS = {
    Step.ADD_CONTACT: "os",  # referral add/import, New contact
    Step.OPEN_CASE: "osd",  # workspace, documents, reports
    Step.SCREEN: "s",
    Step.RATE: "s",
    Step.REQUEST_RESEARCH: "s",
    Step.RECORD_RESEARCH: "os",  # casework.set_research_status
    Step.ALLOCATE: "s",
    Step.WRITE_PANEL: "os",
    Step.DISCLOSE: "os",
    Step.AUTHORISE: "st",  # t: deputy authoriser
    Step.SUBMIT_FOR_DECISION: "s",
    Step.DECIDE: "d",
    Step.CLOSE: "sd",
    Step.REOPEN: "sd",
    Step.CONSULT: "osd",
    Step.WATCH: "sdau",  # performance figures
    Step.KEEP_STAFF: "as",  # staff list, password reset, the Hub menu
    Step.CONFIRM_MEMBER: "s",
    Step.ADMINISTER: "a",  # accounts, partners, workstations, the Partners tab
    Step.AUDIT: "u",  # the audit trail
    Step.ACKNOWLEDGE: "os",  # the acknowledgement to the referrer, like taking the contact
    Step.INFORM_SCHOOL: "os",  # Operation Encompass: the school's key adult told
    Step.CHRONOLOGY: "osd",  # entries in a person's chronology
    Step.FINISH_CHRONOLOGY: "sd",  # finishing and reopening it
    Step.STRATEGY: "sd",  # convening and recording a strategy discussion
    Step.STRATEGY_ACTION: "osd",  # marking its action done (also the action's owner: may_complete_action)
    Step.WARN: "osd",  # warnings on people (changing or ending: the adding agency only)
    Step.DECLINE_SHARE: "os",  # a decision not to share, by those who would disclose
    Step.GOVERN: "g",  # g: information governance officer; registers and logs
    Step.REGISTER_AGREEMENT: "g",  # the sharing agreements register
    Step.HOLD: "g",  # legal holds
    Step.DISPOSE: "g",  # the disposal review
    Step.SUBJECT_ACCESS: "g",  # subject access requests
    Step.EXPORT_OWN_PANELS: "s",  # an agency's own panels for a subject access request
}
LETTER = {O: "o", S: "s", D: "d", A: "a", U: "u", Role.DEPUTY_AUTHORISER: "t", Role.IG_OFFICER: "g"}


def test_every_step_has_its_row():
    assert set(STEPS) == set(Step) == set(access.STEP_ROLES)


@pytest.mark.parametrize("step", list(Step), ids=lambda s: s.value)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_who_may_take_each_step(step, role):
    assert access.may_act({role}, step) is (LETTER[role] in STEPS[step])
    assert (role in access.roles_for(step)) is (LETTER[role] in STEPS[step])


@pytest.mark.parametrize("step", list(Step), ids=lambda s: s.value)
def test_nobody_without_roles_acts_and_more_roles_never_take_away(step):
    assert not access.may_act(set(), step)
    assert access.may_act(set(Role), step)


def test_role_sets_list_their_roles_in_the_written_order():
    """The order is what "This needs the role of …" says, as before the sets moved here."""
    assert list(access.roles_for(Step.KEEP_STAFF)) == [A, S]
    assert list(access.roles_for(Step.OPEN_CASE)) == [O, S, D]
    assert list(access.roles_for(Step.WATCH)) == [S, D, A, U]
    assert list(access.roles_for(Step.CLOSE)) == [S, D]
    assert access.role_names(Step.DISCLOSE) == "officer or supervisor"
    assert access.role_names(Step.KEEP_STAFF) == "administrator or supervisor"
    assert access.CASEWORK_ROLES == frozenset({O, S, D})
    assert access.CASE_HOLDERS == frozenset({O, S})
    assert access.AGENCY_LEAD_ROLES == frozenset({S, A})
    assert pickle.loads(pickle.dumps(access.WATCHERS)) == access.WATCHERS
    assert list(pickle.loads(pickle.dumps(access.WATCHERS))) == [S, D, A, U]
    assert type(frozenset({O}) & access.CASEWORK_ROLES) is frozenset


#: Lifecycle steps open to one role in each status (domain/lifecycle.py takes its roles from access).
LIFECYCLE = {
    (Status.NEW, "supervisor"): {LifeStep.SCREEN},
    (Status.SCREENED, "supervisor"): {LifeStep.REQUEST_RESEARCH, LifeStep.SUBMIT_FOR_DECISION},
    (Status.RESEARCHING, "supervisor"): {LifeStep.REQUEST_RESEARCH, LifeStep.SUBMIT_FOR_DECISION},
    (Status.RESEARCHING, "decision maker"): {LifeStep.DECIDE},
    (Status.AWAITING_DECISION, "supervisor"): {LifeStep.REQUEST_RESEARCH},
    (Status.AWAITING_DECISION, "decision maker"): {LifeStep.DECIDE},
    (Status.DECIDED, "supervisor"): {LifeStep.CLOSE, LifeStep.REOPEN},
    (Status.DECIDED, "decision maker"): {LifeStep.CLOSE, LifeStep.REOPEN},
    (Status.CLOSED, "supervisor"): {LifeStep.REOPEN},
    (Status.CLOSED, "decision maker"): {LifeStep.REOPEN},
}


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
@pytest.mark.parametrize("who", ["officer", "supervisor", "decision maker", "admin", "auditor"])
def test_lifecycle_steps_by_role_and_status(status, who):
    assert set(allowed_steps(status, HOLDINGS[who])) == LIFECYCLE.get((status, who), set())


# -- opening a case ------------------------------------------------------------------

#: (holding, involved) → access in every status but the routine ones below, closed cases included.
CASE = {
    ("officer", True): CaseAccess.OPEN, ("officer", False): CaseAccess.REASON_NEEDED,
    ("supervisor", True): CaseAccess.OPEN, ("supervisor", False): CaseAccess.REASON_NEEDED,
    ("decision maker", True): CaseAccess.OPEN, ("decision maker", False): CaseAccess.REASON_NEEDED,
    ("admin", True): CaseAccess.REFUSED, ("admin", False): CaseAccess.REFUSED,
    ("auditor", True): CaseAccess.REFUSED, ("auditor", False): CaseAccess.REFUSED,
    ("none", True): CaseAccess.REFUSED, ("none", False): CaseAccess.REFUSED,
    ("supervisor+admin", True): CaseAccess.OPEN, ("supervisor+admin", False): CaseAccess.REASON_NEEDED,
    ("officer+decision maker", True): CaseAccess.OPEN,
    ("officer+decision maker", False): CaseAccess.REASON_NEEDED,
    ("admin+auditor", True): CaseAccess.REFUSED, ("admin+auditor", False): CaseAccess.REFUSED,
}


def test_the_case_table_covers_every_holding():
    assert {who for who, _ in CASE} == set(HOLDINGS)


#: (holding, status) where a case the reader is not involved in opens without a
#: reason: the routine work of that role in that status. Everything else is CASE.
ROUTINE_OPEN = {
    ("supervisor", Status.NEW), ("supervisor+admin", Status.NEW),
    ("decision maker", Status.AWAITING_DECISION), ("officer+decision maker", Status.AWAITING_DECISION),
}


@pytest.mark.parametrize("status", [*Status, None], ids=lambda s: s.value if s else "no status")
@pytest.mark.parametrize(("who", "involved"), list(CASE), ids=lambda v: str(v))
def test_case_access(who, involved, status):
    expected = CaseAccess.OPEN if (who, status) in ROUTINE_OPEN else CASE[(who, involved)]
    assert access.case_access(frozenset(HOLDINGS[who]), involved, status) is expected
    assert access.case_access(tuple(HOLDINGS[who]), involved, status) is expected


#: Panels: (holding, whose panel) → may read. Own agency's only, casework staff only.
PANEL = {
    ("officer", "own"): True, ("officer", "other"): False,
    ("supervisor", "own"): True, ("supervisor", "other"): False,
    ("decision maker", "own"): True, ("decision maker", "other"): False,
    ("admin", "own"): False, ("admin", "other"): False,
    ("auditor", "own"): False, ("auditor", "other"): False,
}


@pytest.mark.parametrize(("who", "whose"), list(PANEL), ids=str)
def test_may_read_panel(who, whose):
    assert access.may_read_panel(HOLDINGS[who], CSC, CSC if whose == "own" else POL) is PANEL[(who, whose)]


def test_a_reader_of_no_agency_reads_no_panel():
    assert not access.may_read_panel({O}, None, CSC)


# -- disclosures ---------------------------------------------------------------------

# The reader works for CSC. "hub agency" is the hub's own agency disclosing.
POL, CSC, HLT, HUB_AGENCY = 1, 2, 3, 4
FROM = {"own": CSC, "other": POL, "hub agency": HUB_AGENCY}
TO = {"hub": None, "own": CSC, "other": HLT}

#: (from, to) → the reader may know of it (it is listed for them at all).
KNOW = {
    ("own", "hub"): True, ("own", "other"): True,
    ("other", "hub"): True, ("other", "own"): True, ("other", "other"): False,
    ("hub agency", "hub"): True, ("hub agency", "own"): True, ("hub agency", "other"): False,
}

#: Columns of the text tables: consent × authorisation verified.
STATES = [(ConsentPosition.GIVEN, False), (ConsentPosition.GIVEN, True),
          (ConsentPosition.REFUSED, False), (ConsentPosition.REFUSED, True),
          (ConsentPosition.NOT_SOUGHT, False), (ConsentPosition.NOT_SOUGHT, True)]
#: Pending, in the column order of STATES.
PENDING = "..P.P."

#: (from, to) → may casework staff read the text, in STATES order (Y/N). The
#: discloser's agency reads its own even while pending; a recipient reads it
#: once consent is given or the authorisation verifies.
READ = {
    ("own", "hub"): "YYYYYY", ("own", "other"): "YYYYYY",
    ("other", "hub"): "YYNYNY", ("other", "own"): "YYNYNY", ("other", "other"): "NNNNNN",
    ("hub agency", "hub"): "YYNYNY", ("hub agency", "own"): "YYNYNY", ("hub agency", "other"): "NNNNNN",
}
#: The same when the discloser's signature on it does not verify (changed outside the hub).
READ_UNSIGNED = {
    ("own", "hub"): "YYYYYY", ("own", "other"): "YYYYYY",
    ("other", "hub"): "NNNNNN", ("other", "own"): "NNNNNN", ("other", "other"): "NNNNNN",
    ("hub agency", "hub"): "NNNNNN", ("hub agency", "own"): "NNNNNN", ("hub agency", "other"): "NNNNNN",
}
#: Which holdings read disclosure text at all (casework staff).
READS_TEXT = {"officer": True, "supervisor": True, "decision maker": True, "admin": False, "auditor": False,
              "none": False, "supervisor+admin": True, "officer+decision maker": True, "admin+auditor": False}


def test_the_disclosure_tables_cover_every_case():
    assert set(KNOW) == set(READ) == set(READ_UNSIGNED)
    assert set(READS_TEXT) == set(HOLDINGS)
    assert all(len(row) == len(STATES) for row in (*READ.values(), *READ_UNSIGNED.values(), PENDING))


@pytest.mark.parametrize(("consent", "authorised"), STATES, ids=str)
def test_is_pending(consent, authorised):
    assert access.is_pending(consent, authorised) is (PENDING[STATES.index((consent, authorised))] == "P")


@pytest.mark.parametrize(("sender", "recipient"), list(KNOW), ids=str)
def test_may_know_of_disclosure(sender, recipient):
    assert access.may_know_of_disclosure(CSC, FROM[sender], TO[recipient]) is KNOW[(sender, recipient)]


@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
@pytest.mark.parametrize(("sender", "recipient"), list(KNOW), ids=str)
@pytest.mark.parametrize("who", list(HOLDINGS))
def test_may_read_disclosure_text(who, sender, recipient, signed):
    row = (READ if signed else READ_UNSIGNED)[(sender, recipient)]
    for column, (consent, authorised) in enumerate(STATES):
        expected = READS_TEXT[who] and row[column] == "Y"
        got = access.may_read_disclosure_text(HOLDINGS[who], CSC, FROM[sender], TO[recipient], consent, authorised,
                                              made_verified=signed)
        assert got is expected, (who, sender, recipient, consent.value, authorised, signed)


def test_a_reader_knows_nothing_it_could_not_list():
    """Text is never readable where the disclosure is not even listed."""
    for (sender, recipient), known in KNOW.items():
        if not known:
            assert READ[(sender, recipient)] == "NNNNNN"


#: (holding, disclosing agency, made by the reader) → may authorise.
AUTHORISE = {
    ("supervisor", "own", False): True, ("supervisor", "own", True): False,
    ("supervisor", "other", False): False, ("supervisor", "other", True): False,
    ("supervisor+admin", "own", False): True,
    ("officer", "own", False): False, ("decision maker", "own", False): False,
    ("admin", "own", False): False, ("auditor", "own", False): False,
}


@pytest.mark.parametrize(("who", "sender", "mine"), list(AUTHORISE), ids=str)
def test_may_authorise_disclosure(who, sender, mine):
    me, someone_else = 10, 11
    got = access.may_authorise_disclosure(HOLDINGS[who], CSC, me, FROM[sender], me if mine else someone_else)
    assert got is AUTHORISE[(who, sender, mine)]


#: (holding, disclosing agency, made by the reader, returned to the discloser) → may withdraw.
WITHDRAW = {
    ("officer", "own", True, True): True, ("officer", "own", False, True): False,
    ("officer", "own", True, False): False, ("officer", "other", True, True): False,
    ("supervisor", "own", True, True): True, ("supervisor", "own", False, True): True,
    ("supervisor", "own", False, False): False, ("supervisor", "other", False, True): False,
    ("supervisor+admin", "own", False, True): True,
    ("decision maker", "own", True, True): False, ("decision maker", "own", False, True): False,
    ("admin", "own", True, True): False, ("auditor", "own", False, True): False, ("none", "own", True, True): False,
}


@pytest.mark.parametrize(("who", "sender", "mine", "returned"), list(WITHDRAW), ids=str)
def test_may_withdraw_disclosure(who, sender, mine, returned):
    me, someone_else = 10, 11
    got = access.may_withdraw_disclosure(HOLDINGS[who], CSC, me, FROM[sender], me if mine else someone_else,
                                         returned)
    assert got is WITHDRAW[(who, sender, mine, returned)]


def test_a_deputy_authoriser_may_withdraw_a_returned_disclosure_of_their_agency():
    deputy = set(access.DEPUTY_OFFICER_ROLES)
    assert access.may_withdraw_disclosure(deputy, CSC, 10, CSC, 11, True)
    assert not access.may_withdraw_disclosure(deputy, CSC, 10, CSC, 11, False)


# -- purity --------------------------------------------------------------------------

def test_access_imports_only_the_domain_and_the_standard_library():
    path = Path(access.__file__)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            ok = node.level == 1 or node.module == "__future__" or node.module.split(".")[0] in sys.stdlib_module_names
            assert ok, f"access.py imports {node.module}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                assert alias.name.split(".")[0] in sys.stdlib_module_names, f"access.py imports {alias.name}"
