"""Hostile and broken input: each case has a documented outcome (see docs/errors.md).

The contract (SPEC.md, "Bad input"): every input gives an Article — empty when nothing in it is
an article — or a ``WireparseError`` with a one-line message; never another exception, never a
hang, never the content of a file or URL the input merely names, and in a multi-file run never
the loss of the other files' output.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import wireparse
import wireparse.commands.common
from wireparse import (
    Article,
    BinaryInputError,
    InputError,
    InputTooLargeError,
    ParseOptions,
    WireparseError,
)
from wireparse.cli import cli
from wireparse.options import DEFAULT_MAX_BYTES
from wireparse.schema import schema

STORY = ("Rain stops play at Lord's\n\nLONDON, June 3 (Reuters) - Rain washed out the "
         "second day of the match on Saturday, the groundsmen said.\n\nPlay resumes on "
         "Monday if the forecast holds.\n")


def outcome(data: bytes | str, **kwargs: object) -> Article | WireparseError:
    """Parse and check the contract: a valid, encodable document, or a one-line user error."""
    try:
        article = wireparse.parse(data, **kwargs)  # type: ignore[arg-type]
    except WireparseError as exc:
        assert str(exc) and "\n" not in str(exc), f"message is not one line: {exc!r}"
        return exc
    doc = article.to_dict()
    jsonschema.validate(doc, schema())
    article.to_json().encode("utf-8")  # what the CLI writes must be writable
    return article


def article_of(data: bytes | str, **kwargs: object) -> Article:
    result = outcome(data, **kwargs)
    assert isinstance(result, Article), f"expected an article, got {result!r}"
    return result


def all_text(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False)


# --- empty, blank, binary -------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", "", b"\xef\xbb\xbf", "\ufeff"], ids=repr)
@pytest.mark.parametrize("input_format", ["auto", "text", "md"])
def test_empty_input_is_an_empty_document(data: bytes | str, input_format: str) -> None:
    assert article_of(data, input_format=input_format).is_empty


@pytest.mark.parametrize("data", [b"", b"   \n\t"], ids=repr)
def test_empty_html_is_an_empty_document_or_a_one_line_error(data: bytes) -> None:
    result = outcome(data, input_format="html")
    assert isinstance(result, InputError) or result.is_empty


@pytest.mark.parametrize("data", [
    " ", "\n\n\n", " \t\r\n" * 1000, "\u00a0\u2003\u3000\n\u200b\u2060\ufeff",
    b"\r\n" * 5000, "\x0c\x0b\x1c\x1d\x1e\x1f\x85\u2028\u2029",
], ids=["space", "newlines", "mixed", "unicode-spaces", "crlf", "separators"])
def test_whitespace_only_is_an_empty_document(data: bytes | str) -> None:
    assert article_of(data).is_empty


@pytest.mark.parametrize("data", [
    b"Rain\x00stops\x00play",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    b"\x7fELF\x02\x01\x01\x00" + bytes(64),
    b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8,
    b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200),
    bytes(range(256)) * 64,
    b"\x05\x06\x07\x08\x0e\x0f\x10\x15\x17\x18\x19\x1a" * 100,
], ids=["nul", "png", "elf", "gzip", "zip", "all-bytes", "control-bytes"])
@pytest.mark.parametrize("input_format", ["auto", "text", "html", "md"])
def test_binary_bytes_are_refused_with_one_line(data: bytes, input_format: str) -> None:
    result = outcome(data, input_format=input_format)
    assert isinstance(result, BinaryInputError), result


def test_nul_characters_in_a_str_are_dropped() -> None:
    article = article_of("Rain stops play\n\nLONDON, June 3 (Reuters) - It\x00 rained.\x00")
    assert "\x00" not in all_text(article)
    assert article.dateline is not None


# --- broken encodings -----------------------------------------------------------------------


@pytest.mark.parametrize("data", [
    STORY.encode() + b"\xff\xfe broken \xc3",                       # truncated UTF-8
    STORY.encode()[:-30] + b"\xe2\x80",                             # cut inside a character
    b"Caf\xc3\xa9 \xed\xa0\x80 surrogate encoded as UTF-8\n",       # CESU-style surrogate
    b"\xc0\xaf overlong slash and \xf5\x80\x80\x80 beyond U+10FFFF\n",
    bytes(range(0x80, 0x100)) * 40,                                 # only high bytes
], ids=["truncated", "cut", "encoded-surrogate", "overlong", "high-bytes"])
def test_invalid_utf8_gives_an_article_or_a_decode_error(data: bytes) -> None:
    result = outcome(data)
    assert isinstance(result, Article | InputError)


def test_invalid_utf8_keeps_the_readable_text() -> None:
    article = article_of(STORY.encode() + b"\n\nMore rain \xff\xfe is due.\n")
    assert article.dateline is not None and article.dateline.agency == "Reuters"
    assert "Rain washed out" in all_text(article)


@pytest.mark.parametrize("text", [
    "Rain \ud800 stops play\n\nLONDON, June 3 (Reuters) - It rained.\n",
    "Rain stops play\n\nLONDON, June 3 (Reuters) - It \udfff rained \udc80.\n",
    "\ud83d",  # half of an emoji, alone
], ids=["headline", "body", "alone"])
@pytest.mark.parametrize("input_format", ["auto", "text", "html", "md"])
def test_lone_surrogates_in_str_never_reach_the_document(text: str, input_format: str) -> None:
    """A str can hold lone surrogates (bad ``surrogateescape`` decoding); the document must not:
    JSON written as UTF-8 cannot carry them. Outcome: replaced (U+FFFD) or a DecodeError."""
    result = outcome(text, input_format=input_format)
    if isinstance(result, Article):
        assert not any("\ud800" <= c <= "\udfff" for c in all_text(result))


def test_mixed_encodings_in_one_file_give_an_article() -> None:
    """One encoding is chosen for the whole file: parts in another may come out garbled,
    but the parse succeeds and the ASCII text survives."""
    data = ("Talks go on\n\nMOSCOW, February 7. /TASS/. Ministers met — «again».\n\n".encode()
            + "Министры встретились снова.\n\n".encode("cp1251")
            + "Les ministres se sont réunis à Paris.\n\n".encode("latin-1")
            + "Die Minister trafen sich in München.\n".encode("utf-16-le"))
    result = outcome(data)
    if isinstance(result, Article):
        assert "Ministers met" in all_text(result)


# --- size -----------------------------------------------------------------------------------


def test_a_single_ten_megabyte_line_is_one_paragraph() -> None:
    line = "word " * 2_000_000
    article = article_of(line.encode())
    assert [block.type for block in article.body] == ["paragraph"]
    assert article.body[0].text.count("word") == 2_000_000


@pytest.mark.parametrize("shape", ["one-word", "many-long-words", "long-word-headline"])
def test_extremely_long_words_are_kept_whole(shape: str) -> None:
    if shape == "one-word":
        text = "x" * 1_000_000
    elif shape == "many-long-words":
        text = " ".join(chr(ord("a") + i % 26) * 50_000 for i in range(40))
    else:
        text = "y" * 200_000 + "\n\nLONDON, June 3 (Reuters) - " + "z" * 200_000 + " fell.\n"
    article = article_of(text)
    longest = max(all_text(article).split(), key=len)
    assert len(longest) >= 50_000


@pytest.mark.parametrize("text", [
    "!!!", "...\n\n---\n\n???", "«»„“”‘’—–-…•·" * 100, ("!?.,;:()[]{}<>/\\|@#$%^&*_+=~`'\"" * 50),
    "-\n-\n-\n-\n", "* * *", "—",
    "*\n\nMOSCOW, February 7. /TASS/. Talks went on.",  # a flash mark over the dateline
    ")", "(", "/", "&", "#", ">", "\\",
], ids=repr)
def test_punctuation_only_gives_an_article(text: str) -> None:
    """Outcome: an Article (often empty: a lone mark is junk or nothing), never an error."""
    article_of(text)


# --- hostile HTML ----------------------------------------------------------------------------


def test_one_hundred_thousand_nested_divs() -> None:
    """Outcome: an Article (libxml2 caps the depth; text beyond the cap may be lost) — never a
    RecursionError, never a hang."""
    depth = 100_000
    page = ("<html><body><p>Rain stops play at Lord's today, the groundsmen said.</p>"
            + "<div>" * depth + "deep text" + "</div>" * depth + "</body></html>")
    result = outcome(page.encode(), input_format="html")
    assert isinstance(result, Article | InputError)
    unclosed = "<html><body>" + "<div><span><b>" * (depth // 3) + "deep"
    assert isinstance(outcome(unclosed, input_format="html"), Article | InputError)


def _billion_laughs(levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    return ('<?xml version="1.0"?>\n<!DOCTYPE lolz [' + "".join(entities) + "]>\n"
            f"<html><body><p>Laughs: &lol{levels - 1}; end.</p></body></html>")


@pytest.mark.parametrize("input_format", ["auto", "html", "text"])
def test_entity_expansion_billion_laughs_is_not_expanded(input_format: str) -> None:
    page = _billion_laughs()
    result = outcome(page.encode(), input_format=input_format)
    if isinstance(result, Article):
        assert len(all_text(result)) < 10 * len(page)
        assert "lollollol" not in all_text(result)


@pytest.fixture
def secret_file(tmp_path: Path) -> tuple[Path, str]:
    marker = "WIREPARSE-SECRET-9f3c1d-never-in-output"
    path = tmp_path / "secret.txt"
    path.write_text(marker + "\n", encoding="utf-8")
    return path, marker


def _xxe_pages(url: str) -> list[str]:
    return [
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{url}">]>'
        "<html><body><h1>Title of the page</h1><p>Leak: &e; end of the story.</p></body></html>",
        f'<!DOCTYPE html [<!ENTITY e SYSTEM "{url}">]>'
        "<html><body><p>Leak: &e; end of the story.</p></body></html>",
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY % p SYSTEM "{url}"> %p;]>'
        "<html><body><p>Parameter entity.</p></body></html>",
        '<html xmlns:xi="http://www.w3.org/2001/XInclude"><body><p>Include: '
        f'<xi:include href="{url}" parse="text"/> end.</p></body></html>',
        f'<!DOCTYPE html SYSTEM "{url}"><html><body><p>External DTD.</p></body></html>',
    ]


@pytest.mark.parametrize("index", range(5), ids=["entity", "html-doctype", "parameter-entity",
                                                  "xinclude", "external-dtd"])
@pytest.mark.parametrize("input_format", ["auto", "html"])
def test_external_entities_are_never_resolved(secret_file: tuple[Path, str], index: int,
                                              input_format: str) -> None:
    path, marker = secret_file
    page = _xxe_pages(path.as_uri())[index]
    for data in (page, page.encode()):
        result = outcome(data, input_format=input_format)
        if isinstance(result, Article):
            assert marker not in all_text(result)


def test_xxe_naming_etc_passwd_never_leaks() -> None:
    page = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            "<html><body><p>Users: &e; end.</p></body></html>")
    result = outcome(page.encode(), input_format="html")
    if isinstance(result, Article):
        assert "root:" not in all_text(result)


@pytest.fixture
def listener() -> socket.socket:
    """A local TCP port nobody should connect to: a parse that fetches a URL would."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    yield server
    server.close()


