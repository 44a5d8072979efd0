"""The JSON Schema of the article document, shipped inside the package."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def schema_text() -> str:
    """The schema as the package ships it (``wireparse schema`` prints this)."""
    return resources.files(__package__).joinpath("schema.json").read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The schema as a dict, e.g. for ``jsonschema.validate(doc, wireparse.schema.schema())``."""
    result: dict[str, Any] = json.loads(schema_text())
    return result
