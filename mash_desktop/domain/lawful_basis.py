"""Lawful bases as the law sets them.

A disclosure says what kind of data it shares, and then the grounds the law
asks for that kind:

- personal data: a UK GDPR Article 6 basis (a public authority has no 6(1)(f));
- special-category data (health, ethnic origin, sex life, beliefs, genetic or
  biometric data): also an Article 9(2) condition, with its DPA 2018
  Schedule 1 condition where Article 9 needs one;
- criminal-offence data: also an Article 10 condition through Schedule 1;
- processing by a competent authority for law-enforcement purposes: DPA 2018
  Part 3 instead (s35), with a Schedule 8 condition for sensitive processing.

:func:`incoherent` gives the one-line reason a combination does not hold
together; :func:`choices` what may be offered for a kind of data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .codes import ConsentPosition, LawfulBasis, _Coded

#: ``disclosures.lawful_basis`` of a disclosure recorded in parts (signed as such).
IN_PARTS = "in_parts"


class DataKind(_Coded):
    PERSONAL = ("personal", "Personal data (identity, contact, family and circumstances)")
    HEALTH = ("health", "Health, including mental health (special category)")
    ETHNICITY = ("ethnicity", "Racial or ethnic origin (special category)")
    SEX_LIFE = ("sex_life", "Sex life or sexual orientation (special category)")
    BELIEFS = ("beliefs", "Beliefs, political opinions or trade union membership (special category)")
    GENETIC = ("genetic", "Genetic or biometric data (special category)")
    SPECIAL = ("special", "Special category data, kind not recorded")
    CRIMINAL = ("criminal", "Criminal offences: allegations, offences, convictions (Article 10)")
    LAW_ENFORCEMENT = ("law_enforcement", "Law enforcement by a competent authority (DPA 2018 Part 3)")


SPECIAL_KINDS = frozenset({DataKind.HEALTH, DataKind.ETHNICITY, DataKind.SEX_LIFE, DataKind.BELIEFS,
                           DataKind.GENETIC, DataKind.SPECIAL})


class Article6(_Coded):
    A = ("6_1_a", "UK GDPR Art 6(1)(a) consent")
    C = ("6_1_c", "UK GDPR Art 6(1)(c) legal obligation")
    D = ("6_1_d", "UK GDPR Art 6(1)(d) vital interests")
    E = ("6_1_e", "UK GDPR Art 6(1)(e) public task")


class Article9(_Coded):
    B_SCH1_1 = ("9_2_b_sch1_1", "UK GDPR Art 9(2)(b) with DPA 2018 Sch 1 para 1 (employment, social security and "
                                "social protection)")
    C = ("9_2_c", "UK GDPR Art 9(2)(c) vital interests (the person cannot give consent)")
    G_SCH1_6 = ("9_2_g_sch1_6", "UK GDPR Art 9(2)(g) with DPA 2018 Sch 1 para 6 (statutory and government "
                                "purposes)")
    G_SCH1_10 = ("9_2_g_sch1_10", "UK GDPR Art 9(2)(g) with DPA 2018 Sch 1 para 10 (preventing or detecting "
                                  "unlawful acts)")
    G_SCH1_18 = ("9_2_g_sch1_18", "UK GDPR Art 9(2)(g) with DPA 2018 Sch 1 para 18 (safeguarding of children and "
                                  "individuals at risk)")
    H_SCH1_2 = ("9_2_h_sch1_2", "UK GDPR Art 9(2)(h) with DPA 2018 Sch 1 para 2 (health or social care)")


class Article10(_Coded):
    SCH1_2 = ("sch1_2", "Art 10 with DPA 2018 Sch 1 para 2 (health or social care)")
    SCH1_6 = ("sch1_6", "Art 10 with DPA 2018 Sch 1 para 6 (statutory and government purposes)")
    SCH1_10 = ("sch1_10", "Art 10 with DPA 2018 Sch 1 para 10 (preventing or detecting unlawful acts)")
    SCH1_18 = ("sch1_18", "Art 10 with DPA 2018 Sch 1 para 18 (safeguarding of children and individuals at risk)")


class Schedule8(_Coded):
    PARA_1 = ("sch8_1", "DPA 2018 Sch 8 para 1 (statutory purposes)")
    PARA_2 = ("sch8_2", "DPA 2018 Sch 8 para 2 (administration of justice)")
    PARA_3 = ("sch8_3", "DPA 2018 Sch 8 para 3 (protecting an individual's vital interests)")
    PARA_4 = ("sch8_4", "DPA 2018 Sch 8 para 4 (safeguarding of children and individuals at risk)")


PART_3 = "DPA 2018 Part 3 s35 (law-enforcement processing)"


@dataclass(frozen=True)
class LawfulGround:
    """What kind of data is shared and the grounds recorded for it."""

    kinds: tuple[DataKind, ...]  # any collection given is kept in declaration order, once each
    article6: Article6 | None = None
    article9: Article9 | None = None
    article10: Article10 | None = None
    schedule8: Schedule8 | None = None

    def __post_init__(self) -> None:
        given = set(self.kinds)
        object.__setattr__(self, "kinds", tuple(k for k in DataKind if k in given))

    @property
    def part3(self) -> bool:
        return DataKind.LAW_ENFORCEMENT in self.kinds

    @property
    def special(self) -> bool:
        return bool(SPECIAL_KINDS.intersection(self.kinds))

    @property
    def criminal(self) -> bool:
        return DataKind.CRIMINAL in self.kinds


@dataclass(frozen=True)
class Choices:
    """What the client offers for some kinds of data (empty: not asked)."""

    article6: tuple[Article6, ...]
    article9: tuple[Article9, ...]
    article10: tuple[Article10, ...]
    schedule8: tuple[Schedule8, ...]
    schedule8_needed: bool


def choices(kinds) -> Choices:
    """What may be offered for ``kinds`` (any collection of DataKind)."""
    ground = LawfulGround(tuple(kinds))
    if not ground.kinds:
        return Choices((), (), (), (), False)  # the kind of data is asked first
    if ground.part3:
        return Choices((), (), (), tuple(Schedule8), ground.special)
    return Choices(tuple(Article6), tuple(Article9) if ground.special else (),
                   tuple(Article10) if ground.criminal else (), (), False)


def incoherent(ground: LawfulGround, consent: ConsentPosition, consent_from: str | None = None,
               consent_covering: str | None = None) -> str | None:
    """Why this combination does not hold together, in one line; None if it does."""
    if not ground.kinds:
        return "say what kind of data is shared"
    reason = _part3(ground) if ground.part3 else _gdpr(ground, consent)
    return reason or _consent(consent, consent_from, consent_covering)


def _part3(g: LawfulGround) -> str | None:
    if g.article6 is not None:
        return "law-enforcement processing is under DPA 2018 Part 3 (s35), not a UK GDPR Article 6 basis"
    if g.article9 is not None:
        return "law-enforcement processing takes a Schedule 8 condition, not an Article 9 condition"
    if g.article10 is not None:
        return "law-enforcement processing is under DPA 2018 Part 3, which needs no Article 10 condition"
    if g.special and g.schedule8 is None:
        return "sensitive processing under DPA 2018 Part 3 needs a Schedule 8 condition"
    return None


def _gdpr(g: LawfulGround, consent: ConsentPosition) -> str | None:
    if g.schedule8 is not None:
        return "a Schedule 8 condition applies only to law-enforcement processing under DPA 2018 Part 3"
    if g.article6 is None:
        return "record the UK GDPR Article 6 basis"
    if g.special and g.article9 is None:
        return "special-category data needs an Article 9 condition"
    if not g.special and g.article9 is not None:
        return "an Article 9 condition is for special-category data: say which kind is shared"
    if g.criminal and g.article10 is None:
        return "criminal-offence data needs an Article 10 condition under DPA 2018 Schedule 1"
    if not g.criminal and g.article10 is not None:
        return "an Article 10 condition is for criminal-offence data: say that it is shared"
    if g.article6 is Article6.A and consent is not ConsentPosition.GIVEN:
        return f"the consent basis Art 6(1)(a) needs consent given, not '{consent.label.lower()}'"
    if g.article9 is Article9.C and consent is ConsentPosition.REFUSED:
        return "Art 9(2)(c) applies only when the person cannot give consent, not when they refused it"
    return None


def _consent(consent: ConsentPosition, consent_from: str | None, consent_covering: str | None) -> str | None:
    given = consent is ConsentPosition.GIVEN
    if given and not (consent_from or "").strip():
        return "say from whom consent was given"
    if given and not (consent_covering or "").strip():
        return "say whom the consent covers"
    if not given and ((consent_from or "").strip() or (consent_covering or "").strip()):
        return f"consent from whom and covering whom is recorded only when consent was given, not '{consent.label.lower()}'"
    return None


def from_legacy(basis: LawfulBasis) -> LawfulGround:
    """A basis recorded as one code before bases were recorded in parts.

    Nothing is invented: a safeguarding Article 9 condition recorded alone
    keeps no Article 6 basis."""
    if basis is LawfulBasis.ART9_2G_SCH1_18:
        return LawfulGround(frozenset({DataKind.SPECIAL}), article9=Article9.G_SCH1_18)
    if basis is LawfulBasis.DPA_PART3_S35_SCH8_4:
        return LawfulGround(frozenset({DataKind.LAW_ENFORCEMENT}), schedule8=Schedule8.PARA_4)
    return LawfulGround(frozenset({DataKind.PERSONAL}), article6=_LEGACY_ARTICLE_6[basis])


_LEGACY_ARTICLE_6 = {LawfulBasis.ART6_1A: Article6.A, LawfulBasis.ART6_1C: Article6.C,
                     LawfulBasis.ART6_1D: Article6.D, LawfulBasis.ART6_1E: Article6.E}


def kinds_code(kinds) -> str:
    """Stored form: codes in declaration order, comma-separated."""
    return ",".join(k.value for k in DataKind if k in kinds)


def parse_kinds(text: str | None) -> frozenset[DataKind]:
    return frozenset(DataKind.parse(part) for part in (text or "").split(",") if part.strip())


def summary(ground: LawfulGround) -> str:
    """One line naming every ground recorded."""
    parts = [PART_3] if ground.part3 else []
    parts += [c.label for c in (ground.article6, ground.article9, ground.article10, ground.schedule8) if c]
    return "; ".join(parts) or "None recorded"
