"""Exceptions meant for users: the CLI prints them as one line ``Error: …``."""

from __future__ import annotations


class WireparseError(Exception):
    """Base class of every error wireparse reports to a user (exit code 1 in the CLI)."""


class InputError(WireparseError):
    """The input cannot be read as an article (binary, undecodable, too large)."""


class BinaryInputError(InputError):
    """The input looks like a binary file, not text or HTML."""


class DecodeError(InputError):
    """No text encoding decodes the input."""


class InputUnreadableError(InputError):
    """The input path cannot be read (missing, a directory, no permission)."""


class InputTooLargeError(InputError):
    """The input is larger than ``ParseOptions.max_bytes``."""
