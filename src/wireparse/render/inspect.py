"""The inspection view: every input block with the role the parser gave it, the parser's own
reason (its rule id) and evidence (``Article.decisions``), then the dateline taken apart and
the final fields.

Reads only the Article, like every renderer; nothing here second-guesses the parser or adds
evidence of its own. Rows can be limited to some roles (``only``), and each row's text is
shortened to one line of the width unless ``full``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ..model import Article, Dateline, Decision

ROLE_STYLES: dict[str, str] = {
    "headline": "bold magenta",
    "standfirst": "magenta",
    "kicker": "dim magenta",
    "byline": "cyan",
    "dateline": "bold green",
    "paragraph": "",
    "subheading": "bold blue",
    "caption": "yellow",
    "credit": "yellow",
    "photo": "yellow",
    "junk": "dim red",
}
NULL = Text("null", style="dim italic")

# Names for several roles at once, for --only (a role's own name works too).
ROLE_GROUPS: dict[str, frozenset[str]] = {
    "head": frozenset({"headline", "kicker", "standfirst", "byline", "dateline"}),
    "photo": frozenset({"photo", "caption", "credit"}),
    "body": frozenset({"paragraph", "subheading", "dateline"}),
    "junk": frozenset({"junk"}),
    "metadata": frozenset({"metadata"}),
}
ROLES = frozenset(ROLE_STYLES) | {"metadata"}


def roles_named(names: str) -> frozenset[str]:
    """The roles a comma-separated ``--only`` value names; ValueError for an unknown name.

    >>> sorted(roles_named("photo,headline"))
    ['caption', 'credit', 'headline', 'photo']
    """
    roles: set[str] = set()
    for name in (n.strip().lower() for n in names.split(",")):
        if name in ROLE_GROUPS:
            roles |= ROLE_GROUPS[name]
        elif name in ROLES:
            roles.add(name)
        elif name:
            known = ", ".join(sorted(set(ROLE_GROUPS) | ROLES))
            raise ValueError(f"{name!r} is no role (roles: {known})")
    return frozenset(roles)


@dataclass(frozen=True, slots=True)
class InspectOptions:
    only: frozenset[str] | None = None
    """Show only blocks with these roles (and leave out the dateline and fields tables)."""
    full: bool = False
    """Show every block's text whole; by default each row is one line of the width."""


def render_inspect(article: Article, console: Console,
                   options: InspectOptions | None = None) -> None:
    """Print the inspection view of ``article`` on ``console``."""
    console.print(inspect_view(article, console.width, options))


def inspect_view(article: Article, width: int = 80,
                 options: InspectOptions | None = None) -> RenderableType:
    """The blocks table, the dateline breakdown and the fields table, as one renderable."""
    options = options or InspectOptions()
    blocks = decisions_table(article, width, options)
    if options.only is not None:
        return blocks
    return Group(blocks, Text(), dateline_table(article.dateline), Text(),
                 fields_table(article))


# why: at 80 columns the lines (5) and the reasons (26) leave ~45 columns of text; reasons
# longer than a third of the width wrap rather than starve the text of room.
REASON_MIN_WIDTH = 24


def decisions_table(article: Article, width: int = 80,
                    options: InspectOptions | None = None) -> Table:
    """One row per input block, in input order: its lines, the parser's reason (rule id) and
    evidence, its text."""
    options = options or InspectOptions()
    table = Table(title="Blocks as the parser saw them", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    table.add_column("lines", justify="right", style="dim", no_wrap=True, min_width=5,
                     max_width=11)
    reason_width = max(REASON_MIN_WIDTH, width // 3)
    table.add_column("role: rule · evidence", min_width=reason_width, max_width=reason_width)
    # The text takes the rest of the width: shortened to one line, or folded with --full.
    table.add_column("text", ratio=1, no_wrap=not options.full,
                     overflow="fold" if options.full else "ellipsis")
    dateline = article.dateline.text if article.dateline else None
    shown = [d for d in article.decisions if options.only is None or d.role in options.only]
    for decision in shown:
        table.add_row(_lines(decision), _reason(decision, reason_width, options.full),
                      _text(decision, dateline))
    if not article.decisions:
        table.add_row("", NULL, Text("(no blocks: the input is empty)", style="dim"))
    elif not shown:
        table.add_row("", NULL, Text("(no block has these roles)", style="dim"))
    return table


def _lines(decision: Decision) -> str:
    first, last = decision.lines
    if first == 0:  # HTML blocks have no input line
        return "–"
    return str(first) if first == last else f"{first}–{last}"


def _reason(decision: Decision, width: int = 40, full: bool = False) -> Text:
    """The reason as the parser wrote it, its role part in the role's colour, and under it
    the evidence the parser kept (shortened to one line unless ``full``)."""
    style = ROLE_STYLES.get(decision.role, "")
    head, sep, rest = decision.reason.partition(":")
    text = (Text(decision.reason, style=style) if not sep
            else Text.assemble((head + sep, style), (rest, "dim")))
    if decision.evidence:
        evidence = decision.evidence
        if not full and len(evidence) > width - 2:
            # An element path keeps its innermost end, other evidence its start.
            evidence = ("…" + evidence[-(width - 3):] if " > " in evidence
                        else evidence[: width - 3] + "…")
        text.append("\n· " + evidence, style="dim italic")
    return text


def _text(decision: Decision, dateline: str | None) -> Text:
    style = ROLE_STYLES.get(decision.role, "")
    if decision.role == "dateline" and dateline and decision.text.startswith(dateline):
        # Show where the dateline ends and the first paragraph begins.
        return Text.assemble((dateline, "bold green reverse"),
                             (decision.text[len(dateline):], ""))
    return Text(decision.text, style=style)


def dateline_table(dateline: Dateline | None) -> Table:
    """The dateline's parts, one per row (null where the dateline prints none)."""
    table = Table(title="Dateline", title_justify="left", box=box.SIMPLE_HEAD,
                  pad_edge=False, show_header=False)
    table.add_column("part", style="bold green", no_wrap=True)
    table.add_column("value", overflow="fold")
    if dateline is None:
        table.add_row("dateline", NULL)
        return table
    for key, value in dateline.to_dict().items():
        table.add_row(key, _value(value))
    return table


def fields_table(article: Article) -> Table:
    """The document's fields as the parse ended (the JSON output, summarised for the body)."""
    table = Table(title="Fields", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False,
                  show_header=False)
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    table.add_row("headline", _value(article.headline, "headline"))
    table.add_row("standfirst", _value(article.standfirst, "standfirst"))
    table.add_row("byline", _value(article.byline, "byline"))
    table.add_row("photos", _photos(article))
    table.add_row("dateline", _value(article.dateline.text if article.dateline else None,
                                     "dateline"))
    table.add_row("body", _body(article))
    table.add_row("source", _value(article.source))
    return table


def _value(value: str | None, role: str = "") -> Text:
    return NULL if value is None else Text(value, style=ROLE_STYLES.get(role, ""))


def _photos(article: Article) -> Text:
    if not article.photos:
        return Text("[]", style="dim")
    lines = [f"{p.caption or '(no caption)'} — {p.credit or '(no credit)'}"
             for p in article.photos]
    return Text("\n".join(lines), style=ROLE_STYLES["photo"])


def _body(article: Article) -> Text:
    if not article.body:
        return Text("[]", style="dim")
    paragraphs = sum(1 for b in article.body if b.type == "paragraph")
    subheadings = len(article.body) - paragraphs
    return Text(f"{paragraphs} paragraph{'s' * (paragraphs != 1)}, "
                f"{subheadings} subheading{'s' * (subheadings != 1)}")
