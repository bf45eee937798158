"""Who may see and do what in a case: the hub's access rules, in one place.

Every role set the application uses is named here, after what it means, and
nowhere else (tests/test_layers.py fails on a role set built anywhere else).
Services check these rules before they act (``signed.require(*roles_for(step))``),
the GUI greys out what the reader may not do by the same rules, and the pure
rules below say who may open a case and what a reader may know of a
disclosure. Nothing here touches the database, keys or Qt: the callers work out
the facts (is the reader's agency involved? does the authorisation verify?)
and ask.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from .codes import ConsentPosition, Role, Status, _Coded


class RoleSet(frozenset):  # frozenset[Role]
    """A set of roles that lists its roles in the order they were written.

    It is a frozenset (``roles & SET``, ``role in SET``); iterating it, and
    so ``require(*SET)`` and the "needs the role of …" message made from it,
    follows the written order, whatever the string hash of the run.
    """

    _order: tuple[Role, ...]

    def __new__(cls, *roles: Role) -> "RoleSet":
        made = super().__new__(cls, roles)
        made._order = tuple(dict.fromkeys(roles))
        return made

    def __iter__(self) -> Iterator[Role]:
        return iter(self._order)

    def __repr__(self) -> str:
        return f"RoleSet({', '.join(r.name for r in self._order)})"

    def __reduce__(self):  # pickles (and copies) as the same ordered set
        return (RoleSet, self._order)


# -- the role sets ---------------------------------------------------------------

#: Casework staff: they open cases and read their agency's panel and the
#: disclosures made to them; only they hold keys. Admin and auditor never do.
CASEWORK_ROLES = RoleSet(Role.OFFICER, Role.SUPERVISOR, Role.DECISION_MAKER)
#: Who may be given (allocated) a case, and so has a workload.
CASE_HOLDERS = RoleSet(Role.OFFICER, Role.SUPERVISOR)
#: Who writes their agency's panel, records its research and discloses from it.
PANEL_WRITERS = RoleSet(Role.OFFICER, Role.SUPERVISOR)
#: Who takes in a new contact (a referral typed in or imported).
CONTACT_TAKERS = RoleSet(Role.OFFICER, Role.SUPERVISOR)
#: Who gives a professional advice, records it, and finds consultations.
ADVISERS = RoleSet(Role.OFFICER, Role.SUPERVISOR, Role.DECISION_MAKER)
#: Who screens, rates, asks agencies to research, sends for decision and allocates.
SUPERVISORS = RoleSet(Role.SUPERVISOR)
#: Who authorises a disclosure made without consent (of their own agency, made
#: by someone else) and lists their agency's disclosures waiting for it; an
#: agency without a second supervisor appoints a deputy authoriser.
AUTHORISERS = RoleSet(Role.SUPERVISOR, Role.DEPUTY_AUTHORISER)
#: Who confirms a new member of their agency, so that keys may be sealed to them.
CONFIRMERS = RoleSet(Role.SUPERVISOR)
#: Who records the hub's decision.
DECISION_MAKERS = RoleSet(Role.DECISION_MAKER)
#: Who closes a decided case and reopens a decided or closed one.
CLOSERS = RoleSet(Role.SUPERVISOR, Role.DECISION_MAKER)
#: Who convenes and records a strategy discussion (the s47 decision is theirs to document).
STRATEGY_CONVENERS = RoleSet(Role.SUPERVISOR, Role.DECISION_MAKER)
#: Who marks a person's chronology finished and reopens it (anyone in
#: casework adds entries to it: Step.CHRONOLOGY).
CHRONOLOGY_FINISHERS = RoleSet(Role.SUPERVISOR, Role.DECISION_MAKER)
#: Who reads the hub's performance figures.
WATCHERS = RoleSet(Role.SUPERVISOR, Role.DECISION_MAKER, Role.ADMIN, Role.AUDITOR)
#: Who looks after their agency's staff: lists them, resets passwords (the admin menu).
STAFF_KEEPERS = RoleSet(Role.ADMIN, Role.SUPERVISOR)
#: Who administers accounts, partners, workstations and the hub's calendar.
ADMINISTRATORS = RoleSet(Role.ADMIN)
#: Who reads and verifies the audit trail.
AUDITORS = RoleSet(Role.AUDITOR)
#: Who keeps the hub's information-governance registers and logs: sharing
#: agreements, the retention schedule, legal holds, the disposal review and
#: subject access requests. They hold no keys and read no panel.
IG_OFFICERS = RoleSet(Role.IG_OFFICER)
#: Who records their agency's decision not to share (as the disclosing side would).
SHARING_DECIDERS = PANEL_WRITERS
#: Who exports their own agency's panels about a person for a subject access request.
PANEL_EXPORTERS = RoleSet(Role.SUPERVISOR)
#: The roles a new agency's lead is given when the agency joins the hub: they
#: supervise its casework and administer its staff and workstations.
AGENCY_LEAD_ROLES = RoleSet(Role.SUPERVISOR, Role.ADMIN)
#: What an officer appointed deputy authoriser holds: casework (so the agency's
#: keys are sealed to them) and the authority to authorise, refuse or return.
DEPUTY_OFFICER_ROLES = RoleSet(Role.OFFICER, Role.DEPUTY_AUTHORISER)


def holds(roles: Iterable[Role], wanted: Iterable[Role]) -> bool:
    """Whether ``roles`` include at least one of ``wanted``."""
    return bool(frozenset(roles) & frozenset(wanted))


# -- steps -----------------------------------------------------------------------

class Step(_Coded):
    """What a member may do in a case (and around it). The lifecycle's steps
    (domain/lifecycle.py ``Step``) have the same codes."""

    ADD_CONTACT = ("add_contact", "Take in a new contact")
    OPEN_CASE = ("open_case", "Open a case")
    SCREEN = ("screen", "Screen and set RAG")
    RATE = ("rate", "Set or change the RAG rating")
    REQUEST_RESEARCH = ("request_research", "Request agency research")
    RECORD_RESEARCH = ("record_research", "Mark the agency's research started or returned")
    ALLOCATE = ("allocate", "Allocate a case")
    WRITE_PANEL = ("write_panel", "Write the agency's panel")
    DISCLOSE = ("disclose", "Disclose from the agency's panel")
    AUTHORISE = ("authorise", "Authorise a disclosure")
    SUBMIT_FOR_DECISION = ("submit_for_decision", "Send for decision")
    DECIDE = ("decide", "Record decision")
    CLOSE = ("close", "Close after feedback")
    REOPEN = ("reopen", "Reopen")
    CONSULT = ("consult", "Record or find a consultation")
    WATCH = ("watch", "Read the performance figures")
    KEEP_STAFF = ("keep_staff", "Look after the agency's staff")
    CONFIRM_MEMBER = ("confirm_member", "Confirm a new member of the agency")
    ADMINISTER = ("administer", "Administer accounts, partners and workstations")
    AUDIT = ("audit", "Read and verify the audit trail")
    ACKNOWLEDGE = ("acknowledge", "Acknowledge a contact to its referrer")
    INFORM_SCHOOL = ("inform_school", "Record that a school's key adult was told (Operation Encompass)")
    CHRONOLOGY = ("chronology", "Add or change entries in a person's chronology")
    FINISH_CHRONOLOGY = ("finish_chronology", "Mark a person's chronology finished or reopen it")
    STRATEGY = ("strategy", "Convene and record a strategy discussion")
    STRATEGY_ACTION = ("strategy_action", "Mark a strategy discussion's action done")
    WARN = ("warn", "Add, change or end a warning on a person")
    DECLINE_SHARE = ("decline_share", "Record a decision not to share")
    GOVERN = ("govern", "Read the information-governance registers and logs")
    REGISTER_AGREEMENT = ("register_agreement", "Record or review a partner's information-sharing agreement")
    HOLD = ("hold", "Place or lift a legal hold on records")
    DISPOSE = ("dispose", "Run the disposal review and approve disposal")
    SUBJECT_ACCESS = ("subject_access", "Record and answer a subject access request")
    EXPORT_OWN_PANELS = ("export_own_panels", "Export the agency's own panels for a subject access request")


#: The roles that may take each step; a member needs one of them.
STEP_ROLES: Mapping[Step, RoleSet] = MappingProxyType({
    Step.ADD_CONTACT: CONTACT_TAKERS,
    Step.OPEN_CASE: CASEWORK_ROLES,
    Step.SCREEN: SUPERVISORS,
    Step.RATE: SUPERVISORS,
    Step.REQUEST_RESEARCH: SUPERVISORS,
    Step.RECORD_RESEARCH: PANEL_WRITERS,
    Step.ALLOCATE: SUPERVISORS,
    Step.WRITE_PANEL: PANEL_WRITERS,
    Step.DISCLOSE: PANEL_WRITERS,
    Step.AUTHORISE: AUTHORISERS,
    Step.SUBMIT_FOR_DECISION: SUPERVISORS,
    Step.DECIDE: DECISION_MAKERS,
    Step.CLOSE: CLOSERS,
    Step.REOPEN: CLOSERS,
    Step.CONSULT: ADVISERS,
    Step.WATCH: WATCHERS,
    Step.KEEP_STAFF: STAFF_KEEPERS,
    Step.CONFIRM_MEMBER: CONFIRMERS,
    Step.ADMINISTER: ADMINISTRATORS,
    Step.AUDIT: AUDITORS,
    Step.ACKNOWLEDGE: CONTACT_TAKERS,
    Step.INFORM_SCHOOL: CONTACT_TAKERS,
    Step.CHRONOLOGY: CASEWORK_ROLES,
    Step.FINISH_CHRONOLOGY: CHRONOLOGY_FINISHERS,
    Step.STRATEGY: STRATEGY_CONVENERS,
    Step.STRATEGY_ACTION: CASEWORK_ROLES,
    # Casework staff of any agency add their agency's warnings, and any of
    # them a hub-wide worker safety warning; only the adding agency's
    # casework staff change or end one (may_change_warning).
    Step.WARN: CASEWORK_ROLES,
    Step.DECLINE_SHARE: SHARING_DECIDERS,
    Step.GOVERN: IG_OFFICERS,
    Step.REGISTER_AGREEMENT: IG_OFFICERS,
    Step.HOLD: IG_OFFICERS,
    Step.DISPOSE: IG_OFFICERS,
    Step.SUBJECT_ACCESS: IG_OFFICERS,
    Step.EXPORT_OWN_PANELS: PANEL_EXPORTERS,
})


def roles_for(step: Step) -> RoleSet:
    """The roles that may take ``step`` (for ``require(*roles_for(step))``)."""
    return STEP_ROLES[step]


def may_act(roles: Iterable[Role], step: Step) -> bool:
    """Whether someone holding ``roles`` may take ``step``."""
    return holds(roles, STEP_ROLES[step])


def role_names(step: Step) -> str:
    """The roles that may take ``step`` as a person reads them: "officer or supervisor"."""
    return " or ".join(r.label.lower() for r in STEP_ROLES[step])


# -- opening a case --------------------------------------------------------------

class CaseAccess(enum.Enum):
    OPEN = "open"  # opens; the look is audited
    REASON_NEEDED = "reason_needed"  # opens only with a reason, kept in the audit trail
    REFUSED = "refused"  # never opens for this reader


#: Work a role does on cases it is not yet involved in, by the case's status:
#: a supervisor screens new contacts, a decision maker decides cases sent for
#: decision. Opening such a case for that work needs no reason, so that the
#: reasons in the audit trail mark the exceptional looks.
ROUTINE: Mapping[Status, RoleSet] = MappingProxyType({
    Status.NEW: STEP_ROLES[Step.SCREEN],
    Status.AWAITING_DECISION: STEP_ROLES[Step.DECIDE],
})


def case_access(roles: Iterable[Role], involved: bool, status: Status | None = None) -> CaseAccess:
    """Whether a reader may open a case.

    ``involved``: the case is allocated to the reader or to someone of their
    agency, their agency was asked to research it, or someone of their agency
    took a step on it. Casework staff open a
    case they are involved in, and a case in a status whose routine work is
    theirs (:data:`ROUTINE`: a supervisor, a new contact; a decision maker, a
    case awaiting decision); any other case needs a reason. Nobody else opens
    a case. A closed case opens like any other.
    """
    if not holds(roles, CASEWORK_ROLES):
        return CaseAccess.REFUSED
    if involved or (status in ROUTINE and holds(roles, ROUTINE[status])):
        return CaseAccess.OPEN
    return CaseAccess.REASON_NEEDED


def may_read_panel(roles: Iterable[Role], reader_agency_id: int | None, panel_agency_id: int) -> bool:
    """Only casework staff of the panel's own agency read a panel; every other is sealed."""
    return panel_agency_id == reader_agency_id and holds(roles, CASEWORK_ROLES)


