"""Page and wire junk: text that belongs in no field of the document.

One row per kind of junk. ``scope`` says where a row may fire: "any" rows are specific enough to
apply anywhere; "edge" rows (a lone section name, a breadcrumb) only before the first body
paragraph or after the last one, where page furniture lives; "end" rows are wire end marks:
what follows them is trailer too. Every pattern is anchored and bounded, and sees one block.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, NamedTuple

Scope = Literal["any", "edge", "end"]


class JunkRule(NamedTuple):
    name: str
    scope: Scope
    pattern: str
    example: str
    contains: tuple[str, ...] = ()
    """For rows that match anywhere in a short block (≤ CONTAINS_MAX_CHARS) rather than the
    whole block: lower-case words one of which the block must hold (a cheap pre-test)."""


_SHARE_WORDS = (
    r"share|share this(?: article| story)?|tweet|print|e-?mail|whatsapp|facebook|twitter|x|"
    r"linkedin|telegram|vk|reddit|pinterest|flipboard|copy link|copy|link|comments?|save"
)
_SECTIONS = (
    r"all news|news|latest|latest news|top stories|home|world|world news|politics|business|"
    r"economy|markets|sports?|society|science|culture|opinion|russia|europe|asia|americas|"
    r"middle east|africa|international|u\.s\.|us|us news|technology|tech|health|"
    r"entertainment|lifestyle|military & defense|military|menu|search|sign in|log in|"
    r"register|more|главная|все новости|новости|политика|экономика|общество|в мире|noticias|"
    r"nachrichten|actualités|notizie|últimas notícias"
)

JUNK_RULES: tuple[JunkRule, ...] = (
    JunkRule("read-also", "any",
             r"(?i)(?:read (?:also|more)|see also|related(?: articles?| stories| news| content"
             r"| coverage| topics| links)?|more on this(?: story)?|also read|recommended(?: for you)?"
             r"|you may also like|читайте также|читайте також|см\. также|lea también|lee también"
             r"|lesen sie auch|mehr zum thema|lire aussi|à lire aussi|leggi anche|leia também)"
             r"(?:\s*[:.\-–—»>|]\s*.{0,200}?)?(?<![.!])",
             "Read also: Kremlin comments on talks"),
    JunkRule("advertisement", "any",
             r"(?i)advertisement|advertising|advert|sponsored(?: content)?|ad|реклама|publicidad|anzeige"
             r"|werbung|publicité|pubblicità|publicidade|story continues below(?: advertisement)?",
             "Advertisement"),
    JunkRule("share", "any", rf"(?i)(?:(?:{_SHARE_WORDS})[\s|·•,/]*){{1,12}}", "Share Tweet Email"),
    JunkRule("share", "any", r"(?i)share (?:on|via) \w+.{0,60}", "Share on Facebook"),
    JunkRule("tags", "any", r"(?i)(?:tags?|topics?|keywords?|теги|темы|etiquetas)\s*:.{0,300}",
             "Tags: Venezuela, Russia"),
    JunkRule("comments", "any",
             r"(?i)(?:\d+\s+)?comments?(?:\s*\(\d+\))?|leave a comment|show comments|"
             r"join the conversation|comment on this story", "3 comments"),
    JunkRule("timestamp", "any",
             r"\d{1,2}\s[^\W\d_]{3,9}\.?,?\s(?:\d{4},?\s)?\d{1,2}:\d{2}(?:\s?(?:[AaPp]\.?[Mm]\.?|GMT|UTC|MSK))?",
             "7 Feb, 14:32"),
    JunkRule("timestamp", "any",
             r"(?i)(?:updated|published|last updated|posted|first published|обновлено|"
             r"опубликовано|actualizado|publicado|aktualisiert|mis à jour)(?:\s*(?:on|at|:))?\s.{0,60}",
             "Updated 3 hours ago"),
    JunkRule("timestamp", "any",
             r"(?i)\d{1,2}:\d{2}(?:\s?[ap]\.?m\.?)?(?:\s\w{2,4})?(?:,?\s\d{1,2}\s[^\W\d_]{3,9}\.?(?:\s\d{4})?)?",
             "14:32"),
    JunkRule("timestamp", "any",
             r"(?i)[^\W\d_]{3,9}\.?\s\d{1,2},\s\d{4}(?:,?\s(?:at\s)?\d{1,2}:\d{2}.{0,16})?",
             "February 7, 2019 14:32"),
    JunkRule("timestamp", "any", r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?:,?\s\d{1,2}:\d{2}(?::\d{2})?)?",
             "07.02.2019 14:32"),
    JunkRule("timestamp", "any",
             r"(?i)\d+\s(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\sago|just now|"
             r"\d+\s*min(?:ute)?s?\s*read", "3 hours ago"),
    JunkRule("newsletter", "any",
             r"(?i)\b(?:sign up|subscribe|get our|join)\b.{0,80}?"
             r"\b(?:newsletters?|updates|alerts|inbox|briefing)\b", "Sign up for our newsletter",
             contains=("newsletter", "update", "alert", "inbox", "briefing")),
    JunkRule("newsletter", "any", r"(?i)subscribe(?: now| today| to \w+.{0,40})?|newsletter",
             "Subscribe now"),
    JunkRule("cookie", "any",
             r"(?i)\bcookies?\b.{0,150}?\b(?:accept|consent|policy|agree|use)\b"
             r"|\b(?:accept|allow|reject|manage|decline)(?: all)? cookies\b",
             "We use cookies to improve your experience. Accept", contains=("cookie",)),
    JunkRule("copyright", "any",
             r"(?i)(?:©|\(c\)|copyright|℗)(?:\s*(?:©|\(c\)))?\s*(?:\d{4}|by\b|[^\W\d_]+(?:\s[^\W\d_]+){0,3},?\s+\d{4})(?!\d|\s?/).{0,200}",
             "© 2019 TASS"),
    JunkRule("copyright", "any", r"(?i)\ball rights reserved\b", "All rights reserved.",
             contains=("rights reserved",)),
    JunkRule("copyright", "any", r"(?i)\bcopyright by\b", "copyright by dpa",
             contains=("copyright by",)),
    JunkRule("agency-credits", "any",
             r"(?i)\(?(?:additional\s)?(?:reporting|writing|editing|compiled|compiling|edited|"
             r"research|graphics?|reported|produced)\sby\b[^()]{1,400}\)?",
             "(Reporting by Jane Roe; Editing by John Doe)"),
    JunkRule("end-marker", "end",
             r"(?i)enditem|end item|\(end\)|-+\s?end\s?-+|endit|ends|\(ends\)|==\s?kyodo|"
             r"--?\s?(?:bernama|ians|pti|ani)|reuters?|\(?(?:afp|ap|dpa|efe|ansa|ani|ians|pti|upi)\)?|"
             r"xinhua|#{3}|-30-|(?:PTI|IANS|UNI)(?:\s[A-Z]{2,4}){1,4}",
             "Reuter"),
    JunkRule("separator", "any", r"[-—–*#=_~•·]{3,}|(?:[*•·] ){2,}[*•·]", "* * *"),
    JunkRule("desk-code", "any", r"\(?[a-z]{2,4}(?:/[a-z]{2,4}){1,3}\)?", "mk/xx"),
    JunkRule("desk-code", "any", r"[A-Z]{2,4}-[A-Z]{2,4}-\d\d-\d\d-\d\d \d{4}(?:GMT|UTC|[ECMP][SD]T)", "AP-WF-02-10-16 0423GMT"),
    JunkRule("desk-code", "any", r"dpa(?:\s[a-z0-9]{1,4}){2,6}", "dpa xy yyzz n1 kr"),
    JunkRule("desk-code", "any", r"\d{6}\s(?:GMT\s)?[A-Z][a-z]{2}\s\d{2}", "071432 Feb 24"),
    JunkRule("contact", "any", r"\(?[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,4}\)?", "kimjh@example.com"),
    JunkRule("wire-header", "any",
             r"(?:\*\d+<\s*\^?)?[A-Z]{1,3}-[^\s,]{1,40}.{0,120},\s?\d{3,4}",
             "BC-LT--Argentina-Cancer Beauty,466"),
    JunkRule("wire-header", "any", r"[A-Z][A-Z0-9]{1,10}(?:-[A-Z0-9]+){0,3}-\d{3,}(?:\s+\([A-Z][A-Z .]{1,30}\))?",
             "DEV-MUC3-0018 (NOSC)"),
    JunkRule("wire-header", "any",
             r"(?i)refile|refiled|re-?sending|\d(?:st|nd|rd|th) lead|\d(?:st|nd|rd|th) ld(?:-writethru)?|"
             r"update \d+|updates \d+|corrected|correction|urgent|flash|bulletin|advisory|"
             r"repeat|rpt|kill|withdrawal|eds?:.{0,400}|\(eds?:.{0,400}\)|editors?'?s? note:.{0,400}|"
             r"\((?:achtung|attention|note|corrects?|adds?|updates?)\b.{0,200}\)",
             "Eds: With AP Photos."),
    JunkRule("wire-header", "any", r"AP Photos? [A-Z]{2,5}\d{2,4}(?:,\s*[A-Z]{2,5}\d{2,4}){0,20}",
             "AP Photo XNP101, XNP102"),
    JunkRule("navigation", "edge", rf"(?i)(?:{_SECTIONS})", "All news"),
    JunkRule("navigation", "edge",
             r"(?:[^\W\d_][\w .&'’-]{0,30}(?:\s*[>»›]\s*|\s[/|•]\s)){1,6}[^\W\d_][\w .&'’-]{0,40}",
             "Home > World > Europe"),
    JunkRule("page-furniture", "any",
             r"(?i)listen to (?:this )?(?:article|story)(?:\s\d+\s?min)?|watch(?: video)?|video|"
             r"photo gallery|gallery|play video|click here.{0,60}|follow (?:us|\w+) on\b.{0,60}|"
             r"skip to (?:main )?content|back to top|loading\.*|image|enlarge(?: this image)?|"
             r"toggle caption|hide caption|show caption",
             "Listen to this article"),
    JunkRule("agency-line", "edge",
             r"(?:The )?(?:Associated Press|Reuters|Agence France-Presse|AFP|dpa|TASS|Xinhua|"
             r"Interfax|Sputnik|RIA Novosti)(?: (?:Staff |Business |Sports |Medical |Science "
             r"|Political |Diplomatic |Chief )?(?:Writer|Correspondent|Reporter|Editor))?",
             "Associated Press"),
)


def _branch(index: int, rule: JunkRule, *, anchored: bool = True) -> str:
    pattern, flags = rule.pattern, ""
    if pattern.startswith("(?i)"):
        pattern, flags = pattern[4:], "i"
    body = f"(?{flags}:{pattern})" if flags else f"(?:{pattern})"
    end = r"\s*$" if anchored else ""
    return rf"(?P<r{index}>{body}{end})"


@functools.cache
def _combined(scopes: tuple[Scope, ...]) -> re.Pattern[str]:
    """One alternation of every row of ``scopes``, in table order.

    why: one regex call in C instead of thirty in a Python loop; alternation is ordered, so
    the first row that matches still wins, and ``lastgroup`` names it.
    """
    branches = [_branch(i, rule) for i, rule in enumerate(JUNK_RULES)
                if rule.scope in scopes and not rule.contains]
    return re.compile("|".join(branches))


_CONTAINS_WORDS = tuple(sorted({word for rule in JUNK_RULES for word in rule.contains}))


@functools.cache
def _combined_contains(scopes: tuple[Scope, ...]) -> re.Pattern[str] | None:
    branches = [_branch(i, rule, anchored=False) for i, rule in enumerate(JUNK_RULES)
                if rule.scope in scopes and rule.contains]
    return re.compile("|".join(branches)) if branches else None


# why: junk lines are short; testing rows against long paragraphs only costs time.
JUNK_MAX_CHARS = 500
# why: a newsletter or cookie prompt is a line or two; a long paragraph that mentions
# "cookies" or "all rights reserved" is body copy about them.
CONTAINS_MAX_CHARS = 300


def match_junk(text: str, scopes: tuple[Scope, ...] = ("any", "end")) -> JunkRule | None:
    """The first junk row of the given scopes that matches the whole of ``text``.

    >>> match_junk("Read also: Moscow still supports Maduro").name
    'read-also'
    >>> match_junk("Moscow keeps holding its stance.") is None
    True
    """
    if len(text) > JUNK_MAX_CHARS:
        return None
    m = _combined(scopes).match(text)
    if m is None and len(text) <= CONTAINS_MAX_CHARS and _holds_contains_word(text):
        contains = _combined_contains(scopes)
        m = contains.search(text) if contains is not None else None
    if m is None or m.lastgroup is None:
        return None
    return JUNK_RULES[int(m.lastgroup[1:])]


def _holds_contains_word(text: str) -> bool:
    lower = text.lower()
    for word in _CONTAINS_WORDS:  # noqa: SIM110 - a plain loop: any() over a generator is slower here
        if word in lower:
            return True
    return False


TRAILER_MAX_CHARS = 600
# why: copy ends with a credit line and an end mark at most ("(Reporting by …) (END)").
TRAILERS_MAX = 3
# Trailers printed at the end of the last paragraph instead of on a line of their own.
_TRAILERS = re.compile(
    r"(?<!\s)(?:\s*\((?:additional\s)?(?:reporting|writing|editing|compiled|edited)\sby\b[^()]{1,400}\)"
    r"|\s+==\s?kyodo|\s+--\s?bernama|\s+\(end\)|\s+enditem"
    r"|(?<=[.!?\"”’])\s+reuters?)\s*$",
    re.IGNORECASE,
)


def strip_trailers(text: str) -> str:
    """Remove a trailing "(Reporting by …)" or end mark from a paragraph.

    >>> strip_trailers("Shares fell. (Reporting by Jane Roe; Editing by John Doe)")
    'Shares fell.'
    """
    if len(text) < 8 or text[-1] not in ")oOdDmMrRsS":
        return text  # cheap exit: every trailer ends in one of these letters or ")"
    # why: trailers are short; searching only the tail keeps this linear on any paragraph.
    # One trailer at a time, from the end (a pattern without repetition stays linear).
    for _ in range(TRAILERS_MAX):
        m = _TRAILERS.search(text, max(0, len(text) - TRAILER_MAX_CHARS))
        if m is None:
            break
        text = text[: m.start()]
    return text
