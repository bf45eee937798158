import pytest

from mash_desktop.domain.codes import ConsentPosition, LawfulBasis
from mash_desktop.domain.lawful_basis import (Article6, Article9, Article10, DataKind, LawfulGround, Schedule8,
                                              choices, from_legacy, incoherent, kinds_code, parse_kinds, summary)

K = DataKind
GIVEN, REFUSED, NOT_SOUGHT = ConsentPosition.GIVEN, ConsentPosition.REFUSED, ConsentPosition.NOT_SOUGHT


def g(*kinds, a6=None, a9=None, a10=None, s8=None):
    return LawfulGround(frozenset(kinds), a6, a9, a10, s8)


# (ground, consent, from, covering, the reason it is incoherent or None)
TABLE = [
    # coherent
    (g(K.PERSONAL, a6=Article6.E), NOT_SOUGHT, None, None, None),
    (g(K.PERSONAL, a6=Article6.C), REFUSED, None, None, None),
    (g(K.HEALTH, a6=Article6.E, a9=Article9.G_SCH1_18), NOT_SOUGHT, None, None, None),
    (g(K.HEALTH, K.ETHNICITY, a6=Article6.E, a9=Article9.H_SCH1_2), GIVEN, "Mother", "Mother and child", None),
    (g(K.PERSONAL, K.CRIMINAL, a6=Article6.E, a10=Article10.SCH1_18), REFUSED, None, None, None),
    (g(K.SEX_LIFE, K.CRIMINAL, a6=Article6.C, a9=Article9.G_SCH1_10, a10=Article10.SCH1_10), NOT_SOUGHT, None,
     None, None),
    (g(K.HEALTH, a6=Article6.D, a9=Article9.C), NOT_SOUGHT, None, None, None),
    (g(K.PERSONAL, a6=Article6.A), GIVEN, "Father", "Father", None),
    (g(K.LAW_ENFORCEMENT), REFUSED, None, None, None),
    (g(K.LAW_ENFORCEMENT, K.CRIMINAL), NOT_SOUGHT, None, None, None),
    (g(K.LAW_ENFORCEMENT, K.HEALTH, s8=Schedule8.PARA_4), REFUSED, None, None, None),
    (g(K.LAW_ENFORCEMENT, s8=Schedule8.PARA_4), NOT_SOUGHT, None, None, None),
    # incoherent
    (g(), NOT_SOUGHT, None, None, "say what kind of data is shared"),
    (g(K.PERSONAL), NOT_SOUGHT, None, None, "record the UK GDPR Article 6 basis"),
    (g(K.HEALTH, a6=Article6.E), NOT_SOUGHT, None, None, "special-category data needs an Article 9 condition"),
    (g(K.GENETIC, a6=Article6.E), REFUSED, None, None, "special-category data needs an Article 9 condition"),
    (g(K.PERSONAL, a6=Article6.E, a9=Article9.G_SCH1_18), NOT_SOUGHT, None, None,
     "an Article 9 condition is for special-category data: say which kind is shared"),
    (g(K.CRIMINAL, a6=Article6.E), NOT_SOUGHT, None, None,
     "criminal-offence data needs an Article 10 condition under DPA 2018 Schedule 1"),
    (g(K.PERSONAL, a6=Article6.E, a10=Article10.SCH1_10), NOT_SOUGHT, None, None,
     "an Article 10 condition is for criminal-offence data: say that it is shared"),
    (g(K.LAW_ENFORCEMENT, a6=Article6.E), NOT_SOUGHT, None, None,
     "law-enforcement processing is under DPA 2018 Part 3 (s35), not a UK GDPR Article 6 basis"),
    (g(K.LAW_ENFORCEMENT, K.HEALTH, a9=Article9.G_SCH1_18), NOT_SOUGHT, None, None,
     "law-enforcement processing takes a Schedule 8 condition, not an Article 9 condition"),
    (g(K.LAW_ENFORCEMENT, K.CRIMINAL, a10=Article10.SCH1_10), NOT_SOUGHT, None, None,
     "law-enforcement processing is under DPA 2018 Part 3, which needs no Article 10 condition"),
    (g(K.LAW_ENFORCEMENT, K.HEALTH), NOT_SOUGHT, None, None,
     "sensitive processing under DPA 2018 Part 3 needs a Schedule 8 condition"),
    (g(K.HEALTH, a6=Article6.E, a9=Article9.G_SCH1_18, s8=Schedule8.PARA_4), NOT_SOUGHT, None, None,
     "a Schedule 8 condition applies only to law-enforcement processing under DPA 2018 Part 3"),
    (g(K.PERSONAL, a6=Article6.A), REFUSED, None, None,
     "the consent basis Art 6(1)(a) needs consent given, not 'consent refused'"),
    (g(K.PERSONAL, a6=Article6.A), NOT_SOUGHT, None, None,
     "the consent basis Art 6(1)(a) needs consent given, not 'consent not sought'"),
    (g(K.HEALTH, a6=Article6.D, a9=Article9.C), REFUSED, None, None,
     "Art 9(2)(c) applies only when the person cannot give consent, not when they refused it"),
    (g(K.PERSONAL, a6=Article6.E), GIVEN, None, "Mother", "say from whom consent was given"),
    (g(K.PERSONAL, a6=Article6.E), GIVEN, "  ", "Mother", "say from whom consent was given"),
    (g(K.PERSONAL, a6=Article6.E), GIVEN, "Mother", "", "say whom the consent covers"),
    (g(K.PERSONAL, a6=Article6.E), REFUSED, "Mother", None,
     "consent from whom and covering whom is recorded only when consent was given, not 'consent refused'"),
]


