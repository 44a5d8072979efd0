"""``OUTDIR/.wireparse-manifest``: the parse options OUTDIR's documents were made with.

A rerun skips an input whose document is at least as new as the input — but a document made
with other options (another ``--reference-date``, ``--input-format``, knowledge files, ninjs
version; not ``--max-bytes``, which only decides whether an input is parsed at all) is not up
to date, however new. Recording the options per document would cost a line per document;
instead the manifest records the options in use and since when (OUTDIR's own clock: the
manifest file's mtime).

- Same options as the manifest: documents written since it was written were made with them;
  older ones are converted again to be safe (they may predate an interrupted run with other
  options, or no manifest existed).
- Other options: the manifest is rewritten now, and every existing document is stale.

An OUTDIR written before manifests existed has none: its documents are taken as made with
the options of the first run that writes one (the behaviour before).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from .options import ParseOptions
from .outputs import AtomicFile

MANIFEST_FILE = ".wireparse-manifest"
MANIFEST_VERSION = 1


def options_record(options: ParseOptions, **output: Any) -> dict[str, Any]:
    """The options that change a document, as JSON (knowledge files by content digest)."""
    knowledge = options.knowledge
    sources = tuple(knowledge.sources) if knowledge is not None else ()
    return {
        "reference_date": options.reference_date.isoformat() if options.reference_date else None,
        "input_format": options.input_format,
        "knowledge": [{"file": source, "sha256": _digest(source)} for source in sources],
        **output,
    }


def _digest(path: str) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


class Freshness(NamedTuple):
    since: float | None
    """Documents older than this (OUTDIR's clock) were made with other options; None: all
    documents count (no manifest before)."""
    changed: bool
    """The options differ from those OUTDIR's documents were made with."""


def check_and_record(outdir: Path, record: dict[str, Any]) -> Freshness:
    """Compare ``record`` with OUTDIR's manifest, writing it anew when the options changed.

    Called with OUTDIR locked, before any document of the run is written.
    """
    path = outdir / MANIFEST_FILE
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
        mtime = path.stat().st_mtime
    except (OSError, ValueError):
        old = None
    if isinstance(old, dict) and old.get("options") == record:
        # "since": 0 — the documents before the first manifest all count.
        return Freshness(None if old.get("since") == 0 else mtime, changed=False)
    # No manifest before: OUTDIR's documents are taken as made with these options.
    _write(path, record, all_count=old is None)
    if old is None:
        return Freshness(None, changed=False)
    return Freshness(path.stat().st_mtime, changed=True)


def _write(path: Path, record: dict[str, Any], all_count: bool) -> None:
    with AtomicFile(path) as fh:
        json.dump({"version": MANIFEST_VERSION, "written_by": "wireparse batch",
                   "options": record, "since": 0 if all_count else None}, fh,
                  ensure_ascii=False, indent=2)
        fh.write("\n")
    os.utime(path)  # OUTDIR's clock now: documents older than this predate these options
