"""Word documents typed as commune offices type them, for the import tests.

``office_document`` lays out any plan or report the way offices do (a two-column header
table, the body as plain paragraphs, optional tables, Nơi nhận and the signature in a
closing table); the tests write the body sentences themselves, in the phrasings real
documents use, with communes, years and figures drawn at random.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from .seed_docs import grid_table

Body = list["str | list[list[str]]"]


@dataclass
class Office:
    commune: str = "XÃ HÀ LONG"  # the agency's second line, as typed
    place: str = "Hà Long"
    number: str = "15"
    symbol: str = "KH-UBND"
    date: tuple[int | None, int | None, int] = (10, 1, 2024)  # day, month (None: left blank), year
    doc_type: str = "KẾ HOẠCH"
    summary: str = "Giảm nghèo năm 2024"
    body: list = field(default_factory=list)
    recipients: tuple[str, ...] = ("- UBND huyện (b/c);", "- Lưu: VT.")
    signer: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "(Đã ký)", "Lê Văn Bình")


def _centred(cell_or_doc, text: str, bold: bool = False, first: bool = False):
    paragraph = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(text).bold = bold
    return paragraph


def date_line(office: Office) -> str:
    day, month, year = office.date
    d = f"{day:02d}" if day else "     "
    m = f"{month:02d}" if month else "     "
    return f"{office.place}, ngày {d} tháng {m} năm {year}"


def office_document(path: Path, office: Office) -> Path:
    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(13)
    header = document.add_table(rows=2, cols=2)
    _centred(header.cell(0, 0), "ỦY BAN NHÂN DÂN", True, first=True)
    _centred(header.cell(0, 0), office.commune, True)
    _centred(header.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, first=True)
    _centred(header.cell(0, 1), "Độc lập - Tự do - Hạnh phúc", True)
    _centred(header.cell(1, 0), f"Số: {office.number}/{office.symbol}", first=True)
    _centred(header.cell(1, 1), date_line(office), first=True)
    document.add_paragraph("")
    _centred(document, office.doc_type, True)
    _centred(document, office.summary, True)
    _centred(document, "_______________")
    for block in office.body:
        if isinstance(block, list):
            grid_table(document, block)
        else:
            paragraph = document.add_paragraph()
            paragraph.add_run(block).bold = bool(block[:4].rstrip(". ").isupper() and block[:2] != "- ")
    closing = document.add_table(rows=1, cols=2)
    _centred(closing.cell(0, 0), "Nơi nhận:", True, first=True)
    for line in office.recipients:
        closing.cell(0, 0).add_paragraph(line)
    for i, line in enumerate(office.signer):
        _centred(closing.cell(0, 1), line, not line.startswith("("), first=i == 0)
    document.core_properties.author = ""
    document.save(str(path))
    return path