def test_refresh_base_and_remote_references_are_never_followed(
    listener: socket.socket, secret_file: tuple[Path, str]
) -> None:
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    path, marker = secret_file
    page = (
        "<html><head>"
        f'<meta http-equiv="refresh" content="0; url={url}/refresh">'
        f'<meta http-equiv="refresh" content="0;URL=\'{path.as_uri()}\'">'
        f'<base href="{path.parent.as_uri()}/">'
        f'<link rel="stylesheet" href="{url}/style.css"><link rel="canonical" href="{url}/c">'
        f'<script src="{url}/app.js"></script>'
        "</head><body><article><h1>Rain stops play at Lord's</h1>"
        "<p>LONDON, June 3 (Reuters) - Rain washed out the second day of the match.</p>"
        f'<img src="{url}/photo.jpg" alt="Covers on the pitch">'
        f'<iframe src="{path.name}"></iframe><object data="{url}/o"></object>'
        f'<p>Play resumes on Monday. <a href="{path.name}">Secret</a></p>'
        "</article></body></html>"
    )
    for input_format in ("auto", "html"):
        result = outcome(page.encode(), input_format=input_format)
        if isinstance(result, Article):
            assert marker not in all_text(result)
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected


@pytest.mark.parametrize("page", [
    "<html><body><p>Rain stops play at Lo",
    "<html><body><p>Rain <b>stops <i>play</b> at</i> Lord's</p></div></span></body>",
    "<html><body><p>A</p><!-- never closed",
    "<html><body><script>var x = '</p>",
    "<html><body><p title='unterminated>Rain</p>",
    "<html><body><p>&#0; &#xD800; &#x110000; &#99999999999; &bogus; &amp</p>",
    "<html><body><" + "a " * 50_000,
    "<html><body>" + "<p>" * 50_000,
    "<html>" + "<body>" * 1000 + "<head>" * 1000 + "<p>twisted</p>",
    "<svg><![CDATA[ <p>not a paragraph</p> ]]></svg><math><mi>x</mi></math>",
], ids=["truncated", "misnested", "open-comment", "open-script", "open-attribute",
        "bad-char-refs", "many-attrs", "many-open-p", "repeated-body-head", "foreign"])
