"""The RAG rating a screening supervisor would give a demo contact.

Each concern template of :mod:`mash_desktop.services.demo.words` is
recognised by a phrase of its own and carries the ratings that fit it, as
Working Together and a typical threshold document would have them: a young
child's sexual abuse or a serious injury is Red, a contact shared for
information only is Blue, and so on. A contact of several concerns is rated
on the most serious of them.
"""

from __future__ import annotations

import random
import re

from ...domain.codes import Rag

#: From least to most serious.
SEVERITY = (Rag.BLUE, Rag.GREEN, Rag.AMBER, Rag.RED)
_B, _G, _A, _R = SEVERITY

#: (phrase of a template, ratings that fit it): the first phrase found in a paragraph rates it.
PHRASES: tuple[tuple[str, tuple[Rag, ...]], ...] = (
    # Children
    ("spiral fracture", (_R,)),
    ("touched {them} inappropriately", (_R,)),
    ("hit her in the stomach", (_R,)),
    ("burn to the back", (_R, _A)),
    ("found 19 hours later", (_A, _R)),
    ("county lines", (_A, _R)),
    ("adults known to police for drug supply", (_A, _R)),
    ("section 136", (_A,)),
    ("used needles within reach", (_A,)),
    ("asking for pictures", (_A,)),
    ("sexual health clinic", (_A,)),
    ("extremist", (_A,)),
    ("cutting", (_A,)),
    ("grabbed my face", (_A,)),
    ("fingertip bruising", (_A,)),
    ("unexplained marks", (_A, _G)),
    ("alone at", (_A,)),
    ("severe nappy rash", (_A,)),
    ("heart condition", (_A,)),
    ("pushed her against", (_G, _A)),
    ("swelling under her left eye", (_G, _A)),
    ("actual bodily harm", (_G, _A)),
    ("threw a mug", (_G, _A)),
    ("woman screaming", (_G, _A)),
    ("previous conviction for assaulting", (_A, _G)),
    ("getting into cars with older males", (_A,)),
    ("going missing overnight", (_A,)),
    ("For information", (_B, _G)),
    ("arrived at school hungry", (_G, _A)),
    ("untreated head lice", (_G,)),
    ("knocked on the caller's door asking for food", (_G, _A)),
    ("level of supervision", (_G,)),
    ("\"nobody wants me\"", (_G, _A)),
    ("look after younger children", (_G,)),
    ("very critical of", (_G,)),
    ("bipolar disorder", (_G, _A)),
    ("stopped eating with the family", (_G,)),
    ("possession order", (_G,)),
    ("using cocaine at weekends", (_G, _A)),
    ("private fostering", (_G,)),
    ("told {their} class teacher", (_G, _A)),
    # Unborn babies
    ("care orders", (_A,)),
    ("postnatal depression", (_G, _A)),
    ("heroin", (_A,)),
    ("had a cut lip", (_A, _R)),
    # Adults
    ("threatened {them} with a knife", (_R,)),
    ("on the floor at", (_A, _R)),
    ("black eye", (_A, _R)),
    ("cuckooing", (_A, _R)),
    ("grip marks", (_A,)),
    ("takes {their} bank card", (_A,)),
    ("cannot account for", (_A,)),
    ("without consent", (_A,)),
    ("thoughts of ending", (_A,)),
    ("severely cluttered", (_A, _G)),
    ("put {them} in a home", (_G, _A)),
    ("rent arrears", (_G,)),
    ("without the agreed package", (_G,)),
)

#: A paragraph no phrase recognises: rated by its concern category.
_BY_CATEGORY = {"sexual": (_A, _R), "physical": (_A,), "exploitation": (_A,), "missing": (_A,),
                "radicalisation": (_A,), "domestic_abuse": (_A, _G)}
_DEFAULT = (_G, _A)


def _found(phrase: str, paragraph: str) -> bool:
    """Whether the filled-in ``paragraph`` holds ``phrase``, whatever its placeholders became."""
    return all(piece.strip() in paragraph for piece in re.split(r"\{[^}]*\}", phrase) if piece.strip())


def _fits(paragraph: str, category: str | None) -> tuple[Rag, ...]:
    for phrase, rags in PHRASES:
        if _found(phrase, paragraph):
            return rags
    return _BY_CATEGORY.get(category or "", _DEFAULT)


def fitting_ratings(categories: list[str], details: str, age: int | None) -> tuple[Rag, ...]:
    """The ratings that fit a contact, least serious first.

    A paragraph's ratings come from its template; the contact may be rated
    anywhere from the highest floor of its paragraphs to the highest ceiling.
    A high-risk DASH assessment or a sexual concern about a child under 13
    is never below Amber.
    """
    paragraphs = [p for p in details.split("\n\n") if p.strip()]
    fits = [_fits(p, categories[i] if i < len(categories) else None) for i, p in enumerate(paragraphs)]
    fits = fits or [_DEFAULT]
    floor = max(min(SEVERITY.index(r) for r in rags) for rags in fits)
    ceiling = max(max(SEVERITY.index(r) for r in rags) for rags in fits)
    if "high risk" in details or ("sexual" in categories and age is not None and age < 13):
        floor = max(floor, SEVERITY.index(_A))
        ceiling = max(ceiling, floor)
    return SEVERITY[floor:ceiling + 1]


def rate(rng: random.Random, categories: list[str], details: str, age: int | None) -> Rag:
    """A rating that fits the contact: any that fits, as likely as another, except that a
    contact shared for information only is mostly Blue."""
    fitting = fitting_ratings(categories, details, age)
    weights = (3, 1) if fitting == (_B, _G) else (1,) * len(fitting)
    return rng.choices(fitting, weights=weights)[0]
