"""Realistic but entirely fictional referrals for a demo or training hub.

:func:`referral_payload` builds one referral in the JSON shape a referral
portal posts (see :mod:`mash_desktop.domain.intake`), drawing every choice
from the ``random.Random`` it is given: the same seed gives the same
referrals, whatever the machine or the time of day. Proportions follow a
typical county hub: most contacts concern one child and come from the
police; domestic abuse and neglect are the commonest concerns.

The people, streets, schools, surgeries and events are invented; word lists
and text templates live in :mod:`mash_desktop.services.demo.words`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TypeVar

from mash_desktop.domain.codes import Channel, ConcernCategory, ContactSource
from mash_desktop.services.demo import words

__all__ = ["referral_payload", "staff_name"]

T = TypeVar("T")

_CULTURE_WEIGHTS = tuple((c, float(c.weight)) for c in words.CULTURES)
_ENGLISH = words.CULTURES[0]


def _pick(rng: random.Random, weighted: Sequence[tuple[T, float]]) -> T:
    """One item of ``(item, weight)`` pairs, in proportion to the weights."""
    items = [item for item, _ in weighted]
    return rng.choices(items, weights=[w for _, w in weighted], k=1)[0]


@dataclass
class _Person:
    given: str
    family: str
    gender: str
    born: date | None
    culture: words.Culture
    relationship: str = ""
    resident: bool = True
    stem: str = ""

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}"


def _years_ago(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _born(rng: random.Random, today: date, age: int) -> date:
    """A date of birth giving exactly ``age`` whole years on ``today``."""
    return _years_ago(today, age) - timedelta(days=rng.randint(7 if age == 0 else 0, 364))


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _person(rng: random.Random, culture: words.Culture, gender: str, born: date,
            stem: str | None = None, relationship: str = "") -> _Person:  # fmt: skip
    """A person of this heritage; ``stem`` is a family name shared with relatives."""
    stem = stem or rng.choice(culture.family)
    given = words.given_name(rng, culture, gender, born)
    family = words.family_form(stem, gender)
    return _Person(given, family, gender, born, culture, relationship, stem=stem)


def _rename_apart(rng: random.Random, p: _Person, taken: set[str]) -> None:
    """Give ``p`` a given name none of ``taken`` has, where the culture has one."""
    for _ in range(8):
        if p.given not in taken:
            return
        p.given = words.given_name(rng, p.culture, p.gender, p.born or date(1990, 1, 1))


def _child_age(rng: random.Random, least: int = 0) -> int:
    weights = (9, 7, 6, 6, 6, 6, 5, 5, 5, 5, 5, 6, 7, 8, 8, 8, 6, 4)
    return _pick(rng, [(a, float(w)) for a, w in enumerate(weights) if a >= least])


def _child_gender(rng: random.Random, age: int) -> str:
    if age >= 12 and rng.random() < 0.02:
        return "other"
    return rng.choice(("female", "male"))


@dataclass
class _Family:
    """The people of one referral; ``partner`` may live elsewhere or be only named."""

    culture: words.Culture
    subjects: list[_Person]
    household: list[_Person]
    carer: _Person | None
    partner: _Person
    address: dict[str, object]


def _child_family(rng: random.Random, today: date, ages: list[int]) -> _Family:
    culture = _pick(rng, _CULTURE_WEIGHTS)
    stem = rng.choice(culture.family)
    subjects = [
        _person(rng, culture, _child_gender(rng, a), _born(rng, today, a), stem) for a in ages
    ]
    eldest = max(ages)
    mother_age = min(eldest + 17 + int(rng.triangular(0, 24, 8)), 60)
    if rng.random() < 0.95:
        mother_stem = stem if rng.random() < 0.7 else None
        carer = _person(rng, culture, "female", _born(rng, today, mother_age), mother_stem)
        carer.relationship = "mother"
    else:
        nan_born = _born(rng, today, min(mother_age + 22, 85))
        carer = _person(rng, culture, "female", nan_born, None, "grandmother")
    household = [carer]
    roll = rng.random()
    partner_born = _born(rng, today, max(mother_age + rng.randint(-3, 8), eldest + 18))
    if roll < 0.4:
        partner = _person(rng, culture, "male", partner_born, stem, "father")
    else:
        relation = "step-father" if roll < 0.55 else "partner" if roll < 0.7 else "father"
        partner_culture = culture if relation == "father" or rng.random() < 0.6 else _ENGLISH
        partner = _person(rng, partner_culture, "male", partner_born, None, relation)
        partner.resident = roll < 0.82
        if not partner.resident and rng.random() < 0.5:
            partner.relationship = "ex-partner"
    taken = {p.given for p in subjects}
    for adult in (carer, partner):  # "Ifrah shouted at Ifrah" reads as a mistake
        _rename_apart(rng, adult, taken)
        taken.add(adult.given)
    if partner.resident or partner.relationship == "father":
        household.append(partner)
    if carer.relationship == "mother" and rng.random() < 0.12:
        nan_born = _born(rng, today, min(mother_age + rng.randint(18, 30), 90))
        nan = _person(rng, culture, "female", nan_born, None, "grandmother")
        nan.resident = rng.random() < 0.5
        household.append(nan)
    while len(household) < 4 and rng.random() < 0.35:
        sib_age = rng.randint(0, min(mother_age - 17, 20))
        half = partner.resident and partner.relationship != "father" and sib_age < eldest
        if half:  # a younger child of the mother and her new partner
            kin = (partner.culture, partner.stem, "half-sibling")
        else:
            kin = (culture, stem, "sibling")
        gender, born = rng.choice(("female", "male")), _born(rng, today, sib_age)
        household.append(_person(rng, kin[0], gender, born, kin[1], kin[2]))
    return _Family(culture, subjects, household, carer, partner, words.address(rng))


def _unborn_family(rng: random.Random, today: date) -> _Family:
    """A pregnant mother's household; a young child drawn for it may become a sibling."""
    family = _child_family(rng, today, [rng.randint(0, 4)])
    mother = family.household[0]
    if mother.relationship != "mother":
        mother = _person(rng, family.culture, "female", _born(rng, today, rng.randint(17, 40)))
        mother.relationship = "mother"
        family.household[0] = mother
    family.carer = mother
    older = family.subjects[0]
    family.subjects = [_Person("Unborn", mother.family, "unknown", None, family.culture)]
    gap = _age(mother.born or today, today) - _age(older.born or today, today)
    if gap >= 17 and rng.random() < 0.4:
        older.relationship = "sibling"
        family.household.append(older)
    family.household = family.household[:4]
    return family