def test_broken_html_gives_an_article_or_a_one_line_error(page: str) -> None:
    for data in (page, page.encode()):
        assert isinstance(outcome(data, input_format="html"), Article | InputError)


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x01", "\x1f", "\ufffe"], ids=repr)
def test_control_characters_after_hidden_markup(char: str) -> None:
    """Old pages hold form feeds and stray control bytes; next to markup the reader drops
    (a hidden span) they must not crash it, nor cost the text around them."""
    page = (f"<html><body><p>Rain stops play at Lord's <span hidden>x</span>{char} today, "
            "the groundsmen said on Saturday.</p><p>The covers <b style='display:none'>y</b>"
            f"{char} stay on until Monday, when the forecast is better.</p></body></html>")
    for data in (page, page.encode()):
        text = all_text(article_of(data, input_format="html"))
        assert "groundsmen" in text and "forecast" in text


@pytest.mark.parametrize("title", ["\x16\x16", "\x01", "\u200b\x7f", "\x03 \x04"], ids=repr)
def test_title_of_control_characters_gives_no_empty_headline(title: str) -> None:
    """A <title> of wire control codes only: no headline (null), never an empty string."""
    page = (f"<html><head><title>{title}</title></head><body>"
            "<p>Rain fell all day on Saturday, the groundsmen said.</p></body></html>")
    for data in (page, page.encode()):
        article_of(data, input_format="html")  # validates the schema: headline null or text


