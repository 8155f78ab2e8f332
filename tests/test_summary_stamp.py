"""The province summary is stamped as a plan is (issue 24): an unchanged summary is a no-op, and anything it is
made from (a commune's figures, settings or report, a commune added or removed, the summary's own YAML, its
declaration and template, ``--draft``) builds it again, through ``tong-hop`` and through ``build --all``."""

from __future__ import annotations

import shutil
import zipfile
from collections import Counter
from pathlib import Path

import docx
import openpyxl
import pytest

from vanban.commands import cli
from vanban.engine import stamp
from vanban.project import Project

from .communes_fixture import fill_giao_hieu, run, with_giao_hieu
from .conftest import ROOT, edit

OUT = Path("build/tong-hop/2024")
DOCX = OUT / "tong-hop-giam-ngheo-2024.docx"
XLSX = OUT / "tong-hop-giam-ngheo-2024.xlsx"
KEPT = "không đổi, giữ nguyên."


@pytest.fixture
def two(tmp_path: Path) -> Project:
    """Hà Trung (today's layout, with its results report) and Giáo Hiệu, added by init and filled in."""
    return with_giao_hieu(tmp_path / "project")


def _row(root: Path, name: str) -> tuple[dict, list[str]]:
    """A commune's row of the summary, as the workbook (by column header) and the document show it."""
    sheet = openpyxl.load_workbook(root / XLSX).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    in_book = [dict(zip(header, r, strict=True)) for r in rows if r[1] == name]
    table = next(t for t in docx.Document(str(root / DOCX)).tables if len(t.rows) > 2)
    in_doc = [[c.text for c in r.cells] for r in table.rows if r.cells[1].text == name]
    assert len(in_book) == len(in_doc) <= 1, (in_book, in_doc)
    return (in_book[0], in_doc[0]) if in_book else ({}, [])


def _state(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in (root / DOCX, root / XLSX)}


def test_a_second_tong_hop_is_a_no_op(two: Project, checks: Counter):
    first = run(cli.tong_hop, two.root, "2024")
    assert first[0] == cli.EXIT_OK and first[1].count("đã ghi") == 2
    before = _state(two.root)
    checks.clear()
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == cli.EXIT_OK
    assert out.splitlines() == [f"{DOCX.as_posix()}: {KEPT}", f"{XLSX.as_posix()}: {KEPT}"]
    assert err == first[2] and "H002" in err  # the kept findings (and lint), shown again
    assert checks == Counter()  # no commune checked again
    assert _state(two.root) == before  # bytes and modification times


def test_an_edited_figure_rebuilds_the_summary_with_it(two: Project):
    assert run(cli.tong_hop, two.root, "2024")[0] == cli.EXIT_OK
    book, doc = _row(two.root, "Xã Giáo Hiệu")
    assert book["Dự kiến giảm"] == 15 and doc[7] == "15"
    edit(two.root / "data/giao-hieu/2024/don_vi.csv", "Thôn Giáo Ổ,150,60,,5,", "Thôn Giáo Ổ,150,60,,9,")
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == cli.EXIT_OK, err
    assert out.count("đã ghi") == 2
    book, doc = _row(two.root, "Xã Giáo Hiệu")
    assert book["Dự kiến giảm"] == 19 and doc[7] == "19"
    assert book["Hộ nghèo cuối năm (kế hoạch)"] == 162 and doc[8] == "162"


def test_a_commune_added_or_removed_rebuilds_the_summary(two: Project):
    assert run(cli.tong_hop, two.root, "2024")[0] == cli.EXIT_OK
    status, _, err = run(cli.init, two.root, commune="yen-tho", name="Xã Yên Thọ", year="2024")
    assert status == cli.EXIT_OK, err
    fill_giao_hieu(two.root, "yen-tho")
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == cli.EXIT_OK and KEPT not in out, err
    book, doc = _row(two.root, "Xã Yên Thọ")
    assert book["Tổng số hộ"] == 431 and doc[2] == "431"

    shutil.rmtree(two.root / "plans" / "giao-hieu")
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == cli.EXIT_OK and KEPT not in out, err
    assert _row(two.root, "Xã Giáo Hiệu") == ({}, [])
    assert _row(two.root, "Xã Yên Thọ")[0]


