"""Check a ninjs or NITF file against IPTC's schemas (shipped in ``wireparse/schemas``).

The schemas are loaded from the package, never from the network: the GeoJSON schema that ninjs
2.x/3.x refer to is registered under its URI, and the NITF XSD imports ``xml.xsd`` from its
own folder. Nothing here gates parsing: the readers stay lenient; this is for the files
wireparse writes, or a file a user wants checked.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .errors import InputError
from .readers.prolog import root_name
from .stages.decode import decode

NINJS_SCHEMAS = {"1": "ninjs-schema_1.6.json", "2": "ninjs-schema_2.2.json",
                 "3": "ninjs-schema_3.1.json"}
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
NITF_NAMESPACE = "http://iptc.org/std/NITF/2006-10-18/"
# why: the first few errors name the problem; a broken file can have thousands.
MAX_ERRORS = 10


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of one check."""

    kind: str
    """What the file was checked as: "ninjs 2.2", "NITF 3.6"."""
    errors: tuple[str, ...]
    """The first errors (at most ``MAX_ERRORS``), each one line with where it is."""

    @property
    def valid(self) -> bool:
        return not self.errors


def validate(data: bytes | str) -> Report:
    """Check ``data`` (a ninjs JSON object or an NITF document) against its IPTC schema.

    >>> validate('{"uri": "urn:x", "headlines": [{"value": "Hi"}]}')
    Report(kind='ninjs 2.2', errors=())
    >>> for error in validate('{"headline": 3}').errors: print(error)
    /: 'uri' is a required property
    /headline: 3 is not of type 'string'
    """
    text = decode(data) if isinstance(data, bytes) else data
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return _validate_ninjs(text)
    if head.startswith("<"):
        return _validate_nitf(text)
    raise InputError("neither JSON nor XML: wireparse validate checks ninjs and NITF files")


def ninjs_version(doc: dict[str, Any]) -> str:
    """"1", "2" or "3": from the object's ``standard``/``$standard`` version, else its keys
    (camelCase keys are 3.x, ``headlines``/``bodies`` lists 2.x, else 1.x)."""
    standard = doc.get("standard") or doc.get("$standard")
    if isinstance(standard, dict) and str(standard.get("version", ""))[:1] in NINJS_SCHEMAS:
        return str(standard["version"])[:1]
    if any(k in doc for k in ("versionCreated", "firstCreated", "pubStatus", "altIds")):
        return "3"
    if any(k in doc for k in ("headlines", "bodies", "descriptions", "by")):
        return "2"
    return "1"


def _validate_ninjs(text: str) -> Report:
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not valid JSON ({exc})") from None
    if not isinstance(doc, dict):
        return Report("ninjs", ("/: a ninjs document is a JSON object",))
    version = ninjs_version(doc)
    validator = _ninjs_validator(version)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    lines = tuple(
        f"/{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in errors[:MAX_ERRORS]
    )
    name = NINJS_SCHEMAS[version].removeprefix("ninjs-schema_").removesuffix(".json")
    return Report(f"ninjs {name}", lines)


@functools.cache
def _ninjs_validator(version: str) -> Any:
    import jsonschema
    import referencing

    folder = resources.files("wireparse") / "schemas" / "ninjs"
    schema = json.loads((folder / NINJS_SCHEMAS[version]).read_text(encoding="utf-8"))
    geo = json.loads((folder / "GeoJSON-schema.json").read_text(encoding="utf-8"))
    registry = referencing.Registry().with_resource(
        GEOJSON_URI, referencing.Resource.from_contents(geo))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, registry=registry)


def _validate_nitf(text: str) -> Report:
    from lxml import etree

    from .readers.xml_safe import parse_xml

    name, namespace = root_name(text)
    if name.lower() != "nitf":
        return Report("NITF 3.6", (f"root element <{name or '?'}>: not an NITF document "
                                   "(wireparse validate checks ninjs and NITF)",))
    if namespace != NITF_NAMESPACE:
        return Report("NITF 3.6", (
            f"<nitf> is not in the NITF 3.6 namespace {NITF_NAMESPACE} (most agencies send "
            "NITF without it; the XSD checks only namespaced documents)",))
    root = parse_xml(text)
    schema = _nitf_schema()
    if schema.validate(etree.ElementTree(root)):
        return Report("NITF 3.6", ())
    lines = tuple(f"line {e.line}: {e.message}" for e in list(schema.error_log)[:MAX_ERRORS])
    return Report("NITF 3.6", lines)


@functools.cache
def _nitf_schema() -> Any:
    from lxml import etree

    path = resources.files("wireparse") / "schemas" / "nitf" / "nitf-3-6.xsd"
    with resources.as_file(path) as xsd:
        parser = etree.XMLParser(no_network=True, resolve_entities=False)
        return etree.XMLSchema(etree.parse(str(xsd), parser))
