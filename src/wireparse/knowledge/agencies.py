"""News agencies: the short name SPEC.md uses, and the forms datelines print them in."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple


class Agency(NamedTuple):
    name: str
    """The agency's own short name, as the document gives it."""
    printed: tuple[str, ...]
    """Other forms a dateline prints (matched ignoring case, spaces around hyphens)."""


AGENCIES: tuple[Agency, ...] = (
    Agency("TASS", ("ITAR-TASS", "ТАСС", "ИТАР-ТАСС")),
    Agency("RIA Novosti", ("RIA", "РИА Новости", "РИА")),
    Agency("Interfax", ("Интерфакс", "Interfax-Ukraine", "Интерфакс-Украина")),
    Agency("Sputnik", ("Спутник",)),
    Agency("AP", ("Associated Press",)),
    Agency("Reuters", ("Reuter",)),
    Agency("AFP", ("Agence France-Presse", "Agence France Presse")),
    Agency("Xinhua", ("Beijing Xinhua", "Синьхуа", "新华社")),
    Agency("dpa", ("dpa-AFX",)),
    Agency("ANSA", ()),
    Agency("EFE", ()),
    Agency("ACAN-EFE", ()),
    Agency("PTI", ()),
    Agency("IANS", ()),
    Agency("ANI", ()),
    Agency("UNI", ()),
    Agency("Kyodo", ("Kyodo News",)),
    Agency("Jiji", ("Jiji Press",)),
    Agency("Yonhap", ()),
    Agency("KCNA", ()),
    Agency("UNIAN", ("УНІАН", "УНИАН")),
    Agency("Ukrinform", ("Укрінформ", "Укринформ")),
    Agency("Anadolu", ("AA", "Anadolu Agency")),
    Agency("Bernama", ()),
    Agency("Antara", ()),
    Agency("PAP", ()),
    Agency("UPI", ()),
    Agency("CNN", ()),
    Agency("Notimex", ()),
    Agency("Prensa Latina", ("PL",)),
    Agency("BelTA", ("БЕЛТА",)),
    Agency("Kazinform", ()),
    Agency("APA", ()),
    Agency("AAP", ()),
    Agency("PA", ("PA Media",)),
    Agency("ANP", ()),
    Agency("Belga", ()),
    Agency("Lusa", ()),
    Agency("Agerpres", ()),
    Agency("BTA", ()),
    Agency("CTK", ("ČTK",)),
    Agency("MTI", ()),
    Agency("HINA", ()),
    Agency("Tanjug", ()),
    Agency("IRNA", ()),
    Agency("WAM", ()),
    Agency("SPA", ()),
    Agency("KUNA", ()),
    Agency("MENA", ()),
    Agency("Trend", ()),
    Agency("Bloomberg", ()),
    Agency("NNA", ()),
    Agency("Europa Press", ()),
)


def _key(printed: str) -> str:
    """Case, runs of spaces and spaces around hyphens do not matter ("ACAN - EFE")."""
    return " ".join(printed.split()).replace(" -", "-").replace("- ", "-").casefold()


_BY_KEY: dict[str, str] = {}
for _row in AGENCIES:
    for _form in (_row.name, *_row.printed):
        _BY_KEY[_key(_form)] = _row.name


@functools.lru_cache(maxsize=1024)  # datelines print the same few forms over and over
def agency_name(printed: str) -> str | None:
    """The short name of the agency printed as ``printed``, or None if it is no known agency.

    >>> agency_name("REUTER"), agency_name("ACAN - EFE"), agency_name("RADIO VENCEREMOS")
    ('Reuters', 'ACAN-EFE', None)
    """
    key = _key(printed)
    name = _BY_KEY.get(key)
    if name is None and "/" in key:
        # "dpa/lno" (a regional desk), "tca/dpa" (a partner's copy sent by dpa)
        name = next((_BY_KEY[part] for part in key.split("/") if part in _BY_KEY), None)
    return name


def bare_agency_pattern() -> str:
    """A regex alternation of every printed form (longest first), for datelines that print
    the agency without brackets ("Reuter -", "INTERFAX -", "Kyodo -")."""
    forms = sorted({f for row in AGENCIES for f in (row.name, *row.printed)}, key=len, reverse=True)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
