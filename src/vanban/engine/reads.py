"""What a build reads, recorded as it reads it: the inputs of its stamp.

Every file a build opens goes through ``read_bytes`` (the loaders use it), a file
it only looks for goes through ``exists``, and a file read by a library (the Word
template, opened by docxtpl) is announced with ``record``. Each records the
sha256 of the bytes (or that the file is absent) and a digest of the listing of
the folder it is in, so a file that appears later beside an input (a
declaration, another table) is noticed even by code that looked for it without
this module. ``engine.stamp`` stores what was recorded and, at the next build,
compares it with the disk: a new input can never give a stale no-op, and no list
of inputs is kept by hand.

A folder whose listing decides what is built (``plans/``: which communes, which
years) is recorded with ``listing``. What another process recorded for the same
work (``build --all``: each plan's build, whose checks give the province summary
its rows) is added with ``include``.

Recording is scoped to ``with recording():`` (a context variable, so parallel
builds in threads keep theirs apart); outside it the functions only read.
Only the standard library is imported: a no-op build checks these digests.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Reads:
    files: dict[Path, str | None] = field(default_factory=dict)  # sha256 of the bytes read; None: absent
    folders: dict[Path, str] = field(default_factory=dict)  # digest of the listing of each input's folder


# A file read twice with different bytes (here and in another process): it matches no digest, so the stamp
# does not hold and the next build reads it again.
CHANGED_WHILE_READ = "changed while read"

_current: ContextVar[Reads | None] = ContextVar("vanban_reads", default=None)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """sha256 of a file's bytes, None when it does not exist; OSError for a file that cannot be read."""
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return None


def listing_digest(folder: Path) -> str:
    """Digest of the names in ``folder`` ("" when there is no such folder).

    Hidden files and Office lock files (``~$x.docx``, present while Word has the
    template open) are left out: they are never inputs.
    """
    try:
        names = sorted(n for n in os.listdir(folder) if not n.startswith((".", "~")))
    except OSError:
        return ""
    return sha256("\0".join(names).encode("utf-8"))


@contextlib.contextmanager
def recording() -> Iterator[Reads]:
    """Record every read inside the block."""
    reads = Reads()
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)


def _note(path: Path, digest: str | None) -> None:
    reads = _current.get()
    if reads is None:
        return
    path = Path(os.path.abspath(path))
    reads.files.setdefault(path, digest)  # the first read is what the build used
    reads.folders.setdefault(path.parent, listing_digest(path.parent))


def read_bytes(path: Path) -> bytes:
    """``path.read_bytes()``, recorded; a missing file is recorded as absent, then FileNotFoundError is raised."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _note(path, None)
        raise
    _note(path, sha256(data))
    return data


def exists(path: Path) -> bool:
    """``path.exists()``, recorded: if the answer changes, the build is no longer the same."""
    present = path.is_file()
    _note(path, file_digest(path) if present else None)
    return present


def record(path: Path) -> None:
    """Announce a file that a library reads by itself; recorded before it is read, so an edit in between rebuilds."""
    if _current.get() is not None:
        try:
            _note(path, file_digest(path))
        except OSError:
            _note(path, "unreadable")


def listing(folder: Path) -> None:
    """Record the listing of ``folder`` (what ``Project`` lists: the communes, a commune's years)."""
    reads = _current.get()
    if reads is not None:
        reads.folders.setdefault(Path(os.path.abspath(folder)), listing_digest(folder))


def merge(target: Reads, source: Reads) -> None:
    """Add ``source``'s record to ``target``; a file or folder the two saw differently matches nothing after."""
    for path, digest in source.files.items():
        if target.files.setdefault(path, digest) != digest:
            target.files[path] = CHANGED_WHILE_READ
    for folder, names in source.folders.items():
        if target.folders.setdefault(folder, names) != names:
            target.folders[folder] = CHANGED_WHILE_READ


def include(source: Reads) -> None:
    """Add what another recording saw (a worker process's build) to the current one."""
    reads = _current.get()
    if reads is not None:
        merge(reads, source)
