"""How alike two records of a person are: a score out of 100 and the reasons.

Each piece of evidence adds points, in the spirit of record-linkage weights:
names agree exactly, sound alike (same phonetic key) or are spelled alike
(Jaro-Winkler similarity from rapidfuzz, which favours a shared start, as
names typed by ear have); the date of birth is the same, has day and month
swapped, or differs by one digit (a typing slip); postcode and first address
line are the same. A date of birth that is known on both sides and differs
counts against. The score decides only what a person is shown: the worker
decides whether it is the same person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from rapidfuzz.distance import JaroWinkler, Levenshtein

from .identifiers import Identifiers, conflicting_identifiers, same_identifier
from .names import fold, name_key

LIKELY = 55  # scores from here up are shown as possible matches

_SPELLED_ALIKE = 0.90  # Jaro-Winkler similarity of folded names
_SIMILAR = 0.72


class NameAgreement(Enum):
    SAME = "same"
    SOUNDS_ALIKE = "sounds alike"
    PARTLY_SAME = "partly the same"
    SPELLED_ALIKE = "spelled alike"
    SIMILAR = "similar"
    DIFFERENT = "different"


_GIVEN_POINTS = {NameAgreement.SAME: 25, NameAgreement.SOUNDS_ALIKE: 20, NameAgreement.SPELLED_ALIKE: 20,
                 NameAgreement.PARTLY_SAME: 15, NameAgreement.SIMILAR: 10, NameAgreement.DIFFERENT: 0}
_FAMILY_POINTS = _GIVEN_POINTS
_DOB_SAME, _DOB_SWAPPED, _DOB_ONE_DIGIT, _DOB_DIFFERENT = 35, 25, 15, -10
_POSTCODE, _ADDRESS_LINE = 10, 5
#: One NHS number or UPN the same makes a match likely on its own; one known on
#: both records and different counts against, but still shows same names and
#: date of birth (the worker sees what differs).
_SAME_IDENTIFIER, _OTHER_IDENTIFIER = 60, -20


@dataclass(frozen=True, slots=True, kw_only=True)
class Identity:
    """What identifies a person well enough to compare two records."""

    given_name: str
    family_name: str
    date_of_birth: dt.date | None = None
    postcode: str | None = None  # normalised, e.g. "NG5 9QT"
    address_line1: str | None = None
    school: str | None = None  # not scored: shown as what differs (domain/match_words.py)
    gp: str | None = None
    nhs_number: str | None = None  # ten digits
    upn: str | None = None

    @property
    def identifiers(self) -> Identifiers:
        return Identifiers(self.nhs_number, self.upn)


@dataclass(frozen=True, slots=True)
class Likeness:
    score: int  # 0 to 100
    reasons: tuple[str, ...]  # the agreeing evidence, strongest first

    @property
    def likely(self) -> bool:
        return self.score >= LIKELY


def name_agreement(a: str, b: str) -> NameAgreement:
    """How two spellings of one name compare."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return NameAgreement.DIFFERENT
    if fa == fb:
        return NameAgreement.SAME
    if name_key(fa) == name_key(fb):
        return NameAgreement.SOUNDS_ALIKE
    similarity = JaroWinkler.normalized_similarity(fa, fb)
    if similarity >= _SPELLED_ALIKE:
        return NameAgreement.SPELLED_ALIKE
    words_a, words_b = set(fa.split()), set(fb.split())
    if len(words_a) != len(words_b) and (words_a <= words_b or words_b <= words_a):
        return NameAgreement.PARTLY_SAME  # "Smith" and "Smith-Jones"
    if similarity >= _SIMILAR:
        return NameAgreement.SIMILAR
    return NameAgreement.DIFFERENT


def same_name_and_birth(a: Identity, b: Identity) -> bool:
    """The exact match linked at every door: given and family names the same
    once folded (case, accents, hyphens), and the same known date of birth."""
    return (a.date_of_birth is not None and a.date_of_birth == b.date_of_birth
            and bool(fold(a.given_name)) and fold(a.given_name) == fold(b.given_name)
            and bool(fold(a.family_name)) and fold(a.family_name) == fold(b.family_name))


def exact_reason(a: Identity, b: Identity) -> str | None:
    """Why two records are one person beyond doubt, or None: the same NHS
    number (or UPN), neither identifier differing; or the same names and date
    of birth (:func:`same_name_and_birth`) with no identifier differing."""
    if conflicting_identifiers(a.identifiers, b.identifiers):
        return None
    shared = same_identifier(a.identifiers, b.identifiers)
    if shared is not None:
        return f"same {shared}"
    return "same names and date of birth" if same_name_and_birth(a, b) else None


def swapped_day_month(day: dt.date) -> dt.date | None:
    """14/06 read as 06/14 cannot be; 04/06 read as 06/04 can: that date."""
    if day.day > 12 or day.day == day.month:
        return None
    return dt.date(day.year, day.day, day.month)


def _dob_evidence(a: dt.date | None, b: dt.date | None) -> tuple[int, str | None]:
    if a is None or b is None:
        return 0, None
    if a == b:
        return _DOB_SAME, "same date of birth"
    if swapped_day_month(a) == b:
        return _DOB_SWAPPED, "date of birth with day and month swapped"
    if Levenshtein.distance(a.strftime("%Y%m%d"), b.strftime("%Y%m%d")) == 1:
        return _DOB_ONE_DIGIT, "date of birth one digit different"
    return _DOB_DIFFERENT, None


def _name_evidence(which: str, agreement: NameAgreement, points: dict[NameAgreement, int]) -> tuple[int, str | None]:
    if agreement is NameAgreement.DIFFERENT:
        return 0, None
    if agreement is NameAgreement.SAME:
        return points[agreement], f"same {which} name"
    return points[agreement], f"{which} name {agreement.value}"


def compare(wanted: Identity, known: Identity) -> Likeness:
    """Score ``known`` (a stored person) as a match for ``wanted``."""
    given = name_agreement(wanted.given_name, known.given_name)
    family = name_agreement(wanted.family_name, known.family_name)
    evidence = [
        _dob_evidence(wanted.date_of_birth, known.date_of_birth),
        _name_evidence("family", family, _FAMILY_POINTS),
        _name_evidence("given", given, _GIVEN_POINTS),
    ]
    crossed = (name_agreement(wanted.given_name, known.family_name),
               name_agreement(wanted.family_name, known.given_name))
    if given is family is NameAgreement.DIFFERENT and all(a in (NameAgreement.SAME, NameAgreement.SOUNDS_ALIKE)
                                                          for a in crossed):
        evidence.append((_GIVEN_POINTS[NameAgreement.SPELLED_ALIKE] * 2, "given and family names swapped"))
    shared = same_identifier(wanted.identifiers, known.identifiers)
    if shared is not None:
        evidence.append((_SAME_IDENTIFIER, f"same {shared}"))
    evidence += [(_OTHER_IDENTIFIER, None) for _ in conflicting_identifiers(wanted.identifiers, known.identifiers)]
    same_postcode = bool(wanted.postcode and known.postcode
                         and wanted.postcode.replace(" ", "") == known.postcode.replace(" ", ""))
    if same_postcode:
        evidence.append((_POSTCODE, "same postcode"))
        if wanted.address_line1 and known.address_line1 and fold(wanted.address_line1) == fold(known.address_line1):
            evidence.append((_ADDRESS_LINE, "same address"))
    score = max(0, min(100, sum(points for points, _ in evidence)))
    ranked = sorted((e for e in evidence if e[1] is not None), key=lambda e: -e[0])
    return Likeness(score, tuple(reason for _, reason in ranked if reason is not None))
