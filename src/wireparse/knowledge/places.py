"""How datelines print places, for putting a city into natural title case (the words are in
``data/places.toml``)."""

from __future__ import annotations

import functools

from .loader import default_knowledge

_WORDS = default_knowledge().words
# Lower-case words inside a place name ("Rio de Janeiro", "Aix-en-Provence"), never first.
PARTICLES = frozenset(_WORDS["place_particles"])
# Written in capitals in a natural place name ("Washington DC").
ABBREVIATIONS = frozenset(_WORDS["place_abbreviations"])
# FBIS writes these where the place is withheld or unknown: no city.
PLACEHOLDERS = frozenset(_WORDS["place_placeholders"])


@functools.lru_cache(maxsize=4096)  # a wire archive names the same cities again and again
def title_case_place(place: str) -> str:
    """Natural title case for a place printed in capitals (or all lower case).

    >>> title_case_place("RIO DE JANEIRO"), title_case_place("N'DJAMENA")
    ('Rio de Janeiro', "N'Djamena")
    >>> title_case_place("ST. PETERSBURG"), title_case_place("New York")
    ('St. Petersburg', 'New York')
    """
    if not (place.isupper() or place.islower()):
        return place  # already in mixed case: as printed
    words = []
    for index, word in enumerate(place.split()):
        if word.upper() in ABBREVIATIONS:
            words.append(word.upper())
        elif index and word.lower() in PARTICLES:
            words.append(word.lower())
        else:
            parts = word.split("-")
            words.append("-".join(_cap(part, first=not i, first_word=not index)
                                  for i, part in enumerate(parts)))
    return " ".join(words)


def _cap(part: str, *, first: bool, first_word: bool = True) -> str:
    if not first and part.lower() in PARTICLES:
        return part.lower()  # Aix-en-Provence
    out = part[:1].upper() + part[1:].lower()
    if len(out) > 2 and out[1] in "'’":
        # N'Djamena, L'Aquila; inside a name the elided article stays small: Coeur d'Alene
        head = out[0].lower() if not first_word and out[0] in "DL" else out[0]
        out = head + out[1] + out[2].upper() + out[3:]
    elif len(out) > 3 and out.startswith("Mc"):
        out = "Mc" + out[2].upper() + out[3:]  # McAllen
    return out
