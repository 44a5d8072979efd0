"""Reading story files for the commands (the library itself does no I/O)."""

from __future__ import annotations

import gzip
import re
import zlib

from .errors import InputError


def read_input(path: str, max_bytes: int) -> bytes:
    """A story file's bytes (gunzipped for ``.gz``), at most ``max_bytes`` + 1 of them so the
    parser can refuse an oversized input without it being read whole."""
    if path.lower().endswith(".gz"):
        try:
            with gzip.open(path, "rb") as fh:
                return fh.read(max_bytes + 1)
        except (EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
            raise InputError(f"broken gzip file ({one_line(exc)})") from None
    with open(path, "rb") as fh:
        return fh.read(max_bytes + 1)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def shown(name: str) -> str:
    """A file name as a message may show it: control characters (a newline, an ANSI escape
    from a hostile archive) escaped, so the message stays one line and inert."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], name)


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (its type's name when it has none)."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