def test_a_commune_folder_filled_in_later_is_noticed_without_a_default_commune(tmp_path: Path, checks: Counter):
    """Without Hà Trung's plans in ``plans/`` itself, no input of the summary lies there: only the recorded
    listings of ``plans/`` and of each commune's folder see a commune arrive, even in a folder made earlier."""
    import bench  # benchmarks/bench.py, put on sys.path by conftest

    root = bench.communes_project(ROOT, tmp_path / "province", 2)
    year = str(bench.COMMUNE_YEARS[-1])
    docx_path = root / "build" / "tong-hop" / year / f"tong-hop-giam-ngheo-{year}.docx"
    assert run(cli.tong_hop, root, year)[0] == cli.EXIT_OK
    (root / "plans" / "xa-009").mkdir()  # a folder alone is no commune yet: same summary
    assert f"{KEPT}" in run(cli.tong_hop, root, year)[1]
    for part in ("plans", "data"):
        shutil.copytree(root / part / "xa-002", root / part / "xa-009", dirs_exist_ok=True)
    checks.clear()
    status, out, err = run(cli.tong_hop, root, year)
    assert status == cli.EXIT_OK and "đã ghi" in out, err
    assert ("xa-009", int(year)) in checks
    table = next(t for t in docx.Document(str(docx_path)).tables if len(t.rows) > 2)
    assert [r.cells[0].text for r in table.rows][1:] == ["1", "2", "3", "Cộng"]  # a third row


def _resave_stored(path: Path) -> None:
    """The same Word template, saved again without compression: other bytes, same document."""
    with zipfile.ZipFile(path) as old:
        entries = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as new:
        for info, data in entries:
            info.compress_type = zipfile.ZIP_STORED
            new.writestr(info, data)


