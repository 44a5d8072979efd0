"""Photo credits: the prefix words that introduce them and the agencies that sign them."""

from __future__ import annotations

import re

# Prefix words before a credit ("© Vitaliy Nevar/TASS", "Photo: AFP"): removed from the credit.
CREDIT_PREFIXES: tuple[str, ...] = (
    "©", "(c)", "Photo:", "Photos:", "Photo by", "Photograph:", "Photograph by", "Photography:",
    "Credit:", "Credits:", "Photo credit:", "Image:", "Image by", "Image credit:", "Picture:",
    "Pictures:", "Picture by", "Фото:", "Фото", "Фото -", "Foto:", "Fotos:", "Foto de", "Bild:",
    "Crédit photo:", "Crédit :", "Crédit:",
)

# Photo services and agencies that sign credits printed without a prefix ("Jane Roe/Reuters").
PHOTO_AGENCIES: tuple[str, ...] = (
    "TASS", "AP", "AP Photo", "AFP", "Reuters", "EPA", "EPA-EFE", "EFE", "Getty Images", "Getty",
    "Sputnik", "RIA Novosti", "Xinhua", "dpa", "picture alliance", "picture-alliance",
    "Shutterstock", "Anadolu", "Anadolu Agency", "ANSA", "Bloomberg", "ZUMA", "Alamy", "Imago",
    "SIPA", "Pool", "Kyodo", "Yonhap", "UNIAN", "Ukrinform", "PAP", "UPI", "Interfax",
    "Kremlin Press Service", "Press Service", "NurPhoto", "Associated Press",
)

_AGENCIES = "|".join(re.escape(a) for a in sorted(PHOTO_AGENCIES, key=len, reverse=True))
_PREFIXES = "|".join(re.escape(p) for p in sorted(CREDIT_PREFIXES, key=len, reverse=True))
_NAME = r"[^\W\d_][\w.'’\-]*(?:\s[^\W\d_][\w.'’\-]*){0,3}"

# why: most blocks are paragraphs; the first letter rules out the prefixed shape cheaply.
_PREFIX_STARTS = frozenset(prefix[0].lower() for prefix in CREDIT_PREFIXES)
PREFIXED = re.compile(rf"(?i:{_PREFIXES})\s*(?P<credit>\S.{{0,120}})$")
# "Vitaliy Nevar/TASS", "AP Photo/Evan Vucci", "Reuters/Jane Roe", "Getty Images"
BARE = re.compile(
    rf"(?P<credit>(?:{_NAME}\s?/\s?(?:{_AGENCIES})|(?:{_AGENCIES})(?:\sPhoto)?\s?/\s?{_NAME}"
    rf"|Getty Images|Shutterstock))$"
)
# A caption ending in its credit: "Peskov speaks in Moscow. (AP Photo/Evan Vucci)"
TRAILING = re.compile(
    rf"(?P<caption>.{{3,400}}?)\s?[(\[](?:(?i:{_PREFIXES})\s*)?(?P<credit>"
    rf"{_NAME}\s?/\s?(?:{_AGENCIES})|(?:{_AGENCIES})(?:\sPhoto)?\s?/\s?{_NAME}|"
    rf"(?:{_AGENCIES})(?:\sPhoto)?)[)\]]$"
)
# Alt text glued to its credit with no separator: "Kremlin spokesman Dmitry Peskov Vitaliy Nevar/TASS"
# (its prefix word, if any, belongs to neither: "… on Monday. Photo: Jane Roe/Reuters")
GLUED = re.compile(
    rf"(?P<caption>.{{3,400}}?)\s(?:(?i:{_PREFIXES})\s*)?(?P<credit>{_NAME}\s?/\s?(?:{_AGENCIES}))$"
)


def credit_of(text: str) -> str | None:
    """The credit if ``text`` is a credit line, without its prefix word; else None.

    >>> credit_of("© Vitaliy Nevar/TASS"), credit_of("AP Photo/Evan Vucci"), credit_of("Hello")
    ('Vitaliy Nevar/TASS', 'AP Photo/Evan Vucci', None)
    """
    if len(text) > 130:
        return None
    m = PREFIXED.match(text) if text[:1].lower() in _PREFIX_STARTS else None
    if m is None and ("/" in text or text.startswith(("Getty", "Shutterstock"))):
        m = BARE.match(text)
    return m.group("credit").strip() if m else None