@pytest.mark.parametrize("ground, consent, given_by, covering, reason", TABLE)
def test_coherence_table(ground, consent, given_by, covering, reason):
    assert incoherent(ground, consent, given_by, covering) == reason


# kinds -> (Article 6 offered, Article 9 offered, Article 10 offered, Schedule 8 offered, Schedule 8 needed)
CHOICES = [
    (set(), False, False, False, False, False),
    ({K.PERSONAL}, True, False, False, False, False),
    ({K.HEALTH}, True, True, False, False, False),
    ({K.CRIMINAL}, True, False, True, False, False),
    ({K.ETHNICITY, K.CRIMINAL}, True, True, True, False, False),
    ({K.LAW_ENFORCEMENT}, False, False, False, True, False),
    ({K.LAW_ENFORCEMENT, K.CRIMINAL}, False, False, False, True, False),
    ({K.LAW_ENFORCEMENT, K.HEALTH}, False, False, False, True, True),
]


@pytest.mark.parametrize("kinds, a6, a9, a10, s8, needed", CHOICES)
def test_choices_offer_only_what_the_kind_allows(kinds, a6, a9, a10, s8, needed):
    offered = choices(kinds)
    assert (bool(offered.article6), bool(offered.article9), bool(offered.article10), bool(offered.schedule8),
            offered.schedule8_needed) == (a6, a9, a10, s8, needed)


@pytest.mark.parametrize("kinds", [c[0] for c in CHOICES if c[0]])
def test_every_offered_choice_can_make_a_coherent_ground(kinds):
    offered = choices(kinds)
    ground = LawfulGround(frozenset(kinds), offered.article6[-1] if offered.article6 else None,
                          offered.article9[-2] if offered.article9 else None,
                          offered.article10[-1] if offered.article10 else None,
                          offered.schedule8[-1] if offered.schedule8 else None)
    assert incoherent(ground, NOT_SOUGHT) is None
    assert Article6.A not in offered.article6 or incoherent(
        LawfulGround(frozenset({K.PERSONAL}), Article6.A), GIVEN, "Mother", "Mother") is None


LEGACY = [
    (LawfulBasis.ART6_1A, g(K.PERSONAL, a6=Article6.A)),
    (LawfulBasis.ART6_1C, g(K.PERSONAL, a6=Article6.C)),
    (LawfulBasis.ART6_1D, g(K.PERSONAL, a6=Article6.D)),
    (LawfulBasis.ART6_1E, g(K.PERSONAL, a6=Article6.E)),
    (LawfulBasis.ART9_2G_SCH1_18, g(K.SPECIAL, a9=Article9.G_SCH1_18)),  # no Article 6 invented
    (LawfulBasis.DPA_PART3_S35_SCH8_4, g(K.LAW_ENFORCEMENT, s8=Schedule8.PARA_4)),
]


@pytest.mark.parametrize("basis, ground", LEGACY)
def test_legacy_codes_map_without_invention(basis, ground):
    assert from_legacy(basis) == ground


def test_kinds_round_trip_in_a_stable_order():
    assert kinds_code(frozenset({K.CRIMINAL, K.HEALTH})) == "health,criminal"
    assert parse_kinds("health,criminal") == {K.HEALTH, K.CRIMINAL}
    assert parse_kinds(None) == frozenset()
    with pytest.raises(ValueError):
        parse_kinds("health,gossip")


def test_summary_names_every_ground():
    assert summary(g(K.LAW_ENFORCEMENT, s8=Schedule8.PARA_4)) == (
        "DPA 2018 Part 3 s35 (law-enforcement processing); DPA 2018 Sch 8 para 4 (safeguarding of children and "
        "individuals at risk)")
    assert summary(g(K.HEALTH, a6=Article6.E, a9=Article9.G_SCH1_18)).startswith(
        "UK GDPR Art 6(1)(e) public task; UK GDPR Art 9(2)(g) with DPA 2018 Sch 1 para 18")
    assert summary(g(K.PERSONAL)) == "None recorded"
