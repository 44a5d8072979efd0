"""Reading story inputs for the commands (the library itself does no I/O).

``read_source`` is the one reader every command uses: a path or ``-`` for stdin, compressed
inputs recognised by their first bytes (not their name), every failure an ``InputError`` with
a one-line message.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO, NamedTuple

from .errors import InputError, InputUnreadableError

STDIN = "-"


class Compression(NamedTuple):
    name: str
    magic: bytes
    open: Callable[[IO[bytes]], io.BufferedIOBase]


# Recognised by content: `cat page.html.gz | wireparse` and a `.gz` member without the
# suffix are read as readily as `story.txt.gz`. Magic numbers from each format's spec.
COMPRESSIONS: tuple[Compression, ...] = (
    # The openers return the stream; read_limited closes it (hence the noqa).
    Compression("gzip", b"\x1f\x8b", lambda fh: gzip.GzipFile(fileobj=fh, mode="rb")),
    Compression("bzip2", b"BZh", lambda fh: bz2.BZ2File(fh, "rb")),
    Compression("xz", b"\xfd7zXZ\x00", lambda fh: lzma.LZMAFile(fh, "rb")),  # noqa: SIM115
)
_HEAD = max(len(c.magic) for c in COMPRESSIONS)
_DECOMPRESS_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, ValueError)


def compression_of(head: bytes) -> Compression | None:
    """The compression whose magic number ``head`` starts with, if any."""
    for compression in COMPRESSIONS:
        if head.startswith(compression.magic):
            # bzip2's "BZh" is followed by the block size digit; without it this is text.
            if compression.name == "bzip2" and (len(head) < 4 or head[3] not in b"123456789"):
                continue
            return compression
    return None


def read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    """At most ``max_bytes`` + 1 bytes of ``stream``, decompressed if its first bytes say it is
    compressed: enough for the parser to refuse an oversized input without reading it whole
    (a decompression bomb included)."""
    head = _read_exactly(stream, _HEAD)
    compression = compression_of(head)
    if compression is None:
        return head + stream.read(max(0, max_bytes + 1 - len(head)))
    whole = io.BufferedReader(_Rejoined(head, stream))
    try:
        with compression.open(whole) as inner:
            return inner.read(max_bytes + 1)
    except _DECOMPRESS_ERRORS as exc:
        raise InputError(f"broken {compression.name} file ({one_line(exc)})") from None


def read_input(path: str | Path, max_bytes: int) -> bytes:
    """A story file's bytes (decompressed when compressed), at most ``max_bytes`` + 1."""
    with open(path, "rb") as fh:
        return read_limited(fh, max_bytes)


def read_source(name: str, max_bytes: int) -> bytes:
    """The bytes of a path, or of stdin for ``-``: the one input reader of every command.

    Raises ``InputError`` with a one-line reason ("no such file", "is a directory …").
    """
    if name == STDIN:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # a text-only stdin (some embedding hosts)
            return read_limited(io.BytesIO(sys.stdin.read().encode("utf-8")), max_bytes)
        return read_limited(stream, max_bytes)
    try:
        if Path(name).is_dir():
            raise InputUnreadableError("is a directory (use `wireparse batch` for folders)")
        return read_input(name, max_bytes)
    except FileNotFoundError:
        raise InputUnreadableError("no such file") from None
    except PermissionError:
        raise InputUnreadableError("permission denied") from None
    except OSError as exc:
        raise InputUnreadableError(exc.strerror or one_line(exc)) from None


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    """``size`` bytes unless the stream ends first (a pipe may deliver fewer per read)."""
    chunks: list[bytes] = []
    got = 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


class _Rejoined(io.RawIOBase):
    """The bytes already read to sniff the format, then the rest of the stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def shown(name: str) -> str:
    """A file name as a message may show it: control characters (a newline, an ANSI escape
    from a hostile archive) escaped, so the message stays one line and inert."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], name)


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (its type's name when it has none)."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
