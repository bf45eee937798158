"""What a partner agency's research might find, for the demo hub's panels.

Every finding is invented. Each agency has a few short templates in the
register its staff write in; ``{name}`` is the subject's first name.
"""

from __future__ import annotations

import random

FINDINGS = {
    "POL": (
        "Niche search complete. Two domestic incidents at the home address in the last 12 months, both "
        "verbal only, DASH assessed standard risk. {name} was present at the second incident.",
        "One missing-from-home report for {name} last spring, found the same evening at a friend's address; "
        "return interview completed. No further police involvement.",
        "Intelligence (graded B2) links an adult in the household to the supply of controlled drugs. "
        "No convictions recorded against any household member.",
        "Adult male in the household has a conviction for common assault (2019) and a non-molestation order "
        "naming a former partner, still in force.",
        "No police records held for {name}. Neighbour dispute logged at the address in 2023; no offences.",
    ),
    "HLT": (
        "{name} is registered with the named GP practice; immunisations up to date. Two A&E attendances this "
        "year (minor injury, asthma) with no safeguarding flags raised at the time.",
        "Health visitor records: family last seen at the 2-year review; missed the last two appointments "
        "and did not respond to letters.",
        "Mother is open to perinatal mental health services; last contact three weeks ago, engaging well.",
        "School nursing team saw {name} twice this term about low mood; a referral to CAMHS was made and is "
        "waiting for triage.",
        "No health records raise a concern. {name} attends the GP and dentist as expected.",
    ),
    "EDU": (
        "{name}'s attendance this term is 81% (persistent absence threshold 90%). The school's designated "
        "safeguarding lead has noted tiredness and hunger on two occasions.",
        "Attendance 97%. No concerns noted by the school; {name} is described as settled with good friendships.",
        "{name} has an EHC plan for speech, language and communication needs; reviewed last month, "
        "parents attended.",
        "Two fixed-term suspensions this year for physical aggression towards peers; the school is "
        "completing an Early Help assessment.",
    ),
    "CSC": (
        "Family known to Children's Social Care: a child-in-need plan closed 14 months ago after goals "
        "were met. No current involvement.",
        "No previous involvement with {name} or the household found on the case management system.",
        "{name}'s older sibling was subject to a child protection plan (neglect) from 2021 to 2022.",
    ),
    "ASC": (
        "{name} is known to Adult Social Care with a care and support plan (two calls a day). Last review "
        "six months ago recorded no concerns.",
        "A section 42 enquiry about the same address was closed last year with no further action.",
        "No records held by Adult Social Care for {name}.",
    ),
    "EH": (
        "Family worked with the Family Support Team last year (parenting programme, completed). "
        "Case closed with a step-down plan to the school.",
        "No Early Help involvement recorded for {name} or the household.",
    ),
    "PRB": (
        "Adult in the household is subject to a community order with a requirement to attend a "
        "domestic abuse programme; attended 6 of 8 sessions. Assessed as medium risk of serious harm to "
        "a known adult.",
        "No probation records held for any adult in the household.",
    ),
}


def finding(rng: random.Random, agency_code: str, first_name: str) -> str:
    """One invented research finding of ``agency_code`` about ``first_name``."""
    templates = FINDINGS.get(agency_code, ("No records held for {name}.",))
    return rng.choice(templates).format(name=first_name)
