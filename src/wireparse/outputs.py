"""Writing output files atomically: a temporary file beside the target, renamed over it.

A reader, a kill or a failed run never sees a half-written file: the target holds either its
old content (or does not exist) or the whole new content.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from types import TracebackType
from typing import IO


class AtomicFile:
    """A text file written under a temporary name and renamed over ``target`` on ``commit()``;
    ``abort()`` removes the temporary file and leaves ``target`` as it was.

    As a context manager (``with AtomicFile(path) as fh:``) it commits when the block ends
    normally and aborts on an exception. ``open()`` raises ``OSError`` (missing folder, no
    permission) before anything is written.
    """

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target)
        # why: a random name, not a fixed one: two runs writing the same target must not
        # share (and truncate) one temporary file; the dot keeps it out of folder listings.
        self.tmp = self.target.with_name(f".{self.target.name}.{secrets.token_hex(4)}.tmp")
        self._fh: IO[str] | None = None

    def open(self) -> IO[str]:
        # 0o666 & ~umask, like a file the shell's `>` creates (mkstemp would make it 0o600).
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        return self._fh

    def commit(self) -> None:
        """Close the temporary file and rename it over the target."""
        try:
            if self._fh is not None:
                self._fh.close()
            os.replace(self.tmp, self.target)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        """Drop what was written; the target stays as it was."""
        if self._fh is not None:
            with contextlib.suppress(OSError):  # a full disk on flush: it is dropped anyway
                self._fh.close()
        self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> IO[str]:
        return self.open()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()
