"""The hub's fixed vocabularies: RAG, case status, roles, outcomes, bases.

Each enum's value is the stable code stored in the database and used on the
command line; ``label`` is what a person reads.
"""

from __future__ import annotations

import enum


class _Coded(str, enum.Enum):
    """A str enum whose members carry a human label."""

    def __new__(cls, value: str, label: str) -> "_Coded":
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label  # type: ignore[attr-defined]
        return member

    label: str

    @classmethod
    def parse(cls, text: str) -> "_Coded":
        """Accept a code in any case, with '-' or ' ' for '_'."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        for member in cls:
            if member.value == key:
                return member
        raise ValueError(f"{text!r} is not one of {', '.join(m.value for m in cls)}")

    def __str__(self) -> str:
        return self.value


class Rag(_Coded):
    RED = ("red", "Red: immediate risk of significant harm")
    AMBER = ("amber", "Amber: possible significant harm")
    GREEN = ("green", "Green: needs, no immediate risk")
    BLUE = ("blue", "Blue: information only or advice")


class Status(_Coded):
    NEW = ("new", "New contact")
    SCREENED = ("screened", "Screened and triaged")
    RESEARCHING = ("researching", "Agency research")
    AWAITING_DECISION = ("awaiting_decision", "Awaiting decision")
    DECIDED = ("decided", "Decided")
    CLOSED = ("closed", "Closed")


class Role(_Coded):
    OFFICER = ("officer", "Officer")
    SUPERVISOR = ("supervisor", "Supervisor")
    DECISION_MAKER = ("decision_maker", "Decision maker")
    ADMIN = ("admin", "Administrator")
    AUDITOR = ("auditor", "Auditor")
    #: Appointed by the agency's administrator: may authorise, refuse or
    #: return a disclosure made without consent, as a supervisor may.
    DEPUTY_AUTHORISER = ("authoriser", "Deputy authoriser")
    #: Keeps the hub's information-governance registers and logs (sharing
    #: agreements, retention, legal holds, disposal, subject access); reads no panel.
    IG_OFFICER = ("ig_officer", "Information governance officer")


class AgencyKind(_Coded):
    HUB = ("hub", "Hub management")
    POLICE = ("police", "Police")
    CHILDRENS_SOCIAL_CARE = ("childrens_social_care", "Children's social care")
    ADULT_SOCIAL_CARE = ("adult_social_care", "Adult social care")
    HEALTH = ("health", "Health")
    PROBATION = ("probation", "Probation")
    EDUCATION = ("education", "Education")
    EARLY_HELP = ("early_help", "Early help")
    VOLUNTARY = ("voluntary", "Voluntary sector")
    AMBULANCE = ("ambulance", "Ambulance service")
    FIRE = ("fire", "Fire and rescue")
    OTHER = ("other", "Other partner")


class ContactSource(_Coded):
    POLICE = ("police", "Police")
    SCHOOL = ("school", "School or education")
    HEALTH = ("health", "Health")
    SOCIAL_CARE = ("social_care", "Social care")
    PROBATION = ("probation", "Probation")
    EARLY_HELP = ("early_help", "Early help")
    HOUSING = ("housing", "Housing")
    VOLUNTARY = ("voluntary", "Voluntary sector")
    PUBLIC = ("public", "Member of the public")
    ANONYMOUS = ("anonymous", "Anonymous")
    OTHER = ("other", "Other")


class Channel(_Coded):
    PHONE = ("phone", "Telephone")
    EMAIL = ("email", "Email")
    PORTAL = ("portal", "Online portal")
    IN_PERSON = ("in_person", "In person")
    LETTER = ("letter", "Letter")


class ConcernCategory(_Coded):
    NEGLECT = ("neglect", "Neglect")
    PHYSICAL = ("physical", "Physical abuse")
    SEXUAL = ("sexual", "Sexual abuse")
    EMOTIONAL = ("emotional", "Emotional abuse")
    DOMESTIC_ABUSE = ("domestic_abuse", "Domestic abuse")
    EXPLOITATION = ("exploitation", "Exploitation")
    MISSING = ("missing", "Missing")
    RADICALISATION = ("radicalisation", "Radicalisation")
    MENTAL_HEALTH = ("mental_health", "Mental health")
    OTHER = ("other", "Other")


class Outcome(_Coded):
    STRATEGY_S47 = ("strategy_s47", "Strategy discussion / s47 enquiry")
    CHILD_IN_NEED_S17 = ("child_in_need_s17", "Child in need assessment (s17)")
    EARLY_HELP = ("early_help", "Early help (step-down)")
    REFER_ON = ("refer_on", "Refer to another agency or service")
    INFORMATION_ADVICE = ("information_advice", "Information and advice")
    NO_FURTHER_ACTION = ("no_further_action", "No further action")
    CARE_ACT_S42 = ("care_act_s42", "Care Act s42 enquiry")
    NEEDS_ASSESSMENT = ("needs_assessment", "Adult needs assessment")
    IMMEDIATE_PROTECTION = ("immediate_protection", "Immediate protection")


#: Outcomes that must name the service the case goes to.
OUTCOMES_NAMING_SERVICE = frozenset({Outcome.EARLY_HELP, Outcome.REFER_ON})


class ThresholdLevel(enum.IntEnum):
    """Continuum of Need levels."""

    UNIVERSAL = 1
    EARLY_HELP = 2
    COMPLEX = 3
    ACUTE = 4

    @property
    def label(self) -> str:
        return {
            1: "1 Universal",
            2: "2 Early help",
            3: "3 Complex / targeted",
            4: "4 Acute / protection",
        }[self.value]


class ResearchStatus(_Coded):
    REQUESTED = ("requested", "Requested")
    IN_PROGRESS = ("in_progress", "In progress")
    RETURNED = ("returned", "Returned")
    NOTHING_KNOWN = ("nothing_known", "Nothing known")


class ConsentPosition(_Coded):
    GIVEN = ("given", "Consent given")
    REFUSED = ("refused", "Consent refused")
    NOT_SOUGHT = ("not_sought", "Consent not sought")


class DisclosureOutcome(_Coded):
    """What a supervisor decided instead of authorising a disclosure."""
    REFUSED = ("refused", "Refused")
    RETURNED = ("returned", "Returned to the discloser")
    #: The discloser (or a supervisor of their agency) took back a returned disclosure.
    WITHDRAWN = ("withdrawn", "Withdrawn by the disclosing agency")


class LawfulBasis(_Coded):
    ART6_1C = ("art6_1c", "UK GDPR Art 6(1)(c) legal obligation")
    ART6_1E = ("art6_1e", "UK GDPR Art 6(1)(e) public task")
    ART6_1D = ("art6_1d", "UK GDPR Art 6(1)(d) vital interests")
    ART6_1A = ("art6_1a", "UK GDPR Art 6(1)(a) consent")
    ART9_2G_SCH1_18 = (
        "art9_2g_sch1_18",
        "UK GDPR Art 9(2)(g) with DPA 2018 Sch 1 para 18 (safeguarding)",
    )
    DPA_PART3_S35_SCH8_4 = (
        "dpa_part3_s35_sch8_4",
        "DPA 2018 Part 3 s35 with Sch 8 para 4 (law enforcement)",
    )


class StatutoryGateway(_Coded):
    CA1989_S17 = ("ca1989_s17", "Children Act 1989 s17")
    CA1989_S47 = ("ca1989_s47", "Children Act 1989 s47")
    CA2004_S10 = ("ca2004_s10", "Children Act 2004 s10")
    CA2004_S11 = ("ca2004_s11", "Children Act 2004 s11")
    CDA1998_S115 = ("cda1998_s115", "Crime and Disorder Act 1998 s115")
    CARE_ACT_S42 = ("care_act_s42", "Care Act 2014 s42")
    CARE_ACT_S45 = ("care_act_s45", "Care Act 2014 s45")


class HandlingCode(_Coded):
    P = ("P", "P: lawful to share")
    C = ("C", "C: share with conditions")

    @classmethod
    def parse(cls, text: str) -> "HandlingCode":
        key = text.strip().upper()
        for member in cls:
            if member.value == key:
                return member
        raise ValueError(f"{text!r} is not one of P, C")


class DocumentKind(_Coded):
    SHARING_RECORD = ("sharing_record", "Information-sharing record")
    CASE_SUMMARY = ("case_summary", "Case summary")
    FEEDBACK_LETTER = ("feedback_letter", "Feedback to the referrer")
    ACKNOWLEDGEMENT_LETTER = ("acknowledgement_letter", "Acknowledgement to the referrer")
    ENCOMPASS_NOTICE = ("encompass_notice", "Operation Encompass notification to the school")
    FAMILY_NETWORK = ("family_network", "Family network")
    STRATEGY_MINUTES = ("strategy_minutes", "Strategy discussion minutes")
    PERSON_CHRONOLOGY = ("person_chronology", "Person chronology")
    SUBJECT_ACCESS = ("subject_access", "Subject access response (redacted)")
    SUBJECT_ACCESS_LOG = ("subject_access_log", "Subject access redaction log")
    SUBJECT_ACCESS_PANELS = ("subject_access_panels", "Subject access: an agency's own records")
    DISPOSAL_CERTIFICATE = ("disposal_certificate", "Disposal certificate")


class DocumentRelease(_Coded):
    """What happened to a produced document after it was made."""

    PRINT = ("print", "Printed")
    EXPORT = ("export", "Exported")