def _append(path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n# sửa lại\n")


def _new_year(root: Path) -> None:
    text = (root / "plans/giao-hieu/2024.yaml").read_text(encoding="utf-8")
    (root / "plans/giao-hieu/2023.yaml").write_text(text.replace("nam: 2024", "nam: 2023", 1), encoding="utf-8")


EDITS = {
    "a commune's settings": lambda root: _append(root / "plans/giao-hieu/xa.yaml"),
    "a commune's plan": lambda root: _append(root / "plans/giao-hieu/2024.yaml"),
    "a commune's results report": lambda root: _append(root / "plans/2024-bao-cao.yaml"),
    "another year's plan (the trend)": _new_year,
    "a workbook beside a commune's tables": lambda root: shutil.copy(
        root / "templates/tong-hop.docx", root / "data/giao-hieu/2024/so-lieu.xlsx"
    ),
    "the summary's own YAML": lambda root: _append(root / "plans/tong-hop/2024.yaml"),
    "its declaration": lambda root: _append(root / "templates/tong-hop.yaml"),
    "its template": lambda root: _resave_stored(root / "templates/tong-hop.docx"),
}


@pytest.mark.parametrize("change", list(EDITS))
def test_every_input_of_the_summary_builds_it_again(two: Project, checks: Counter, change: str):
    assert run(cli.tong_hop, two.root, "2024")[0] == cli.EXIT_OK
    checks.clear()
    EDITS[change](two.root)
    run(cli.tong_hop, two.root, "2024")
    assert checks, f"{change}: the summary was kept"


def test_draft_is_part_of_the_key(two: Project, checks: Counter):
    assert run(cli.tong_hop, two.root, "2024")[0] == cli.EXIT_OK
    checks.clear()
    assert run(cli.tong_hop, two.root, "2024", draft=True)[0] == cli.EXIT_OK
    assert checks
    checks.clear()
    assert KEPT in run(cli.tong_hop, two.root, "2024", draft=True)[1]
    assert checks == Counter()


def test_a_summary_with_errors_is_never_stamped(two: Project, checks: Counter):
    assert run(cli.tong_hop, two.root, "2024")[0] == cli.EXIT_OK
    assert stamp.stamp_file(two.root / DOCX).is_file()
    edit(two.root / "plans/giao-hieu/2024.yaml", 'ty_le_ho_can_ngheo: "12,99 %"', 'ty_le_ho_can_ngheo: "12,9 %"')
    assert run(cli.tong_hop, two.root, "2024")[0] == cli.EXIT_FINDINGS  # refused: no stamp left behind
    assert not stamp.stamp_file(two.root / DOCX).exists()
    for _ in range(2):  # a draft with errors is written, never stamped: checked again every time
        checks.clear()
        assert run(cli.tong_hop, two.root, "2024", draft=True)[0] == cli.EXIT_OK
        assert checks and not stamp.stamp_file(two.root / DOCX).exists()


def test_build_all_keeps_an_unchanged_summary_and_rebuilds_a_changed_one(two: Project):
    """The second ``build --all`` leaves the summary as it is; after a commune's figure changes, the plan is
    built again in a worker process and the summary takes the new figure from it (what that build read is
    part of the summary's stamp)."""
    status, out, err = run(cli.build_all, two.root, jobs=2)
    assert status == cli.EXIT_OK, err
    assert f"{DOCX.as_posix()}: đã ghi." in out
    before = _state(two.root)
    status, out, err = run(cli.build_all, two.root, jobs=2)
    assert status == cli.EXIT_OK, err
    assert f"{DOCX.as_posix()}: {KEPT}" in out and f"{XLSX.as_posix()}: {KEPT}" in out
    assert _state(two.root) == before

    edit(two.root / "data/giao-hieu/2024/don_vi.csv", "Thôn Giáo Ổ,150,60,,5,", "Thôn Giáo Ổ,150,60,,9,")
    status, out, err = run(cli.build_all, two.root, jobs=2)
    assert status == cli.EXIT_OK, err
    assert "build/giao-hieu/2024/ke-hoach-giam-ngheo-2024.docx: đã ghi." in out
    assert f"{DOCX.as_posix()}: đã ghi." in out and f"{XLSX.as_posix()}: đã ghi." in out
    book, doc = _row(two.root, "Xã Giáo Hiệu")
    assert book["Dự kiến giảm"] == 19 and doc[7] == "19"
    # And the summary built from the worker's checks is stamped with what they read: a third run keeps it.
    assert f"{DOCX.as_posix()}: {KEPT}" in run(cli.build_all, two.root, jobs=2)[1]


def test_the_summary_is_written_whole_or_not_at_all(two: Project):
    """The .docx and the .xlsx are one summary: when the second cannot be written, the first written is taken
    back, so no new .docx stands beside an old .xlsx (nothing is stamped; the next run makes both)."""
    assert run(cli.tong_hop, two.root, "2024")[0] == cli.EXIT_OK
    before = (two.root / DOCX).read_bytes()
    edit(two.root / "data/giao-hieu/2024/don_vi.csv", "Thôn Giáo Ổ,150,60,,5,", "Thôn Giáo Ổ,150,60,,9,")
    (two.root / XLSX).unlink()
    (two.root / XLSX).mkdir()  # a folder in the way of the workbook
    (two.root / XLSX / "x").write_text("x", encoding="utf-8")
    real_exists = Path.exists
    # Seen as absent when the bytes are compared, so the write itself meets the folder (as when it appears meanwhile).
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "exists", lambda self: False if self == two.root / XLSX else real_exists(self))
        status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == cli.EXIT_INPUT and "đã ghi" not in out
    assert f"{XLSX.as_posix()}: F011 [lỗi]" in err and "thư mục trùng tên" in err, err  # named as the user sees it
    # Last time's .docx no longer matches the figures: it left the real name (F012), as a refused build's does.
    assert not (two.root / DOCX).exists() and (two.root / OUT / "tong-hop-giam-ngheo-2024.cu.docx").read_bytes() == before
    assert "F012" in err
    assert not list((two.root / OUT).glob(".*.tmp"))  # no temporary file left
    shutil.rmtree(two.root / XLSX)
    status, out, err = run(cli.tong_hop, two.root, "2024")
    assert status == cli.EXIT_OK and out.count("đã ghi") == 2, err
    assert _row(two.root, "Xã Giáo Hiệu")[0]["Dự kiến giảm"] == 19
