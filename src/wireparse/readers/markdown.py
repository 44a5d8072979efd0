"""Read wireparse's own Markdown (``render.markdown``) back into the same Article.

Text is unescaped (a backslash before ASCII punctuation gives the punctuation, as CommonMark
reads it); the byline and photo lines the renderer shows in the body (blocks opening with an
unescaped ``*``) are passed over: the front matter holds those fields exactly.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import InputError
from ..model import Article, Block, Dateline, Photo
from ..options import ParseOptions

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_WS = re.compile(r"\s+")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(text: str) -> str:
    r"""The text ``render.markdown.escape`` was given.

    >>> unescape(r"\*Rain\* \<b\> 1\. first \\ AT&T")
    '*Rain* <b> 1. first \\ AT&T'
    """
    return _ESCAPED.sub(r"\1", text)


def read_markdown(text: str, options: ParseOptions) -> Article:
    """Parse Markdown with YAML front matter; raise InputError if the front matter is broken."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    m = _FRONT.match(text)
    meta: dict[str, Any] = {}
    if m:
        meta = _front_matter(m.group("yaml"))
        text = text[m.end():]
    headline = standfirst = None
    body: list[Block] = []
    for raw in re.split(r"\n[ \t]*\n", text):
        block = raw.strip()
        if not block:
            continue
        if block.startswith("## "):
            body.append(Block("subheading", _line(block[3:])))
        elif block.startswith("# ") and headline is None and not body and standfirst is None:
            headline = _line(block[2:])
        elif block.startswith(">") and standfirst is None and not body:
            standfirst = _line(re.sub(r"(?m)^>[ \t]?", "", block))
        elif block.startswith("*"):
            continue  # the byline or a photo, shown for people; the front matter has them
        else:
            body.append(Block("paragraph", _line(block)))
    dateline = _dateline(meta.get("dateline"))
    if dateline is not None and body and body[0].type == "paragraph":
        first = body[0].text
        if first.startswith(dateline.text):
            rest = first[len(dateline.text):].strip()
            body[0:1] = [Block("paragraph", rest)] if rest else []
    body = [b for b in body if b.text]
    return Article(
        headline=headline or None,
        standfirst=standfirst or None,
        byline=_str(meta.get("byline")),
        photos=tuple(
            Photo(_str(p.get("caption")), _str(p.get("credit")))
            for p in meta.get("photos") or () if isinstance(p, dict)
        ),
        dateline=dateline,
        body=tuple(body),
        source=_str(meta.get("source")),
    )


class _NoAliasLoader(yaml.SafeLoader):
    """Aliases can multiply a small header into gigabytes; wireparse never writes them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases are not allowed")
        return super().compose_node(parent, index)


def _front_matter(source: str) -> dict[str, Any]:
    try:
        loaded = yaml.load(source, Loader=_NoAliasLoader)  # a SafeLoader, without aliases
    except yaml.YAMLError as exc:
        raise InputError(f"front matter is not valid YAML ({_first_line(exc)})") from None
    except RecursionError:
        raise InputError("front matter is nested too deeply") from None
    if not isinstance(loaded, dict):
        return {}
    for key, kind in (("photos", list), ("dateline", dict)):
        if loaded.get(key) is not None and not isinstance(loaded[key], kind):
            shape = "list" if kind is list else "mapping"
            raise InputError(f"front matter: {key} must be a {shape}")
    return loaded


def _line(text: str) -> str:
    return unescape(_WS.sub(" ", text).strip())


def _str(value: Any) -> str | None:
    """A front-matter value as written: the renderer quotes it exactly, so nothing to mend."""
    if value is None:
        return None
    text = str(value)
    return text if text.strip() else None


def _dateline(value: Any) -> Dateline | None:
    if not isinstance(value, dict) or not _str(value.get("text")):
        return None
    return Dateline(
        text=str(value["text"]),
        city=_str(value.get("city")),
        country=_str(value.get("country")),
        date=_str(value.get("date")),
        date_text=_str(value.get("date_text")),
        agency=_str(value.get("agency")),
    )


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