def _adult_family(rng: random.Random, today: date) -> tuple[_Family, str, bool]:
    """An adult with care and support needs, their needs and whether they have capacity."""
    band = _pick(rng, (("young", 25), ("middle", 30), ("older", 45)))
    age = rng.randint(*{"young": (18, 30), "middle": (31, 64), "older": (65, 90)}[band])
    culture = _pick(rng, _CULTURE_WEIGHTS)
    stem = rng.choice(culture.family)
    gender = _pick(rng, (("female", 55), ("male", 44), ("other", 1)))
    adult = _person(rng, culture, gender, _born(rng, today, age), stem)
    needs, capable = rng.choice(words.ADULT_NEEDS[band])
    has_capacity = capable if rng.random() < 0.85 else not capable

    def relative(gender: str, years: int, relation: str, kin: bool = True) -> _Person:
        born = _born(rng, today, max(18, min(90, years)))
        return _person(rng, culture, gender, born, stem if kin else None, relation)

    household: list[_Person] = []
    if band == "young" and rng.random() < 0.6:
        household.append(relative("female", age + rng.randint(18, 35), "mother"))
    if age >= 25 and rng.random() < 0.5:
        other = "female" if gender == "male" else "male"
        title = rng.choice(("partner", "husband" if other == "male" else "wife"))
        household.append(relative(other, age + rng.randint(-6, 6), title))
    if age >= 40 and (not household or rng.random() < 0.5):
        sex = rng.choice(("female", "male"))
        child = relative(sex, rng.randint(18, age - 20), "daughter" if sex == "female" else "son")
        child.resident = rng.random() < 0.4
        household.append(child)
    if not household:
        relation = rng.choice(("sister", "carer", "friend"))
        household.append(relative("female", age + rng.randint(-8, 8), relation, kin=False))
        household[-1].resident = False
    partner = _person(rng, _ENGLISH, "male", _born(rng, today, 35), None, "ex-partner")
    partner.resident = False
    family = _Family(culture, [adult], household, None, partner, words.address(rng))
    return family, needs, has_capacity