# Labels Python's codec registry knows but that are no text encoding (or always fail).
BOGUS_CHARSETS = ("undefined", "rot13", "zlib", "base64", "hex", "punycode", "uu", "bz2",
                  "quopri", "x-no-such-charset", "utf-16", "utf-32")


@pytest.mark.parametrize("charset", BOGUS_CHARSETS)
@pytest.mark.parametrize("declaration", ["meta", "http-equiv", "xml"])
def test_a_page_declaring_a_bogus_charset(charset: str, declaration: str) -> None:
    """A page's charset label goes nowhere near Python's non-text codecs: it is ignored (the
    page decoded as if it declared nothing) or refused with one line."""
    head = {
        "meta": f'<meta charset="{charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        "xml": "",
    }[declaration]
    prolog = f'<?xml version="1.0" encoding="{charset}"?>' if declaration == "xml" else ""
    page = (f"{prolog}<html><head>{head}<title>Rain</title></head><body>"
            "<p>Rain stops play at Lord's, the groundsmen said on Saturday.</p></body></html>")
    for input_format in ("auto", "html"):
        result = outcome(page.encode(), input_format=input_format)
        if isinstance(result, Article):
            assert "groundsmen" in all_text(result)


# --- hostile Markdown front matter ------------------------------------------------------------


@pytest.mark.parametrize("front", [
    "photos: 5", "photos: [1, 2]", "photos: [{caption: {a: 1}}]", "dateline: [1]",
    "dateline: {text: [1, 2]}", "byline: {a: b}", "- just\n- a list", "42", "~",
    "!!python/object/apply:os.system ['echo hi']", "a: !!binary AAAA",
    "dateline: {text: Moscow, date: 2019-02-07}", "byline: 2019-02-07",
    "key: [unclosed", "\t tab: indent",
], ids=repr)
def test_odd_front_matter_gives_an_article_or_a_one_line_error(front: str) -> None:
    text = f"---\n{front}\n---\n\n# Rain stops play\n\nIt rained.\n"
    assert isinstance(outcome(text, input_format="md"), Article | InputError)


@pytest.mark.parametrize("nesting", ["[" * 20_000 + "]" * 20_000,
                                     "{a: " * 5_000 + "1" + "}" * 5_000,
                                     "[{a: " * 5_000 + "1" + "}]" * 5_000],
                         ids=["lists", "maps", "mixed"])
