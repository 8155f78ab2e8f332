"""The all-or-nothing writer (``engine/files.write_all``): every file written, or none, and a file it was to
replace is as it was after a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.engine.files import write_all


def test_every_file_is_written_and_nothing_else_is_left(tmp_path: Path):
    old = tmp_path / "a.docx"
    old.write_bytes(b"old")
    written = write_all({old: b"new", tmp_path / "sub" / "b.xlsx": b"book"}, overwrite=frozenset({old}))
    assert written == [old, tmp_path / "sub" / "b.xlsx"]
    assert old.read_bytes() == b"new" and (tmp_path / "sub" / "b.xlsx").read_bytes() == b"book"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.docx", "b.xlsx", "sub"]


def test_a_failure_puts_back_what_was_replaced_and_removes_what_was_new(tmp_path: Path):
    first, second, third = tmp_path / "a.docx", tmp_path / "b.docx", tmp_path / "c.xlsx"
    first.write_bytes(b"old a")
    third.mkdir()  # a folder in the way of the last file
    (third / "x").write_bytes(b"x")
    with pytest.raises(IsADirectoryError) as caught:
        write_all({first: b"new a", second: b"new b", third: b"new c"}, overwrite=frozenset({first, third}))
    assert caught.value.filename == str(third)
    assert first.read_bytes() == b"old a" and not second.exists() and (third / "x").read_bytes() == b"x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "c.xlsx"]  # no temporary file left


def test_an_existing_file_not_to_be_replaced_is_refused_and_nothing_written_stays(tmp_path: Path):
    mine = tmp_path / "2025.yaml"
    mine.write_bytes(b"the officer's")
    with pytest.raises(FileExistsError):
        write_all({tmp_path / "new.csv": b"rows", mine: b"generated"})
    assert mine.read_bytes() == b"the officer's" and not (tmp_path / "new.csv").exists()
