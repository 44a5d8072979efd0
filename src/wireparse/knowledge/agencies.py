"""News agencies: the short name SPEC.md uses, and the forms datelines print them in.

The rows live in ``data/agencies.toml``; this module looks them up.
"""

from __future__ import annotations

from .loader import Agency, Knowledge, default_knowledge, phrase_alternation

__all__ = ["AGENCIES", "Agency", "agency_name", "bare_agency_pattern"]

AGENCIES: tuple[Agency, ...] = default_knowledge().agencies
"""The package's own agency rows (a user's knowledge file may add more)."""


def _key(printed: str) -> str:
    """Case, runs of spaces and spaces around hyphens do not matter ("ACAN - EFE")."""
    return " ".join(printed.split()).replace(" -", "-").replace("- ", "-").casefold()


def _by_key(knowledge: Knowledge) -> dict[str, str]:
    def build() -> dict[str, str]:
        table: dict[str, str] = {}
        for row in knowledge.agencies:
            for form in (row.name, *row.printed):
                table[_key(form)] = row.name
        return table

    return knowledge.memo("agency-keys", build)


def agency_name(printed: str, knowledge: Knowledge | None = None) -> str | None:
    """The short name of the agency printed as ``printed``, or None if it is no known agency.

    >>> agency_name("REUTER"), agency_name("ACAN - EFE"), agency_name("RADIO VENCEREMOS")
    ('Reuters', 'ACAN-EFE', None)
    >>> agency_name("PRNewswire-AsiaNet"), agency_name("dpa/lno")
    ('PR Newswire', 'dpa')
    """
    table = _by_key(knowledge or default_knowledge())
    key = _key(printed)
    name = table.get(key)
    if name is None and "/" in key:
        # "dpa/lno" (a regional desk), "tca/dpa" (a partner's copy sent by dpa)
        name = next((table[part] for part in key.split("/") if part in table), None)
    if name is None and "-" in key:
        # "PRNewswire-AsiaNet": a service of a known agency, named after it
        name = table.get(key.split("-", 1)[0])
    return name


def bare_agency_pattern(knowledge: Knowledge | None = None) -> str:
    """A regex alternation of every printed form (longest first), for datelines that print
    the agency without brackets ("Reuter -", "INTERFAX -", "Kyodo -")."""
    k = knowledge or default_knowledge()
    return phrase_alternation(f for row in k.agencies for f in (row.name, *row.printed))
