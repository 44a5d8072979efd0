"""Decode: bytes → str, by BOM, then strict UTF-8, then charset detection; refuse binaries."""

from __future__ import annotations

import codecs

from ..errors import BinaryInputError, DecodeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# why: text never holds NUL bytes, and wire envelopes hold only a handful of control bytes
# (SOH, STX, ETX, SYN, …); a file whose head is more than this share of control bytes is binary.
BINARY_CONTROL_SHARE = 0.10
SNIFF_BYTES = 8192
# Control bytes that are not a sign of binary data: tab, LF, VT, FF, CR and the wire
# transmission codes ANPA-1312 and IPTC 7901 use (SOH…ACK, DC1…DC4, SYN, US, ESC).
_TEXT_CONTROLS = frozenset(
    b"\t\n\x0b\x0c\r\x01\x02\x03\x04\x05\x06\x11\x12\x13\x14\x16\x1b\x1f\x7f"
)
_BINARY_CONTROLS = bytes(b for b in range(32) if b not in _TEXT_CONTROLS)


def decode(data: bytes | str) -> str:
    """Return the text of ``data``; str passes through unchanged.

    >>> decode("caf\\u00e9".encode("cp1252"))
    'café'
    """
    if isinstance(data, str):
        return data
    if not data:
        return ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        raise BinaryInputError("input looks binary (it contains NUL bytes), not text or HTML")
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    if controls > BINARY_CONTROL_SHARE * len(head):
        raise BinaryInputError("input looks binary (too many control bytes), not text or HTML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_detected(data)


def _decode_detected(data: bytes) -> str:
    """Decode non-UTF-8 bytes with the encoding charset-normalizer finds most plausible."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    if best is None or best.encoding is None:
        # UTF-8 with a few broken bytes (a truncated download) is far more common than a
        # legacy encoding charset-normalizer cannot place: keep the text, mark the bad bytes.
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > 0.05 * len(text):
            raise DecodeError("no text encoding decodes this input")
        return text
    return data.decode(best.encoding, errors="replace")
