"""People's names in forms that compare well across spellings.

:func:`fold` removes what varies between keyboards and records (case,
accents, apostrophes, hyphens); :func:`name_key` gives a phonetic key
(Metaphone, from jellyfish) so that Jon and John, Katie and Katy, Mohammed and
Muhammad share one key. The key is stored on each person, indexed, so the
duplicate check can find a name's spelling variants in SQL before scoring.

Metaphone only knows the Latin alphabet: a name in another script keys to its
folded text, so it still finds the same spelling.
"""

from __future__ import annotations

import unicodedata

import jellyfish

KEY_MAX = 16  # the people.given_key / family_key column width

# Latin letters that Unicode does not decompose into a base letter and accent.
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                               "þ": "th", "ð": "d", "ı": "i", "ħ": "h"})


def fold(name: str) -> str:
    """``"Siobhán O'Neill-Burke"`` -> ``"siobhan oneill burke"``."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_UNDECOMPOSED))
    kept = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        if char.isalpha():
            kept.append(char)
        elif char.isspace() or char in "-‐‑–":
            kept.append(" ")
    return " ".join("".join(kept).split())


SUBJECT_KEY_MAX = 201  # the referrals.subject_key column width


def subject_key(given_name: str, family_name: str) -> str:
    """How the queue sorts and searches a referral's subject: ``"siobhan oneill burke"``."""
    return fold(f"{given_name} {family_name}")[:SUBJECT_KEY_MAX]


def name_key(name: str) -> str:
    """A short phonetic key of a name; "" for a name with no letters."""
    folded = fold(name)
    latin = "".join(char for char in folded if "a" <= char <= "z")
    if latin:
        return (jellyfish.metaphone(latin).upper() or latin.upper())[:KEY_MAX]
    return folded.replace(" ", "")[:KEY_MAX]