def test_deeply_nested_front_matter_is_one_line(nesting: str) -> None:
    """YAML nested deeper than Python's recursion limit: a one-line error or an article,
    never a RecursionError."""
    text = f"---\nbyline: {nesting}\n---\n\n# Rain stops play\n\nIt rained.\n"
    for input_format in ("md", "auto"):
        assert isinstance(outcome(text, input_format=input_format), Article | InputError)


def test_yaml_alias_expansion_in_front_matter_is_bounded() -> None:
    """YAML's own "billion laughs": nested aliases that expand to 9**6 items from 500 bytes
    (two levels more and one parse takes a minute and gigabytes)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcde", "bcdef", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("byline: *f")
    text = "---\n" + "\n".join(lines) + "\n---\n\n# Laughs\n\nBody.\n"
    result = outcome(text, input_format="md")
    if isinstance(result, Article):
        assert len(all_text(result)) < 100 * len(text)


# --- limits: max_bytes ------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"x" * 11, "x" * 11, "é" * 11], ids=["bytes", "str", "str-2b"])
def test_max_bytes_refuses_larger_input_with_one_line(data: bytes | str) -> None:
    with pytest.raises(InputTooLargeError) as info:
        wireparse.parse(data, options=ParseOptions.build(max_bytes=10))
    message = str(info.value)
    assert "\n" not in message and "10" in message and "--max-bytes" in message


def test_max_bytes_admits_input_of_exactly_the_limit() -> None:
    article = wireparse.parse(b"Rain fell.", options=ParseOptions.build(max_bytes=10))
    assert article.body[0].text == "Rain fell."


def test_default_max_bytes_is_fifty_megabytes() -> None:
    assert ParseOptions().max_bytes == DEFAULT_MAX_BYTES == 50 * 1024 * 1024


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run_main(*args: str, stdin: bytes | None = None, cwd: Path | None = None
             ) -> subprocess.CompletedProcess[bytes]:
    """The installed entry point (``wireparse.cli:main``) in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "WIREPARSE_DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", "from wireparse.cli import main; main()", *args],
        input=stdin, capture_output=True, env=env, cwd=cwd, timeout=300, check=False,
    )


def assert_one_error_line(stderr: str, *needles: str) -> None:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: "), stderr
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in lines[0], (needle, stderr)


def test_cli_refuses_a_100_megabyte_file_with_default_limits(tmp_path: Path) -> None:
    """Written a megabyte at a time; the CLI reads at most the limit + 1 byte of it."""
    big = tmp_path / "big.txt"
    chunk = (b"Rain stops play again and again at Lord's. " * 24 + b"\n") * 1000
    with big.open("wb") as fh:
        while fh.tell() < 100 * 1024 * 1024:
            fh.write(chunk)
    size = big.stat().st_size
    result = run_main("parse", str(big))
    assert result.returncode == 1
    assert result.stdout == b""
    stderr = result.stderr.decode()
    assert_one_error_line(stderr, "big.txt", f"{DEFAULT_MAX_BYTES:,}", "--max-bytes")
    # The message may state the input's size only if it states it truly.
    assert "input is" not in stderr or f"{size:,}" in stderr, stderr


