"""What ``wireparse batch`` reads from a folder or an archive, and why it passes over the rest.

By default a batch converts the story files it knows by their suffix (the table below, a
compression suffix allowed after it) and nothing else: not data files (``truth.jsonl``,
``ground-truth.json``), not a project's README or LICENSE, never wireparse's own outputs. Its
outputs are recognised by the folder that holds them: an OUTDIR carries wireparse's lock and
manifest files, and a folder that does is never read. ``--include GLOB`` takes files by name
whatever their suffix (an OUTDIR still never). Every file or folder passed over is counted
under one of the reasons below.
"""

from __future__ import annotations

import os

# Story file suffixes, by what they hold (README: "What batch reads").
STORY_SUFFIXES: dict[str, str] = {
    ".txt": "wire text", ".text": "wire text",
    ".html": "HTML page", ".htm": "HTML page", ".xhtml": "HTML page", ".shtml": "HTML page",
    ".xml": "NITF or NewsML", ".nitf": "NITF", ".newsml": "NewsML",
    ".ninjs.json": "ninjs",
    ".md": "wireparse Markdown", ".markdown": "wireparse Markdown",
}
# A story may be compressed; its content is recognised by its first bytes (wireparse.inputs).
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz")
# Files with a story suffix that are a project's own papers, not stories (matched on the name
# before its first dot, ignoring case).
NOT_STORY_NAMES = frozenset(
    "readme license licence copying changelog changes history notice authors contributors "
    "contributing install todo".split())
# Files whose presence marks a folder as a wireparse OUTDIR (batch.LOCK_FILE, MANIFEST_FILE).
OUTDIR_MARKERS = (".wireparse-batch.lock", ".wireparse-manifest")

# Why something was passed over (the summary counts by these; --verbose lists each).
HIDDEN = "hidden"
NOT_A_STORY_TYPE = "not a story file type"
PROJECT_FILE = "a README, LICENSE or the like"
OUTPUT_FOLDER = "a wireparse output folder"
OUTDIR_ITSELF = "OUTDIR itself"
NOT_INCLUDED = "not matching --include"
EXCLUDED = "matching --exclude"
NOT_REGULAR = "not a regular file"


def plain_name(name: str) -> str:
    """The name without a compression suffix (``story.html.gz`` → ``story.html``)."""
    lower = name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def not_a_story(name: str) -> str | None:
    """Why a file of this name is not taken by default, or None for a story file.

    >>> not_a_story("story.html.gz"), not_a_story("truth.jsonl"), not_a_story("README.md")
    (None, 'not a story file type', 'a README, LICENSE or the like')
    """
    plain = plain_name(name)
    lower = plain.lower()
    if not any(lower.endswith(suffix) and len(lower) > len(suffix)
               for suffix in STORY_SUFFIXES):
        return NOT_A_STORY_TYPE
    if plain.split(".", 1)[0].lower() in NOT_STORY_NAMES:
        return PROJECT_FILE
    return None


def is_output_folder(path: str) -> bool:
    """Whether the folder at ``path`` is a wireparse OUTDIR (it holds a marker file)."""
    return any(os.path.exists(os.path.join(path, marker)) for marker in OUTDIR_MARKERS)


def describe_passed_over(counts: dict[str, int]) -> str:
    """``12 passed over (9 not a story file type, 3 hidden)``, the largest first."""
    total = sum(counts.values())
    parts = ", ".join(f"{n:,} {reason}" for reason, n in
                      sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    return f"{total:,} passed over ({parts})"