# -- disclosures -----------------------------------------------------------------

def may_know_of_disclosure(reader_agency_id: int | None, from_agency_id: int, to_agency_id: int | None) -> bool:
    """Whether a disclosure is listed for a reader at all: it is from the
    reader's agency, or to the whole hub (``to_agency_id`` None), or to the
    reader's agency. One addressed to another agency is not even listed."""
    return from_agency_id == reader_agency_id or to_agency_id is None or to_agency_id == reader_agency_id


def is_pending(consent: ConsentPosition, authorisation_verified: bool, *, outcome_verified: bool = False) -> bool:
    """Made without consent, without an authorisation that verifies and not
    verifiably refused or returned (``outcome_verified``): it waits for a
    supervisor. Nobody but the disclosing agency may read it while it waits,
    nor after it was refused or returned (see :func:`may_read_disclosure_text`,
    which asks without the outcome)."""
    return consent is not ConsentPosition.GIVEN and not authorisation_verified and not outcome_verified


def may_read_disclosure_text(roles: Iterable[Role], reader_agency_id: int | None, from_agency_id: int,
                             to_agency_id: int | None, consent: ConsentPosition, authorisation_verified: bool,
                             *, made_verified: bool = True) -> bool:
    """Whether a reader may read what a disclosure says.

    Casework staff only. The disclosing agency always reads what it shared,
    pending or not. A recipient (the hub, or the agency it is addressed to)
    reads it only once it is no longer pending, and only if the discloser's
    signature on it verifies (``made_verified``).
    """
    if not holds(roles, CASEWORK_ROLES):
        return False
    if from_agency_id == reader_agency_id:
        return True
    return (may_know_of_disclosure(reader_agency_id, from_agency_id, to_agency_id) and made_verified
            and not is_pending(consent, authorisation_verified))


