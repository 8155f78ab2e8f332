"""LibreOffice is the redline's oracle: accept all / reject all through its UNO API, as a reviewer would.

One soffice start reads, in one batch: the redline accepted, the redline rejected, the new and the old
documents as they are, and a deliberately broken redline (to prove the oracle can tell).
Without LibreOffice or its Python UNO bridge these tests skip with the reason; with CI=true they fail.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from vanban.docx.redline import redline
from vanban.engine.findings import InputError
from vanban.pipeline import document_bytes, run_checks
from vanban.review.newyear import new_year

from .conftest import edit
from .test_review import SENTENCE_2024, SENTENCE_2025, fill_2025

pytestmark = pytest.mark.office


def require_uno() -> None:
    from vanban.office import pdf, uno

    missing = None
    if pdf.find_soffice() is None:
        missing = "LibreOffice (soffice) chưa được cài"
    elif uno.find_uno_python() is None:
        missing = "không có Python với UNO của LibreOffice (apt-get install python3-uno)"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the LibreOffice oracle: {missing}")
        pytest.skip(missing)


def unit_names(table: list[list[str]]) -> list[str]:
    return [row[1] for row in table[1:] if len(row) > 1 and row[0].isdigit()]


def break_one_deletion(docx: bytes) -> bytes:
    """The redline with one deleted run left in the text, unmarked: rejecting is right, accepting is not."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                xml, n = re.subn(r"<w:del [^>]*>(<w:r>(?:(?!</w:r>).)*?)<w:delText", r"\1<w:t", xml, count=1)
                assert n == 1
                xml = re.sub(r"(<w:t( [^>]*)?>[^<]*)</w:delText>", r"\1</w:t>", xml, count=1)
                xml = xml.replace("</w:r></w:del>", "</w:r>", 1)
                data = xml.encode("utf-8")
            target.writestr(info.filename, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def office_reads(tmp_path_factory: pytest.TempPathFactory):
    require_uno()
    from vanban.office import uno

    from .conftest import copy_project

    tmp = tmp_path_factory.mktemp("oracle")
    project = copy_project(tmp / "project")
    new_year(project, 2025)
    fill_2025(project)
    # Figures, a sentence, a unit added in the middle and one removed.
    # (2025 starts from 2024's results report: Tiểu khu 3 ended 2024 with 641 households, 3 poor; the town with 2.887.)
    edit(project.units_file(2025), "Tiểu khu 3,641,3,,1,,", "Tiểu khu 3,640,4,,2,,")
    edit(project.plan_file(2025), "tong_so_ho: 2887", "tong_so_ho: 2889")
    edit(project.plan_file(2025), SENTENCE_2024[2:], SENTENCE_2025[2:])
    rows = project.units_file(2025).read_text(encoding="utf-8").splitlines()
    rows.insert(4, "Tiểu khu 3B,100,1,,0,,Lê Văn A")
    rows = [r for r in rows if not r.startswith("TK Tương Lạc")]
    project.units_file(2025).write_text("\n".join(rows) + "\n", encoding="utf-8")
    old, new = (document_bytes(project, run_checks(project, year)) for year in (2024, 2025))
    paths = {name: tmp / f"{name}.docx" for name in ("old", "new", "redline", "broken")}
    red = redline(old, new)
    for name, data in (("old", old), ("new", new), ("redline", red), ("broken", break_one_deletion(red))):
        paths[name].write_bytes(data)
    jobs = [
        (paths["redline"], uno.ACCEPT_ALL),
        (paths["redline"], uno.REJECT_ALL),
        (paths["new"], None),
        (paths["old"], None),
        (paths["broken"], uno.ACCEPT_ALL),
    ]
    accepted, rejected, new_text, old_text, broken = uno.read_documents(jobs)
    return {"accepted": accepted, "rejected": rejected, "new": new_text, "old": old_text, "broken": broken}


def test_libreoffice_sees_the_tracked_changes_and_resolves_them_all(office_reads):
    for name in ("accepted", "rejected"):
        assert office_reads[name].changes_before > 10
        assert office_reads[name].changes_left == 0
    assert office_reads["new"].changes_before == office_reads["old"].changes_before == 0


def test_accept_all_in_libreoffice_gives_the_new_document(office_reads):
    accepted, new, old = office_reads["accepted"], office_reads["new"], office_reads["old"]
    assert new.paragraphs != old.paragraphs  # the comparison below means something
    assert accepted.paragraphs == new.paragraphs
    assert accepted.tables == new.tables
    assert SENTENCE_2025 in accepted.paragraphs and SENTENCE_2024 not in accepted.paragraphs


def test_reject_all_in_libreoffice_gives_the_old_document(office_reads):
    rejected, old = office_reads["rejected"], office_reads["old"]
    assert rejected.paragraphs == old.paragraphs
    assert rejected.tables == old.tables
    assert SENTENCE_2024 in rejected.paragraphs and SENTENCE_2025 not in rejected.paragraphs


def test_unit_rows_added_and_removed(office_reads):
    accepted = unit_names(office_reads["accepted"].tables[1])
    rejected = unit_names(office_reads["rejected"].tables[1])
    assert "Tiểu khu 3B" in accepted and "TK Tương Lạc" not in accepted
    assert "TK Tương Lạc" in rejected and "Tiểu khu 3B" not in rejected
    assert accepted.index("Tiểu khu 3B") == accepted.index("Tiểu khu 3") + 1
    assert len(accepted) == len(rejected) == 10
    # A changed figure in a kept row, and the running numbers after the added unit.
    row = {r[1]: r for r in office_reads["accepted"].tables[1][1:]}
    assert row["Tiểu khu 3"][2] == "4" and row["Tiểu khu 3B"][0] == "4"
    assert {r[1]: r for r in office_reads["rejected"].tables[1][1:]}["Tiểu khu 3"][2] == "5"


def test_the_oracle_catches_a_wrong_redline(office_reads):
    assert office_reads["broken"].paragraphs != office_reads["new"].paragraphs


def test_no_libreoffice_is_a_clear_error(monkeypatch):
    from vanban.office import uno

    monkeypatch.setattr(uno, "find_soffice", lambda: None)
    with pytest.raises(InputError, match="LibreOffice"):
        uno.read_documents([(Path("x.docx"), None)])


def test_uno_python_is_looked_for_beside_soffice(tmp_path: Path):
    """Windows and macOS ship LibreOffice's own Python next to soffice; it comes before the system's."""
    from vanban.office import uno

    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    soffice = program / "soffice.exe"
    soffice.write_bytes(b"")
    found = uno.uno_python_candidates(str(soffice), executable="/venv/python")
    assert found[0] == str(program.resolve() / "python.exe")
    assert found[-1] == "/venv/python"