def test_cli_max_bytes_flag(runner: CliRunner, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    small = runner.invoke(cli, ["parse", "--max-bytes", "50", str(story)])
    assert small.exit_code == 1 and small.stdout == ""
    assert_one_error_line(small.stderr, "story.txt", "50", "--max-bytes")
    enough = runner.invoke(cli, ["parse", "--max-bytes", str(len(STORY.encode())), str(story)])
    assert enough.exit_code == 0, enough.stderr
    piped = runner.invoke(cli, ["parse", "--max-bytes", "50", "-"], input=STORY)
    assert piped.exit_code == 1
    assert_one_error_line(piped.stderr, "--max-bytes")


@pytest.mark.parametrize("flags", [["--max-bytes", "0"], ["--max-bytes", "-5"],
                                   ["--max-bytes", "lots"], ["--reference-date", "soon"],
                                   ["--input-format", "pdf"], ["--no-such-flag"]])
def test_cli_usage_errors_exit_2(runner: CliRunner, flags: list[str], tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    result = runner.invoke(cli, ["parse", *flags, str(story)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


BAD_INPUTS: dict[str, bytes | None] = {
    "binary.bin": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)),
    "too-big.txt": b"x" * 5000,
    "missing.txt": None,
}


@pytest.mark.parametrize("bad", sorted(BAD_INPUTS))
def test_cli_one_bad_file_among_good_ones(runner: CliRunner, tmp_path: Path, bad: str) -> None:
    """`wireparse parse a bad c`: a and c are written (in order), bad is one Error line, exit 1."""
    good_a, good_c = tmp_path / "a.txt", tmp_path / "c.txt"
    good_a.write_text(STORY, encoding="utf-8")
    good_c.write_text("Snow in Berlin\n\nBERLIN, Jan 5 (dpa) - Snow fell all night.\n",
                      encoding="utf-8")
    bad_path = tmp_path / bad
    if BAD_INPUTS[bad] is not None:
        bad_path.write_bytes(BAD_INPUTS[bad])  # type: ignore[arg-type]
    result = runner.invoke(cli, ["parse", "--max-bytes", "4000", str(good_a), str(bad_path),
                                 str(good_c)])
    assert result.exit_code == 1
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [doc["dateline"]["agency"] for doc in docs] == ["Reuters", "dpa"]
    assert_one_error_line(result.stderr, bad)


def test_cli_directory_is_one_error_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["parse", str(tmp_path)])
    assert result.exit_code == 1
    assert_one_error_line(result.stderr, str(tmp_path))


def test_cli_parser_bug_costs_only_its_file(runner: CliRunner, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception (a parser bug) is one Error line, not a traceback."""
    real_parse = wireparse.commands.common.parse

    def parse(data: bytes | str, **kwargs: object) -> Article:
        if b"BOOM" in data:  # type: ignore[operator]
            raise RuntimeError("simulated parser bug")
        return real_parse(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delenv("WIREPARSE_DEBUG", raising=False)
    monkeypatch.setattr(wireparse.commands.common, "parse", parse)
    good, boom = tmp_path / "good.txt", tmp_path / "boom.txt"
    good.write_text(STORY, encoding="utf-8")
    boom.write_text("BOOM\n", encoding="utf-8")
    result = runner.invoke(cli, ["parse", str(boom), str(good)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    assert_one_error_line(result.stderr, "boom.txt", "internal error", "RuntimeError")


def test_cli_entry_point_binary_stdin_is_one_line_no_traceback() -> None:
    result = run_main("parse", "-", stdin=b"\x00\x01\x02" * 100)
    assert result.returncode == 1 and result.stdout == b""
    assert_one_error_line(result.stderr.decode(), "binary")


def test_cli_entry_point_usage_error_exits_2() -> None:
    result = run_main("parse", "--max-bytes", "0", "-", stdin=b"x")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_batch_keeps_the_good_files_and_lists_each_failure(tmp_path: Path) -> None:
    if "batch" not in cli.commands:
        pytest.skip("wireparse batch is not in this build")
    src, out = tmp_path / "src", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(STORY, encoding="utf-8")
    (src / "sub" / "c.txt").write_text("Snow\n\nBERLIN, Jan 5 (dpa) - Snow fell.\n",
                                       encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (src / "big.txt").write_bytes(b"x" * 5000)
    result = CliRunner().invoke(cli, ["batch", str(src), "-o", str(out), "--max-bytes", "4000",
                                      "--jobs", "1", "--quiet"])
    assert result.exit_code == 1, result.output
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["dateline"]["agency"] \
        == "Reuters"
    assert (out / "sub" / "c.json").exists()
    errors = [json.loads(line)
              for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(e["source"]).name for e in errors) == ["big.txt", "binary.txt"]
    assert all(e["error"] and "\n" not in e["error"] for e in errors)


def test_junk_only_file_is_an_empty_document() -> None:
    page_junk = ("All news\n\nAdvertisement\n\nShare Tweet Email\n\nRead also: More rain\n\n"
                 "Sign up for our newsletter\n\n© 2019 TASS\n")
    assert article_of(page_junk).is_empty


def _batch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args, "--jobs", "1", "--quiet"])
    return result.exit_code, result.output


def test_batch_archive_members_never_escape_outdir(tmp_path: Path) -> None:
    """Zip-slip: members named "../x" or "/x" are refused (listed in errors.jsonl), never
    written outside OUTDIR; the good member is converted."""
    if "batch" not in cli.commands:
        pytest.skip("wireparse batch is not in this build")
    import zipfile

    archive = tmp_path / "in" / "stories.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ok.txt", STORY)
        zf.writestr("../escaped.txt", STORY)
        zf.writestr("../../escaped2.txt", STORY)
        zf.writestr("/abs-escaped.txt", STORY)
    out = tmp_path / "out"
    code, output = _batch(str(archive), "-o", str(out))
    assert code == 1, output
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.json"))
    assert len(written) == 1 and written[0].startswith("out/") and written[0].endswith("ok.json")
    assert not list(tmp_path.rglob("*escaped*.json"))
    errors = (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(errors) == 3


def test_batch_decompression_bomb_is_refused_by_max_bytes(tmp_path: Path) -> None:
    """A small archive whose member inflates to 20 MB: read only up to --max-bytes."""
    if "batch" not in cli.commands:
        pytest.skip("wireparse batch is not in this build")
    import zipfile

    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", "rain " * 4_000_000)
        zf.writestr("ok.txt", STORY)
    assert archive.stat().st_size < 200_000
    out = tmp_path / "out"
    code, output = _batch(str(archive), "-o", str(out), "--max-bytes", "1000000")
    assert code == 1, output
    errors = [json.loads(line)
              for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(errors) == 1 and "bomb.txt" in errors[0]["source"]
    assert "max-bytes" in errors[0]["error"]
    assert len(list(out.rglob("*.json"))) == 1


def test_cli_unwritable_output_is_one_error_line_not_a_traceback(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    target = tmp_path / "no-such-dir" / "out.json"
    result = run_main("parse", str(story), "-o", str(target))
    assert result.returncode in (1, 2)
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr, stderr
    assert [line for line in stderr.splitlines() if line.startswith("Error:")], stderr


@pytest.mark.skipif(sys.platform == "win32", reason="file names cannot hold a newline there")
@pytest.mark.parametrize("name", ["bad\nname.txt", "bad\rname.txt", "esc\x1b[2Jname.txt"],
                         ids=["newline", "carriage-return", "ansi-escape"])
def test_cli_hostile_file_name_keeps_the_error_on_one_line(runner: CliRunner, tmp_path: Path,
                                                           name: str) -> None:
    """A name from a hostile archive or folder cannot split the message or drive the
    terminal: control characters in it are shown escaped."""
    path = tmp_path / name
    path.write_bytes(b"\x00\x01\x02" * 10)
    result = runner.invoke(cli, ["parse", str(path)], color=True)
    assert result.exit_code == 1
    assert_one_error_line(result.stderr, "binary")
    assert "\x1b" not in result.stderr and "\r" not in result.stderr


# -- agency formats (NITF, NewsML, ninjs) ----------------------------------------------------

_AGENCY_ROOTS = {
    "nitf": ("<nitf><body><body.content><p>{}</p></body.content></body></nitf>"),
    "newsml-g2": ('<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/"><contentSet>'
                  '<inlineXML contenttype="application/xhtml+xml"><html><body><p>{}</p></body>'
                  "</html></inlineXML></contentSet></newsItem>"),
    "newsml-1.2": ("<NewsML><NewsItem><NewsComponent><ContentItem><DataContent><p>{}</p>"
                   "</DataContent></ContentItem></NewsComponent></NewsItem></NewsML>"),
}


def _agency_laughs(root: str, levels: int = 10) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    body = _AGENCY_ROOTS[root].format(f"Laughs: &lol{levels - 1}; end.")
    return '<?xml version="1.0"?>\n<!DOCTYPE x [' + "".join(entities) + "]>\n" + body


@pytest.mark.parametrize("root", sorted(_AGENCY_ROOTS))
def test_agency_xml_billion_laughs_is_not_expanded(root: str) -> None:
    """Outcome: an Article without the entity's text (the doctype is cut before parsing)."""
    page = _agency_laughs(root)
    article = article_of(page.encode())
    assert "lol" not in all_text(article)
    assert "Laughs:" in all_text(article)


@pytest.mark.parametrize("root", sorted(_AGENCY_ROOTS))
def test_agency_xml_external_entities_are_never_resolved(secret_file: tuple[Path, str],
                                                         root: str) -> None:
    path, marker = secret_file
    for decl in (f'<!ENTITY e SYSTEM "{path.as_uri()}">',
                 f'<!ENTITY % p SYSTEM "{path.as_uri()}"> %p;',
                 '<!ENTITY e SYSTEM "file:///etc/passwd">'):
        page = (f'<?xml version="1.0"?><!DOCTYPE x [{decl}]>'
                + _AGENCY_ROOTS[root].format("Leak: &e; end of the story."))
        article = article_of(page.encode())
        assert marker not in all_text(article) and "root:" not in all_text(article)
    page = f'<!DOCTYPE nitf SYSTEM "{path.as_uri()}">' + _AGENCY_ROOTS["nitf"].format("DTD.")
    assert marker not in all_text(article_of(page))


@pytest.mark.parametrize("root", sorted(_AGENCY_ROOTS))
def test_agency_xml_nested_a_hundred_thousand_deep(root: str) -> None:
    """Outcome: an Article or a one-line error (libxml2 caps the depth) — never a
    RecursionError, never a hang."""
    depth = 100_000
    page = _AGENCY_ROOTS[root].format("<block>" * depth + "deep" + "</block>" * depth)
    assert isinstance(outcome(page.encode()), Article | InputError)
    unclosed = _AGENCY_ROOTS[root].split("{}")[0] + "<div><span>" * (depth // 2) + "deep"
    assert isinstance(outcome(unclosed.encode()), Article | InputError)


@pytest.mark.parametrize("page", [
    "<nitf>", "<nitf><body><body.content><p>Unclosed",
    "<NewsML><<<>>>", '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/">&#0;</newsItem>',
    "<nitf>" + "<p a='1' " * 5000, "<nitf><body><body.content>" + "&bogus;" * 10_000,
    '<?xml version="1.0" encoding="utf-16"?><nitf><p>Declared UTF-16, sent as UTF-8.</p></nitf>',
    '<?xml version="1.0" encoding="rot13"?><nitf><p>No text codec.</p></nitf>',
    "<NewsML><NewsItem><NewsComponent><ContentItem>" + "<Encoding Notation='base64'>" * 200
    + "<DataContent>VGV4dC4=</DataContent>" + "</Encoding>" * 200
    + "</ContentItem></NewsComponent></NewsItem></NewsML>",
    "<NewsML><NewsItem><NewsComponent><ContentItem><Encoding Notation='base64'><DataContent>"
    + "QUFB" * 500_000 + "</DataContent></Encoding></ContentItem></NewsComponent></NewsItem>"
    "</NewsML>",
    "<\x00?\x00x\x00m\x00l\x00",  # UTF-16 opening, then nothing
], ids=["empty-nitf", "unclosed", "garbage", "nul-ref", "attribute-storm", "unknown-entities",
        "lying-utf16", "rot13", "encoding-nest", "encoding-2mb", "utf16-stub"])
def test_broken_agency_xml_gives_an_article_or_one_line(page: str) -> None:
    for input_format in ("auto", "nitf", "newsml"):
        assert isinstance(outcome(page.encode(), input_format=input_format),
                          Article | InputError)


@pytest.mark.parametrize("data", [
    "[" * 100_000 + "]" * 100_000,
    '{"headline": ' + "[" * 100_000 + "]" * 100_000 + "}",
    '{"headline": "x", "body_html": "' + "<div>" * 50_000 + '"}',
    '{"headlines": "not a list", "bodies": {"value": 3}, "associations": [1, "x", null]}',
    '{"headline": 1e999999, "by": ' + "9" * 5000 + "}",
    '{"headline": "Hi", "bodies": [{"value": "' + "&lt;p&gt;" * 1000 + '"}]}',
    '{"headline_main": 3, "description_x": null, "body_y": [], "authors": "x", "people": [1],'
    ' "bylines": {"by": 2}, "associations": {"p": {"type": "picture", "descriptions": 5}}}',
    "[" + ", ".join(['{"headline": "Hi", "body_text": "Text."}'] * 50_000) + "]",
    '[{"headline": "Hi"}, 3]',
], ids=["deep-list", "deep-headline", "deep-html-body", "wrong-types", "huge-numbers",
        "escaped-markup", "wrong-types-1x", "array-of-50000", "array-mixed"])
def test_hostile_json_gives_an_article_or_one_line(data: str) -> None:
    for input_format in ("auto", "ninjs"):
        assert isinstance(outcome(data.encode(), input_format=input_format),
                          Article | InputError)
