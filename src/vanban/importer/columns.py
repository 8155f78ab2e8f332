"""The one place where a table's Vietnamese header text becomes a column key.

``declared_headers`` gives each column's header as the document kind declares it
(``templates/<kind>.yaml``, read by ``engine.declaration``). ``COLUMN_WORDS`` adds the wordings offices actually type.
A header matches its declared text first; otherwise the first key, in the order
below, whose phrase it contains: "Hộ nghèo cuối năm 2024" is the year-end column
before it is a "hộ nghèo" column.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

# Today's headers of the unit table in templates/ke-hoach.docx (key -> header).
DEFAULT_HEADERS: dict[str, str] = {
    "stt": "STT",
    "don_vi": "Đơn vị",
    "tong_so_ho": "Tổng số hộ",
    "ho_ngheo": "Hộ nghèo năm {nam_truoc}",
    "ty_le_ho_ngheo": "Tỷ lệ (%)",
    "giam_du_kien": "Số hộ nghèo dự kiến giảm năm {nam}",
    "ho_ngheo_cuoi_nam": "Hộ nghèo dự kiến cuối năm {nam}",
    "can_bo_phu_trach": "Cán bộ phụ trách",
}

# The unit table's CSV columns an imported plan fills, in the file's order.
UNIT_COLUMNS = tuple(k for k in DEFAULT_HEADERS if k != "stt")

# Wordings seen in offices' tables, most specific key first. "stt" is the row number, not data.
COLUMN_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("stt", ("stt", "tt", "số tt", "số thứ tự")),
    ("ho_ngheo_cuoi_nam", ("cuối năm", "cuối kỳ", "còn lại")),
    ("giam_du_kien", ("giảm", "thoát nghèo", "chỉ tiêu")),
    ("ty_le_ho_ngheo", ("tỷ lệ", "tỉ lệ", "%")),
    ("ho_ngheo", ("hộ nghèo", "số hộ nghèo")),
    ("tong_so_ho", ("tổng số hộ", "số hộ dân", "tổng hộ", "số hộ")),
    ("can_bo_phu_trach", ("cán bộ", "phụ trách", "người phụ trách")),
    ("don_vi", ("đơn vị", "tiểu khu", "thôn", "khu phố", "tổ dân phố", "bản", "xóm")),
)


# The report's results table (templates/bao-cao.yaml, ket_qua): headers as the template prints them, and
# the wordings offices type, most specific first.
REPORT_HEADERS: dict[str, str] = {
    "stt": "STT",
    "don_vi": "Đơn vị",
    "tong_so_ho": "Tổng số hộ",
    "ho_ngheo_dau_nam": "Hộ nghèo đầu năm {nam}",
    "thoat_ngheo": "Hộ thoát nghèo",
    "phat_sinh": "Hộ nghèo phát sinh",
    "ho_ngheo_cuoi_nam": "Hộ nghèo cuối kỳ",
    "ty_le_ho_ngheo_cuoi_nam": "Tỷ lệ hộ nghèo (%)",
}
REPORT_COLUMNS = tuple(k for k in REPORT_HEADERS if k != "stt")
REPORT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("stt", ("stt", "tt", "số tt", "số thứ tự")),
    ("ho_ngheo_dau_nam", ("đầu năm", "đầu kỳ")),
    ("thoat_ngheo", ("thoát nghèo", "giảm")),
    ("phat_sinh", ("phát sinh", "tăng", "mới", "tái nghèo")),
    ("ho_ngheo_cuoi_nam", ("cuối năm", "cuối kỳ", "còn lại", "hiện có")),
    ("ty_le_ho_ngheo_cuoi_nam", ("tỷ lệ", "tỉ lệ", "%")),
    ("tong_so_ho", ("tổng số hộ", "số hộ dân", "tổng hộ", "số hộ")),
    ("don_vi", ("đơn vị", "tiểu khu", "thôn", "khu phố", "tổ dân phố", "bản", "xóm")),
)


# The report's near-poor table (kinds/bao_cao, «bang: ket_qua_can_ngheo»): the results table's optional columns.
NEAR_POOR_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("stt", ("stt", "tt", "số tt", "số thứ tự")),
    ("can_ngheo_tu_ho_ngheo", ("rơi vào cận nghèo", "thoát nghèo rơi", "từ hộ nghèo", "thoát nghèo trở thành")),
    ("thoat_can_ngheo", ("thoát cận nghèo",)),
    ("can_ngheo_phat_sinh", ("phát sinh", "mới")),
    ("ho_can_ngheo_dau_nam", ("đầu năm", "đầu kỳ")),
    ("ho_can_ngheo_cuoi_nam", ("cuối năm", "cuối kỳ", "còn lại")),
    ("ty_le_ho_can_ngheo_cuoi_nam", ("tỷ lệ", "tỉ lệ", "%")),
    ("don_vi", ("đơn vị", "tiểu khu", "thôn", "khu phố", "tổ dân phố", "bản", "xóm")),
)
NEAR_POOR_COLUMNS = tuple(k for k, _ in NEAR_POOR_WORDS if k not in ("stt", "don_vi"))


def normalise(header: str) -> str:
    """Lower case, NFC, years, brackets and punctuation removed: "Tỷ lệ (%)" -> "tỷ lệ %"."""
    text = unicodedata.normalize("NFC", header).casefold().replace("tỉ", "tỷ")
    text = re.sub(r"\$?\{[a-z_]+\}|\b(19|20)\d{2}\b", " ", text)
    text = re.sub(r"[()\[\].:,;/\-\n\t]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def declared_headers(project_root: Path | None = None, kind: str = "ke-hoach", table: str = "don_vi") -> dict[str, str]:
    """Each column's header as the kind's declaration (``templates/<kind>.yaml`` with a commune's
    ``<kind>.rieng.yaml``) prints it; today's headers for what it does not declare.

    A declaration the engine refuses (D010) keeps the defaults: the import still runs and the
    build reports the declaration itself.
    """
    headers = dict(DEFAULT_HEADERS if kind == "ke-hoach" else REPORT_HEADERS)
    if project_root is None:
        return headers
    from vanban.engine.declaration import load_declaration
    from vanban.engine.findings import InputError
    from vanban.project import Project

    project = Project(project_root)
    paths = [project.declaration_for(kind), project.user_declaration_for(kind)]
    try:
        declared = load_declaration([(p, project.display(p)) for p in paths], kind).tables.get(table)
    except InputError:
        return headers
    if declared is None:
        return headers
    for key, column in declared.columns.items():
        if column.heading:
            headers[key] = column.heading
    return headers


def column_key(header: str, headers: dict[str, str], words: tuple[tuple[str, tuple[str, ...]], ...] = COLUMN_WORDS) -> str | None:
    """The column a header means, or None when no wording fits."""
    text = normalise(header)
    if not text:
        return None
    for key, declared in headers.items():
        if normalise(declared) == text:
            return key
    tokens = set(text.split())
    for key, phrases in words:
        for phrase in phrases:
            # Short phrases ("tt", "%", "bản") must be whole words; longer ones may sit inside the header.
            if (phrase in tokens) if len(phrase) <= 4 else (phrase in text):
                return key
    return None


def map_columns(
    header_row: list[str], headers: dict[str, str], words: tuple[tuple[str, tuple[str, ...]], ...] = COLUMN_WORDS
) -> list[str | None]:
    """Keys for a header row; a key claimed twice keeps its first column (the rest are None)."""
    keys: list[str | None] = []
    for cell in header_row:
        key = column_key(cell, headers, words)
        keys.append(None if key in keys and key != "stt" else key)
    return keys