def _subject_json(rng: random.Random, p: _Person, family: _Family, today: date, *,
                  due: date | None, needs: str | None, capacity: bool | None,
                  ) -> dict[str, object]:  # fmt: skip
    age = None if p.born is None else _age(p.born, today)
    adult = age is not None and age >= 18
    language, interpreter = words.first_language(rng, p.culture, adult)
    if age is None:  # unborn: the mother's language, no interpreter for the baby
        language, interpreter = words.first_language(rng, p.culture, True)[0], False
    town = str(family.address["town"])
    return {
        "given_name": p.given, "family_name": p.family,
        "date_of_birth": None if p.born is None else p.born.isoformat(),
        "expected_due_date": None if due is None else due.isoformat(),
        "gender": p.gender, "ethnicity": rng.choice(p.culture.ethnicities),
        "first_language": language, "interpreter_needed": interpreter,
        "address": dict(family.address),
        "school": None if age is None or adult else words.school(rng, age, town),
        "gp": words.gp_practice(rng, town),
        "care_and_support_needs": needs, "has_capacity": capacity,
    }  # fmt: skip


def _member_json(rng: random.Random, p: _Person, family: _Family) -> dict[str, object]:
    unknown_dob = p.relationship in ("ex-partner", "partner") and rng.random() < 0.1
    return {
        "given_name": p.given, "family_name": p.family,
        "date_of_birth": None if unknown_dob or p.born is None else p.born.isoformat(),
        "relationship": p.relationship,
        "address": dict(family.address) if p.resident else None,
    }  # fmt: skip


def _referrer(
    rng: random.Random, source: str, kind: str, subject: dict, age: int | None
) -> dict[str, object]:
    """Who made the contact; an anonymous referrer leaves only the fact of it."""
    if source == "anonymous":
        return {"name": None, "role": None, "organisation": None, "agency": None,
                "phone": None, "email": None, "member_of_public": True}  # fmt: skip
    suffix = {"adult": "_adult", "unborn": "_unborn"}.get(kind, "")
    if kind == "child" and age is not None and age < 5:
        suffix = "_infant"
    key = source + suffix if source + suffix in words.REFERRERS else source
    role, organisation = rng.choice(words.REFERRERS[key])
    town = str(subject["address"]["town"])
    fill = {
        "n": rng.randint(1000, 9999), "town": town,
        "school": subject["school"] or f"{rng.choice(words.SCHOOL_STEMS)} Academy, {town}",
        "gp": subject["gp"] or f"{rng.choice(words.GP_STEMS)} Surgery, {town}",
    }  # fmt: skip
    culture = _pick(rng, [(c, w) for c, w in _CULTURE_WEIGHTS if c.latin_script])
    born = date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
    person = _person(rng, culture, rng.choice(("female", "male")), born)
    public = source == "public"
    mailbox = "dsl" if source == "school" and rng.random() < 0.2 else ""
    email = words.email(rng, person.given, person.family, words.EMAIL_DOMAINS[source], mailbox)
    return {
        "name": person.full, "role": role.format_map(fill),
        "organisation": None if organisation is None else organisation.format_map(fill),
        "agency": words.AGENCY_BY_SOURCE.get(key, words.AGENCY_BY_SOURCE.get(source)),
        "phone": words.phone(rng, public or rng.random() < 0.3),
        "email": None if public and rng.random() < 0.6 else email, "member_of_public": public,
    }  # fmt: skip


_TEMPLATES = {"child": words.CHILD_TEMPLATES, "adult": words.ADULT_TEMPLATES,
              "unborn": words.UNBORN_TEMPLATES}  # fmt: skip


def _fitting(templates: Sequence[words.Template], source: str, age: int) -> list[str]:
    """Texts for this age: the referrer's own kind (or any referrer's) first."""
    tag = "public" if source == "anonymous" else source
    fits = [t for t in templates if t[1] <= age <= t[2]]
    own = [t[3] for t in fits if t[0] == "*" or tag in t[0].split()]
    return own or [t[3] for t in fits]