def may_authorise_disclosure(roles: Iterable[Role], reader_agency_id: int | None, reader_user_id: int | None,
                             from_agency_id: int, disclosed_by_id: int) -> bool:
    """A supervisor of the disclosing agency who did not make the disclosure
    (whether it still needs authorising is :func:`is_pending`)."""
    return (may_act(roles, Step.AUTHORISE) and from_agency_id == reader_agency_id
            and disclosed_by_id != reader_user_id)


#: Most characters in the reason for refusing or returning a disclosure.
OUTCOME_REASON_LIMIT = 2000


def may_decide_disclosure(roles: Iterable[Role], reader_agency_id: int | None, reader_user_id: int | None,
                          from_agency_id: int, disclosed_by_id: int) -> bool:
    """Whoever may authorise a disclosure may instead refuse it or return it
    to the discloser: never the discloser."""
    return may_authorise_disclosure(roles, reader_agency_id, reader_user_id, from_agency_id, disclosed_by_id)


def may_withdraw_disclosure(roles: Iterable[Role], reader_agency_id: int | None, reader_user_id: int | None,
                            from_agency_id: int, disclosed_by_id: int, returned: bool) -> bool:
    """A disclosure returned to the discloser may be withdrawn by them (they
    still disclose for their agency) or by whoever may authorise for the
    disclosing agency (a supervisor or deputy authoriser): only then, and
    only by the disclosing agency."""
    if not returned or from_agency_id != reader_agency_id:
        return False
    if reader_user_id == disclosed_by_id:
        return may_act(roles, Step.DISCLOSE)
    return may_act(roles, Step.AUTHORISE)


# -- strategy discussions --------------------------------------------------------

def may_complete_action(roles: Iterable[Role], reader_agency_id: int | None, reader_user_id: int | None,
                        owner_user_id: int | None, owner_agency_id: int | None) -> bool:
    """A strategy discussion's action is marked done by casework staff who own
    it (the member named, or a member of the agency named), or by whoever
    may convene a strategy discussion."""
    if not may_act(roles, Step.STRATEGY_ACTION):
        return False
    if may_act(roles, Step.STRATEGY):
        return True
    if owner_user_id is not None:
        return owner_user_id == reader_user_id
    return owner_agency_id is not None and owner_agency_id == reader_agency_id


# -- warnings on people ------------------------------------------------------------

def may_change_warning(roles: Iterable[Role], reader_agency_id: int | None, warning_agency_id: int) -> bool:
    """Casework staff of the agency that added a warning change or end it
    (a hub-wide worker safety warning too: the adding agency answers for it)."""
    return may_act(roles, Step.WARN) and reader_agency_id == warning_agency_id
