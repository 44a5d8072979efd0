"""Month names and abbreviations in the languages of the agencies, from CLDR (Babel).

Besides CLDR's wide and abbreviated forms (format and stand-alone), every prefix of at least
three letters of a wide name is accepted when it names one month only: wire desks abbreviate
freely ("Sept", "фев", "Febr") and a prefix is how they do it.
"""

from __future__ import annotations

import functools

LANGUAGES = ("en", "ru", "es", "de", "fr", "it", "pt", "uk", "pl")
MIN_PREFIX = 3  # why: two letters ("ma", "ju") name several months in one language


@functools.cache
def month_table() -> dict[str, int]:
    """Lower-cased month word (no trailing dot) → month number 1-12."""
    from babel import Locale

    exact: dict[str, set[int]] = {}
    prefixes: dict[str, set[int]] = {}
    for lang in LANGUAGES:
        months = Locale.parse(lang).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    word = name.casefold().rstrip(".")
                    exact.setdefault(word, set()).add(number)
                    if width == "wide":
                        for end in range(MIN_PREFIX, len(word)):
                            prefixes.setdefault(word[:end], set()).add(number)
    table = {word: next(iter(n)) for word, n in prefixes.items() if len(n) == 1}
    table.update({word: next(iter(n)) for word, n in exact.items() if len(n) == 1})
    return table


def month_number(word: str) -> int | None:
    """The month a word names, or None.

    >>> month_number("Feb."), month_number("февраля"), month_number("ago"), month_number("x")
    (2, 2, 8, None)
    """
    return month_table().get(word.casefold().rstrip("."))
