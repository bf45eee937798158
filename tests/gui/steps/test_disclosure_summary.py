"""The plain words read before a disclosure is confirmed."""

from mash_desktop.domain.codes import ConsentPosition, HandlingCode, LawfulBasis
from mash_desktop.domain.lawful_basis import Article6, Article9, DataKind, LawfulGround, Schedule8
from mash_desktop.gui.steps.disclosure_summary import recipient_words, summary
from mash_desktop.services.case.disclosures import DisclosureRequest


def _request(**changes) -> DisclosureRequest:
    base = dict(to="CSC", basis=LawfulBasis.ART6_1E, consent=ConsentPosition.GIVEN, consent_reason=None,
                handling=HandlingCode.P, justification="Needed to plan the visit", text="Dog at the address")
    return DisclosureRequest(**base | changes)


def test_consent_given_to_one_agency():
    words = summary(_request(), "MASH-2026-000001", "POL", recipient_words("CSC", "Children's Social Care"), False)
    assert words == [
        "You are about to share 18 characters from POL's panel on MASH-2026-000001 with CSC (Children's Social "
        "Care) only.",
        "Data shared: personal data (identity, contact, family and circumstances). Lawful basis: UK GDPR Art "
        "6(1)(e) public task. No statutory gateway is named.",
        "Consent was given.",
        "Handling code P: lawful to share.",
        "Why it is necessary: Needed to plan the visit.",
        "CSC can read it as soon as you confirm.",
    ]


def test_without_consent_the_wait_for_a_supervisor_is_spelt_out():
    words = summary(_request(text="x", consent=ConsentPosition.NOT_SOUGHT, consent_reason="It would raise the risk"),
                    "MASH-2026-000001", "HLT", recipient_words("hub"), True)
    assert words[0].startswith("You are about to share 1 character from HLT's panel")
    assert words[2] == "Consent was not sought. The reason recorded: It would raise the risk."
    assert words[-1] == ("Because it is shared without consent, it will wait for authorisation by another HLT "
                         "supervisor (not you): until then nobody outside HLT can read it.")


def test_grounds_in_parts_and_consent_parties_are_spelt_out():
    ground = LawfulGround(frozenset({DataKind.HEALTH}), Article6.E, Article9.G_SCH1_18)
    words = summary(_request(basis=None, ground=ground, consent_from="Mother", consent_covering="Mother and Ruby"),
                    "MASH-2026-000001", "HLT", recipient_words("CSC"), False)
    assert words[1] == ("Data shared: health, including mental health (special category). Lawful basis: UK GDPR Art "
                        "6(1)(e) public task; UK GDPR Art 9(2)(g) with DPA 2018 Sch 1 para 18 (safeguarding of "
                        "children and individuals at risk). No statutory gateway is named.")
    assert words[2] == "Consent was given by Mother, covering Mother and Ruby."
    police = summary(_request(basis=None, ground=LawfulGround(frozenset({DataKind.LAW_ENFORCEMENT}),
                                                              schedule8=Schedule8.PARA_4),
                              consent=ConsentPosition.REFUSED, consent_reason="It would raise the risk"),
                     "MASH-2026-000001", "POL", recipient_words("hub"), False)
    assert "Lawful basis: DPA 2018 Part 3 s35 (law-enforcement processing); DPA 2018 Sch 8 para 4" in police[1]
