"""Decoding legacy bytes: short or ambiguous Western text comes out Western (cp1252), not as
the neighbouring code page a detector guesses from a handful of bytes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from wireparse.cli import cli
from wireparse.stages.decode import decode, reads_as_western

SHORT_WESTERN = [
    ("fr", "Le café coûte cher à Paris."),
    ("fr", "Où est la gare ? À côté du théâtre."),
    ("de", "Die Straße ist groß und schön."),
    ("de", "Über München fährt der Zug nach Köln."),
    ("es", "El niño comió una manzana en Logroño."),
    ("es", "¿Dónde está la estación?"),
    ("pt", "A nação está em festa em São Paulo."),
    ("pt", "Ações da Petrobrás sobem após anúncio."),
    ("it", "La città è bella perché sì."),
    ("it", "Il governo più forte dà una risposta."),
    ("quotes", "“Grain deal” – talks resume, €5bn at stake…"),
    ("one-word", "café"),
]


@pytest.mark.parametrize(("language", "line"), SHORT_WESTERN,
                         ids=[f"{lang}:{line[:20]}" for lang, line in SHORT_WESTERN])
def test_short_western_lines_decode_as_cp1252(language: str, line: str) -> None:
    assert decode(line.encode("cp1252")) == line


@pytest.mark.parametrize("line", ["Le café coûte cher à Paris.", "Über München"])
def test_latin1_bytes_decode_too(line: str) -> None:
    assert decode(line.encode("latin-1")) == line


def test_a_byte_cp1252_leaves_undefined_still_decodes() -> None:
    assert decode(b"caf\xe9 \x81") == "caf\u00e9 \x81"


@pytest.mark.parametrize("line", ["Привет, мир", "Москва, 7 февраля. /ТАСС/."])
def test_short_cyrillic_stays_cp1251(line: str) -> None:
    assert decode(line.encode("cp1251")) == line


def test_long_western_text_is_not_read_as_a_central_european_page() -> None:
    text = ("Le gouvernement français a annoncé mardi une série de mesures pour les "
            "agriculteurs touchés par la sécheresse; l'aide sera versée avant l'été. ") * 10
    assert decode(text.encode("cp1252")) == text


def test_long_central_european_text_keeps_its_detected_code_page() -> None:
    # The detector is confident here (long Czech prose): Western is only the fallback.
    text = ("Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda v Praze schválila nový zákon o "
            "daních, který začne platit od ledna příštího roku. ") * 8
    assert decode(text.encode("cp1250")) == text


@pytest.mark.parametrize(("data", "western"), [
    ("Le café".encode("cp1252"), True),
    ("Ação".encode("cp1252"), True),
    ("Москва".encode("cp1251"), False),
    ("Αθήνα".encode("cp1253"), False),
])
def test_reads_as_western(data: bytes, western: bool) -> None:
    assert reads_as_western(data) is western


def test_the_command_decodes_a_short_cp1252_line() -> None:
    # `printf 'caf\xe9' | wireparse`
    result = CliRunner().invoke(cli, [], input=b"caf\xe9")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["body"] == [{"type": "paragraph", "text": "café"}]