def _categories(rng: random.Random, source: str, kind: str, age: int) -> list[str]:
    table = _TEMPLATES[kind]
    emphasis = words.SOURCE_EMPHASIS.get(source, {})
    weights = [(c, words.CATEGORY_WEIGHTS[c] * emphasis.get(c, 1.0)) for c in table]
    pool = [(c, w) for c, w in weights if _fitting(table[c], source, age)]
    count = _pick(rng, ((1, 55), (2, 33), (3, 12)))
    chosen: list[str] = []
    while pool and len(chosen) < count:
        category = _pick(rng, pool)
        chosen.append(ConcernCategory(category).value)
        pool = [(c, w) for c, w in pool if c != category]
    return chosen


def _pronouns(p: _Person) -> dict[str, str]:
    if p.gender == "male":
        subj, obj, poss = "he", "him", "his"
    elif p.gender == "female":
        subj, obj, poss = "she", "her", "her"
    else:  # the name reads better than a pronoun whose verb would not agree
        subj, obj, poss = p.given, p.given, f"{p.given}'s"
    return {"they": subj, "They": subj[:1].upper() + subj[1:], "them": obj,
            "their": poss, "Their": poss[:1].upper() + poss[1:]}  # fmt: skip


def _details(rng: random.Random, categories: list[str], source: str, kind: str,
             family: _Family, today: date, received: datetime, due: date | None,
             ) -> str:  # fmt: skip
    """The concern text: one paragraph per category, in the referrer's voice."""
    subject = family.subjects[0]
    age = 0 if subject.born is None else _age(subject.born, today)
    months = 0 if subject.born is None else (today - subject.born).days // 30
    first = family.household[0]
    carer = family.carer or first
    partner = family.partner
    if partner.relationship == "father":
        whose = "the baby's" if kind == "unborn" else f"{subject.given}'s"
        partner_desc = f"{whose} father {partner.given}"
    elif partner.relationship == "ex-partner":
        partner_desc = f"her ex-partner {partner.given}"
    else:
        partner_desc = f"her partner {partner.given}"
    ctx = {
        "child": subject.given, "adult": subject.given, "adult_full": subject.full,
        "age_text": f"{age} years old" if age else f"{max(months, 1)} months old",
        "carer": carer.given, "mother": carer.given, "partner": partner.given,
        "partner_full": partner.full, "partner_desc": partner_desc,
        "rel": first.relationship, "rel_name": first.given,
        "street": str(family.address["line1"]),
        "weeks": str(40 - (due - today).days // 7) if due else "",
        "edd": f"{due.day} {words.MONTHS[due.month - 1]}" if due else "",
        **_pronouns(subject),
    }  # fmt: skip
    paragraphs = []
    for category in categories:
        when = received - timedelta(days=rng.randint(1, 3))
        hour = rng.choice((18, 19, 20, 21, 22, 23, 0, 1, 2, 7, 15, 16))
        ctx |= {
            "time": f"{hour:02d}:{rng.randrange(0, 60, 5):02d}",
            "day": words.WEEKDAYS[when.weekday()], "pct": str(rng.randint(61, 89)),
            "n": str(rng.randint(2, 5)), "nth": rng.choice(words.ORDINALS),
            "dash": _pick(rng, (("standard", 3), ("medium", 4), ("high", 2))),
            "quote": rng.choice(words.QUOTES), "cash": str(rng.randrange(120, 2400, 10)),
            "other_town": rng.choice(words.TOWNS)[0],
        }  # fmt: skip
        text = rng.choice(_fitting(_TEMPLATES[kind][category], source, age))
        paragraphs.append(text.format_map(ctx))
    if len(family.subjects) > 1:
        sibling = family.subjects[1]
        sibling_age = _age(sibling.born or today, today)
        paragraphs[0] += f" {sibling.given} ({sibling_age}) lives at the same address."
    closers = words.CLOSERS.get(source, words.CLOSERS["*"])
    # The police domestic-abuse notification closer only fits a domestic-abuse contact.
    abuse = "domestic_abuse" in categories
    closer = rng.choice([c for c in closers if abuse or "domestic" not in c])
    if closer:
        paragraphs[-1] += " " + closer
    return "\n\n".join(paragraphs)


def _consent(obtained: bool, from_whom: str | None = None, covering: str | None = None,
             reason: str | None = None) -> dict[str, object]:  # fmt: skip
    return {"obtained": obtained, "from_whom": from_whom, "covering": covering,
            "reason_not_obtained": reason}  # fmt: skip


def _awareness_and_consent(rng: random.Random, source: str, kind: str, family: _Family,
                           subjects: list[dict[str, object]], capacity: bool | None,
                           today: date) -> tuple[bool, str | None, dict]:  # fmt: skip
    """Whether the parents (or the adult) know, why not, and the consent position."""
    if source == "anonymous":
        unknown = "Anonymous referral: not known whether the family are aware."
        return False, unknown, _consent(False, reason="Anonymous referral; consent not sought.")
    names = " and ".join(str(s["given_name"]) for s in subjects)
    if kind == "unborn":
        names = "The mother and unborn baby"
    covering = rng.choice((f"{names} and the household", f"{names} only",
                           "All household members"))  # fmt: skip
    if kind == "adult":
        if capacity is False:
            return True, None, _consent(False, reason=(
                "The adult lacks capacity to consent to this referral; "
                "it is made in their best interests."))  # fmt: skip
        aware, giver = True, f"The adult ({subjects[0]['given_name']})"
    else:
        aware = rng.random() < 0.85
        carer = family.carer or family.household[0]
        giver = f"{carer.relationship.capitalize()} ({carer.full})"
    if not aware:
        born = subjects[0]["date_of_birth"]
        teen = born is not None and _age(date.fromisoformat(str(born)), today) >= 12
        reason = rng.choice([r for r in words.PARENTS_NOT_AWARE if teen or "young" not in r])
        return False, reason, _consent(False, reason=f"Parents not informed. {reason}")
    if rng.random() < (0.55 if source == "police" else 0.78):
        return True, None, _consent(True, giver, covering)
    return True, None, _consent(False, reason=rng.choice(words.CONSENT_NOT_OBTAINED))


def referral_payload(rng: random.Random, *, today: date, received_at: datetime) -> dict:
    """One fictional referral as a portal posts it; every value is JSON-ready.

    All choices come from ``rng``; ``today`` anchors ages and due dates.
    ``received_at`` without a time zone is taken to be UTC.
    """
    kind = _pick(rng, (("child", 90), ("adult", 8), ("unborn", 2)))
    source = ContactSource(_pick(rng, words.SOURCE_WEIGHTS[kind])).value
    needs: str | None = None
    capacity: bool | None = None
    due: date | None = None
    if kind == "adult":
        family, needs, capacity = _adult_family(rng, today)
    elif kind == "unborn":
        family = _unborn_family(rng, today)
        due = today + timedelta(days=rng.randint(10, 240))
    else:
        least = 4 if source == "school" else 0
        ages = [_child_age(rng, least)]
        if rng.random() < 0.15:
            ages.append(rng.choice([a for a in range(least, 18) if a != ages[0]]))
        family = _child_family(rng, today, ages)
    subjects = [
        _subject_json(rng, p, family, today, due=due, needs=needs, capacity=capacity)
        for p in family.subjects
    ]
    for sibling in subjects[1:]:  # brothers and sisters share heritage and home language
        for key in ("ethnicity", "first_language", "interpreter_needed"):
            sibling[key] = subjects[0][key]
    first = family.subjects[0]
    age = None if first.born is None else _age(first.born, today)
    categories = _categories(rng, source, kind, age or 0)
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=timezone.utc)
    received_at = received_at.astimezone(timezone.utc)
    details = _details(rng, categories, source, kind, family, today, received_at, due)
    aware, not_aware_reason, consent = _awareness_and_consent(
        rng, source, kind, family, subjects, capacity, today
    )
    return {
        "received_at": received_at.isoformat(),
        "source": source,
        "channel": Channel(_pick(rng, words.CHANNELS.get(source, words.CHANNELS["*"]))).value,
        "referrer": _referrer(rng, source, kind, subjects[0], age),
        "subjects": subjects,
        "household": [_member_json(rng, p, family) for p in family.household],
        "concerns": {"categories": categories, "details": details},
        "parents_aware": aware,
        "parents_not_aware_reason": not_aware_reason,
        "consent": consent,
    }


def staff_name(rng: random.Random) -> tuple[str, str]:
    """A (given, family) name for a fictional member of hub staff."""
    culture = _pick(rng, [(c, w) for c, w in _CULTURE_WEIGHTS if c.latin_script])
    born = date(rng.randint(1962, 2001), 6, 1)
    person = _person(rng, culture, rng.choice(("female", "male")), born)
    return person.given, person.family
