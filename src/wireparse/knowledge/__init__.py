"""What wireparse knows about news copy, as data: TOML tables in ``knowledge/data/``, one row
per thing, tested row by row; a user adds rows with ``--knowledge FILE`` (docs/knowledge.md)."""

from .loader import (
    FORMAT_VERSION,
    Agency,
    DatelineStyle,
    JunkRule,
    Knowledge,
    KnowledgeError,
    default_knowledge,
    knowledge_from,
    load_knowledge,
)

__all__ = [
    "FORMAT_VERSION",
    "Agency",
    "DatelineStyle",
    "JunkRule",
    "Knowledge",
    "KnowledgeError",
    "default_knowledge",
    "knowledge_from",
    "load_knowledge",
]
