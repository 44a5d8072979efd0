"""Decode: bytes → str, by BOM, then strict UTF-8, then charset detection; refuse binaries."""

from __future__ import annotations

import codecs
import itertools

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
# why: when at most this share of lines is not UTF-8 while others hold valid multi-byte UTF-8,
# the file is UTF-8 with pasted-in legacy pieces, not a legacy file as a whole.
MIXED_MAX_BAD_SHARE = 0.5
# why: below this many bytes charset detection guesses (a short French line comes out cp1250).
DETECT_MIN_BYTES = 1000
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
    refuse_binary(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_detected(data)


def refuse_binary(data: bytes) -> None:
    """Raise BinaryInputError when the head of ``data`` is not text (NULs, control bytes).

    Text with a UTF-16/32 byte-order mark holds NULs by right: callers check BOMs first.
    """
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        raise BinaryInputError("input looks binary (it contains NUL bytes), not text or HTML")
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    if controls > BINARY_CONTROL_SHARE * len(head):
        raise BinaryInputError("input looks binary (too many control bytes), not text or HTML")


def has_bom(data: bytes) -> bool:
    return data.startswith(tuple(bom for bom, _ in _BOMS))


# XML 1.0, appendix F: a document without a byte-order mark opens with its declaration "<?",
# so UTF-16 without a mark shows in its first four bytes.
_XML_UTF16 = ((b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))


def xml_utf16(data: bytes) -> str | None:
    """The codec of an XML document in UTF-16 without a byte-order mark, else None.

    >>> xml_utf16('<?xml version="1.0"?>'.encode("utf-16-le")), xml_utf16(b"<?xml")
    ('utf-16-le', None)
    """
    return next((codec for opener, codec in _XML_UTF16 if data.startswith(opener)), None)


def _decode_detected(data: bytes) -> str:
    """Decode non-UTF-8 bytes: mostly-UTF-8 line by line, else as charset-normalizer says."""
    lines = data.split(b"\n")
    bad = [i for i, line in enumerate(lines) if not _is_utf8(line)]
    bad_set = set(bad)
    if len(bad) <= MIXED_MAX_BAD_SHARE * len(lines) and any(
        not line.isascii() for i, line in enumerate(lines) if i not in bad_set
    ):
        # An archive file glued from UTF-8 and legacy-encoded pieces: keep the UTF-8 lines,
        # decode the others with the encoding that fits them.
        for i in bad:
            legacy = _legacy_encoding(lines[i])
            lines[i] = lines[i].decode(legacy, errors="replace").encode("utf-8")
        return b"\n".join(lines).decode("utf-8")
    return _decode_whole(data)


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _legacy_encoding(sample: bytes) -> str:
    """The legacy encoding of a sample; short samples defeat statistical detection, so for
    them only the two legacy encodings of our agencies compete: Cyrillic words are runs of
    high bytes (cp1251), Western accents are single high bytes between ASCII letters (cp1252)."""
    if len(sample) >= DETECT_MIN_BYTES:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
        if best is not None and best.encoding:
            return _unless_western(sample, best.encoding, best.language)
    return _short_guess(sample)


def _short_guess(sample: bytes) -> str:
    high = sum(1 for b in sample if b >= 0xC0)
    paired = sum(1 for a, b in itertools.pairwise(sample) if a >= 0xC0 and b >= 0xC0)
    return "cp1251" if high and paired >= 0.5 * high else WESTERN


# The Western code page: the most common legacy encoding of archived copy (latin-1 plus
# curly quotes, dashes and the euro sign in 0x80-0x9F).
WESTERN = "cp1252"
# Latin code pages that decode Western bytes to nearly the same letters: a detector that picks
# one of them for text that reads as Western (French "coûte" → cp1250 "coűte") is guessing.
_LATIN_NEIGHBOURS = frozenset(
    "cp1250 cp1257 cp1258 cp1254 iso8859_2 iso8859_3 iso8859_4 iso8859_9 iso8859_10 "
    "iso8859_13 iso8859_14 iso8859_15 iso8859_16 mac_latin2 mac_roman mac_iceland "
    "mac_turkish cp775 cp850 cp852 cp858 hp_roman8 latin_1".split()
)
# Languages charset-normalizer names for text that a Western code page serves.
_WESTERN_LANGUAGES = frozenset(
    "Unknown English French German Spanish Portuguese Italian Dutch Danish Swedish Norwegian "
    "Finnish Catalan Indonesian".split()
)
# Non-ASCII characters that Western copy holds besides accented letters.
_WESTERN_MARKS = frozenset("\u00a0‘’‚“”„–—…€«»°§©®·•¿¡´¨ªº±×÷£¥¢")


def _unless_western(data: bytes, detected: str, language: str = "Unknown") -> str:
    """Keep the detector's encoding unless it is a Latin neighbour of cp1252 guessed for text
    that reads as Western; then cp1252."""
    if (detected.lower() in _LATIN_NEIGHBOURS and language in _WESTERN_LANGUAGES
            and reads_as_western(data)):
        return WESTERN
    return detected


def reads_as_western(data: bytes) -> bool:
    """Whether ``data`` decoded as cp1252 reads as Western text: every non-ASCII character is
    a letter of the Latin-1 range (or œ, š, ž, ÿ) or common punctuation, and accented letters
    stand singly or in pairs among ASCII letters, not in the runs a Cyrillic or Greek word
    makes.

    >>> reads_as_western("Le caf\u00e9 co\u00fbte cher".encode("cp1252"))
    True
    >>> reads_as_western("Москва".encode("cp1251"))
    False
    """
    text = _decode_as(data, WESTERN)
    accented = run = longest = 0
    letters = 0
    for char in text:
        if char.isascii():
            run = 0
            letters += char.isalpha()
            continue
        if char in _WESTERN_MARKS or char < "\u00a0":  # a stray C1 byte says nothing
            run = 0
            continue
        if not char.isalpha() or not ("\u00c0" <= char <= "\u00ff" or char in "ŒœŠšŽžŸƒ"):
            return False
        letters += 1
        accented += 1
        run += 1
        longest = max(longest, run)
    # why: Western words carry one or two accented letters ("ção"); three in a row is
    # another script's word read through the wrong code page ("Ìîñêâà" for "Москва").
    return longest <= 2 and accented <= WESTERN_MAX_ACCENTED_SHARE * max(letters, SHARE_MIN_LETTERS)


# why: even Portuguese or French prose has under a fifth of its letters accented; text with
# more is another alphabet read as Latin-1.
WESTERN_MAX_ACCENTED_SHARE = 0.3
# why: one word ("Ação") is too few letters for a share to mean anything.
SHARE_MIN_LETTERS = 10


def _decode_whole(data: bytes) -> str:
    """Decode a legacy-encoded input as a whole: short inputs by ``_short_guess`` (detection
    guesses there: "caf\\xe9" comes out UTF-16), longer ones as the detector says, unless
    ``_unless_western`` overrules a Latin neighbour of cp1252."""
    if len(data) < DETECT_MIN_BYTES:
        encoding = _short_guess(data)
        if encoding == WESTERN and not reads_as_western(data):
            encoding = _detected(data) or WESTERN
        return _decode_as(data, encoding)
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    if best is None or best.encoding is None:
        # UTF-8 with a few broken bytes (a truncated download) is far more common than a
        # legacy encoding charset-normalizer cannot place: keep the text, mark the bad bytes.
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > 0.05 * len(text):
            raise DecodeError("no text encoding decodes this input")
        return text
    return _decode_as(data, _unless_western(data, best.encoding, best.language))


def _detected(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def _decode_as(data: bytes, encoding: str) -> str:
    if encoding == WESTERN:
        try:
            return data.decode(WESTERN)
        except UnicodeDecodeError:
            return data.decode("latin-1")  # the five bytes cp1252 leaves undefined: C1 codes
    return data.decode(encoding, errors="replace")
