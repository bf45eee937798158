"""What a demo decision maker decides, and the words they record.

The outcome follows the rating and who the case is about (a child, an
unborn baby or an adult with care and support needs); the rationale and
next steps are written for that outcome, so a trainer never shows a "no
further action" that convenes a strategy discussion.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ...domain.codes import ConcernCategory, Outcome, Rag

#: Outcomes that fit a rating, by who the case is about (repeats weigh a choice).
OUTCOMES = {
    "child": {
        Rag.RED: (Outcome.STRATEGY_S47, Outcome.STRATEGY_S47, Outcome.IMMEDIATE_PROTECTION),
        Rag.AMBER: (Outcome.STRATEGY_S47, Outcome.CHILD_IN_NEED_S17, Outcome.CHILD_IN_NEED_S17),
        Rag.GREEN: (Outcome.EARLY_HELP, Outcome.EARLY_HELP, Outcome.REFER_ON, Outcome.INFORMATION_ADVICE),
        Rag.BLUE: (Outcome.INFORMATION_ADVICE, Outcome.NO_FURTHER_ACTION),
    },
    "adult": {
        Rag.RED: (Outcome.CARE_ACT_S42,),
        Rag.AMBER: (Outcome.CARE_ACT_S42, Outcome.NEEDS_ASSESSMENT),
        Rag.GREEN: (Outcome.NEEDS_ASSESSMENT, Outcome.REFER_ON, Outcome.INFORMATION_ADVICE),
        Rag.BLUE: (Outcome.INFORMATION_ADVICE, Outcome.NO_FURTHER_ACTION),
    },
}
OUTCOMES["unborn"] = {**OUTCOMES["child"], Rag.RED: (Outcome.STRATEGY_S47,)}

LEVEL = {Outcome.STRATEGY_S47: 4, Outcome.IMMEDIATE_PROTECTION: 4, Outcome.CARE_ACT_S42: 4,
         Outcome.CHILD_IN_NEED_S17: 3, Outcome.NEEDS_ASSESSMENT: 3, Outcome.EARLY_HELP: 2, Outcome.REFER_ON: 2,
         Outcome.INFORMATION_ADVICE: 1, Outcome.NO_FURTHER_ACTION: 1}

#: Where a case referred on goes, by its first concern; adults' services apart.
SERVICES = {
    "mental_health": "County CAMHS", "domestic_abuse": "Trentside Women's Aid (domestic abuse outreach)",
    "other": "District Council Housing Options", "neglect": "Family Support Team (Early Help)",
}
ADULT_SERVICES = {"mental_health": "Community Mental Health Team",
                  "domestic_abuse": "Trentside Women's Aid (domestic abuse outreach)",
                  "other": "District Council Housing Options"}
_YOUTH_SERVICE = "Young People's Substance Misuse Service"

RATIONALE = {
    Outcome.STRATEGY_S47:
        "There is reasonable cause to suspect that {name} is suffering, or is likely to suffer, significant "
        "harm ({concerns}). Research from {agencies} was considered; the section 47 threshold is met.",
    Outcome.IMMEDIATE_PROTECTION:
        "{name} is at immediate risk of significant harm ({concerns}) and cannot safely stay at home "
        "tonight. Research from {agencies} confirms the risk.",
    Outcome.CHILD_IN_NEED_S17:
        "{name} is a child in need: the concerns ({concerns}) call for an assessment of the family's needs. "
        "Research from {agencies} gives no reasonable cause at present to suspect significant harm.",
    Outcome.EARLY_HELP:
        "The concerns ({concerns}) point to needs that early help can meet with the family's agreement. "
        "Research from {agencies} was considered; the threshold for a statutory assessment is not met.",
    Outcome.REFER_ON:
        "The needs identified ({concerns}) are best met by a specialist service. Research from {agencies} "
        "shows no role for statutory social care at present.",
    Outcome.INFORMATION_ADVICE:
        "The information shared ({concerns}) is recorded; advice to the referrer is enough. Research from "
        "{agencies} raises nothing that calls for an assessment.",
    Outcome.NO_FURTHER_ACTION:
        "The contact ({concerns}) does not meet the threshold for any further involvement, and research "
        "from {agencies} raises no concern; no further action.",
    Outcome.CARE_ACT_S42:
        "There is reasonable cause to suspect that {name} has care and support needs, is experiencing or at "
        "risk of abuse or neglect ({concerns}) and because of those needs cannot protect themselves: the "
        "Care Act section 42 duty applies. Research from {agencies} was considered.",
    Outcome.NEEDS_ASSESSMENT:
        "{name} appears to have care and support needs that are not being met ({concerns}); the section 42 "
        "criteria are not met at present. Research from {agencies} was considered.",
}
NEXT_STEPS = {
    Outcome.STRATEGY_S47:
        "Strategy discussion with police and health convened {when}; section 47 enquiry by the assessment "
        "team to follow. Referrer told the outcome.",
    Outcome.IMMEDIATE_PROTECTION:
        "Police protection in place; emergency strategy discussion today and a section 47 enquiry; an "
        "emergency protection order is being sought. Referrer told the outcome.",
    Outcome.CHILD_IN_NEED_S17:
        "Child and family assessment (section 17) allocated to the assessment team, to be completed within "
        "45 working days. Referrer told the outcome.",
    Outcome.EARLY_HELP:
        "Stepped down to the {service}; a lead practitioner will contact the family within five working "
        "days. Referrer told the outcome.",
    Outcome.REFER_ON:
        "Referred to {service} with the family's knowledge. Referrer told the outcome.",
    Outcome.INFORMATION_ADVICE:
        "Advice given to the referrer on universal services and on when to contact the hub again.",
    Outcome.NO_FURTHER_ACTION:
        "No further action by the hub; referrer told the decision and the reasons.",
    Outcome.CARE_ACT_S42:
        "Section 42 enquiry led by Adult Social Care; safeguarding planning meeting within five working "
        "days. Referrer told the outcome.",
    Outcome.NEEDS_ASSESSMENT:
        "Care Act needs assessment by the locality team within 28 days. Referrer told the outcome.",
}
SCREENING = {
    Rag.RED: "Red: immediate risk of significant harm ({concerns}); decision due within four hours.",
    Rag.AMBER: "Amber: possible significant harm ({concerns}); partner checks within the working day.",
    Rag.GREEN: "Green: needs identified ({concerns}), no immediate risk.",
    Rag.BLUE: "Blue: information only ({concerns}); advice to the referrer is likely to be enough.",
}


@dataclass(frozen=True)
class Choice:
    outcome: Outcome
    level: int
    rationale: str
    next_steps: str
    named_service: str | None


def concerns_text(categories: list[str]) -> str:
    return ", ".join(ConcernCategory(c).label.lower() for c in categories) or "no category given"


def screening_reason(rag: Rag, categories: list[str]) -> str:
    return SCREENING[rag].format(concerns=concerns_text(categories))


def _service(outcome: Outcome, kind: str, categories: list[str], details: str) -> str | None:
    if outcome is Outcome.EARLY_HELP:
        return "Family Support Team (Early Help)"
    if outcome is not Outcome.REFER_ON:
        return None
    if kind != "adult" and "drug" in details.lower() and "exploitation" not in categories:
        return _YOUTH_SERVICE
    table = ADULT_SERVICES if kind == "adult" else SERVICES
    first = next((table[c] for c in categories if c in table), None)
    return first or ("Adult Social Care locality team" if kind == "adult" else "Family Support Team (Early Help)")


def decide(rng: random.Random, *, kind: str, rag: Rag, name: str, categories: list[str], details: str,
           agencies: list[str]) -> Choice:
    """The outcome, level and the decision maker's words for one demo case."""
    outcome = rng.choice(OUTCOMES[kind][rag])
    service = _service(outcome, kind, categories, details)
    if outcome is Outcome.REFER_ON and service == "Family Support Team (Early Help)":
        outcome = Outcome.EARLY_HELP
    fill = {"name": name, "concerns": concerns_text(categories),
            "agencies": ", ".join(agencies) or "partner agencies", "service": service or "",
            "when": "the same day" if rag is Rag.RED else "within two working days"}
    return Choice(outcome, LEVEL[outcome], RATIONALE[outcome].format_map(fill),
                  NEXT_STEPS[outcome].format_map(fill), service)
