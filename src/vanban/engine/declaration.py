"""A document kind's declaration: its tables, town figures and the relations checked.

``templates/<kind>.yaml`` (``Project.declaration_for``) declares, in Vietnamese keys:

- ``bang``: each table the kind reads, ``data/<year>/<tep>``; its columns with
  ``kieu`` (``so`` count, ``ty_le`` rate, ``chu`` text), ``mo_ta`` (the data
  dictionary's words), ``tieu_de`` (the printed header), ``cong_thuc`` (derived
  from other columns), ``cong`` (totalled in the "Cộng" row), ``tuy_chon``
  (the column may be absent), ``cho_dien`` (a blank cell is "not decided yet",
  a decision of the year that ``new-year`` leaves empty), ``co_the_trong`` (a
  blank cell is "not known yet", P001 like ``cho_dien``, but carried over);
  ``khong_vuot``: per-row ``part <= whole``;
- ``so_lieu``: the town-level figures (``plans/<year>.yaml``, ``so_lieu:``) with
  ``kieu``, ``mo_ta``, ``tong`` (= the total of ``bang.cot``), ``cong_thuc``,
  ``mac_dinh`` (falls back to another figure), ``bat_buoc`` (the key must be
  written, its value may be left empty), ``nam_truoc`` (equals a figure of last
  year's plan); ``vuot_100`` (a rate that may exceed 100 % or be negative: a
  percentage of a target, "đạt 107,69 % kế hoạch"); ``diem_phan_tram`` (a difference of two rates,
  written "giảm 0,48 điểm phần trăm" in the prose);
- ``quan_he``: flows (``dong_chay``), ``khong_vuot`` between figures, the
  figures that cannot exceed the town's households, and ``giao_du``: a target
  handed down from above (UBND tỉnh's) against the sum handed out to the units
  (``chi_tieu_giao <= chi_tieu_giam_ho_ngheo``): two figures, never one.

A commune's own tables and figures go in ``templates/<kind>.rieng.yaml`` with
the same structure; they add to the kind's, never replace them.

This module is the one place where the declaration's Vietnamese keys meet the
English names of the code (the dataclass fields below, one comment each).
Anything wrong in a declaration is an ``InputError`` (D010) naming its file and
line: an unknown key, a formula naming an unknown column, a cycle, a rate
whose formula has no whole.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from vanban.engine import reads
from vanban.engine.findings import Finding, InputError, Place, error
from vanban.engine.formulas import Formula, FormulaError, Relation, order, parse, parse_relation
from vanban.engine.load import YamlDocument, parse_yaml, read_text

VALUE_TYPES = ("so", "ty_le", "chu")  # count, rate, text
NAME = re.compile(r"[a-z][a-z0-9_]*")
GATHERED = re.compile(r"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.([a-z][a-z0-9_]*)")  # lay: kind.figure
# Names the template's context already uses: a table of that name would hide them.
RESERVED = frozenset(
    "co_quan_chu_quan co_quan_ban_hanh so ky_hieu dia_danh ngay_ban_hanh du_thao ten_loai trich_yeu nam nam_truoc "
    "noi_dung noi_nhan quyen_han chuc_vu ho_ten cong".split()
)
SIMILAR = 0.8  # "did you mean" only above this similarity (difflib ratio)
MAX_WIDTH_MM = 297  # a column's width (rong) cannot exceed an A4 page's length


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """A real suggestion or none: ``ho_ngheoo`` → ``ho_ngheo``, never ``ho_ngheo_thieu_von`` → ``ho_ngheo_cuoi_nam``."""
    close = difflib.get_close_matches(name, sorted(set(choices)), n=1, cutoff=SIMILAR)
    return f" Có phải ý bạn là «{close[0]}»?" if close else ""


def listing(what: str, names: Iterable[str], where: str) -> str:
    return f" Các {what} được khai báo ({where}): {', '.join(names)}."


@dataclass(frozen=True)
class Column:
    key: str  # the CSV header, e.g. ho_ngheo
    value_type: str  # kieu: so | ty_le | chu (a document's kind is ``Kind``, another thing)
    description: str  # mo_ta
    heading: str  # tieu_de, may hold ${nam}
    formula: Formula | None = None  # cong_thuc
    total: str | None = None  # cong: "" (sum) or, for a rate, the town figure the "Cộng" row shows
    optional: bool = False  # tuy_chon
    to_fill: bool = False  # cho_dien or co_the_trong: a blank cell is P001, never computed
    carried: bool = False  # co_the_trong: unlike cho_dien, new-year carries the value over
    shown: bool = True  # hien
    width_mm: float | None = None  # rong
    template_name: str | None = None  # mau: the short name a hand-made Word table uses
    last_year: str | None = None  # nam_truoc: equals this column of last year's table (X002)
    short: str | None = None  # nhan: short label in the review's tables
    line: int | None = None
    unbounded: bool = False  # vuot_100: a rate of a target, may exceed 100 or be negative; no target, no rate
    gathered: tuple[str, str] | None = None  # lay: (kind, figure) each row takes from its own document of that kind
    compared: tuple[str, str] | None = None  # doi_chieu: (table, column) the same-named row of another table must equal

    @property
    def label(self) -> str:
        return self.description.split(" (")[0]

    @property
    def short_label(self) -> str:
        return self.short or self.description

    @property
    def totalled(self) -> bool:
        return self.total is not None


@dataclass(frozen=True)
class Table:
    name: str  # the key in bang:, used by ``bang: <name>`` in noi_dung
    file_name: str  # tep
    description: str  # mo_ta
    row_noun: str  # ten_dong: what a row is called in messages ("đơn vị")
    name_column: str  # cot_ten: the column that names each row
    columns: dict[str, Column]
    bounds: tuple[tuple[str, str], ...] = ()  # khong_vuot: per row, part <= whole
    source: str = ""  # the declaration file it comes from
    kind: str = ""  # the document kind that declares it

    def required(self) -> list[str]:
        return [c.key for c in self.columns.values() if not c.optional]

    def formula_order(self) -> list[str]:
        return order({k: c.formula for k, c in self.columns.items() if c.formula is not None})


@dataclass(frozen=True)
class Figure:
    key: str  # the so_lieu key
    value_type: str  # kieu: so | ty_le | chu
    description: str  # mo_ta
    formula: Formula | None = None  # cong_thuc
    column_total: tuple[str, str] | None = None  # tong: (table, column)
    default: str | None = None  # mac_dinh: another figure used when this one is not written
    required: bool = False  # bat_buoc: the key must be written (its value may be ~)
    last_year: str | None = None  # nam_truoc: equals this figure of last year's plan (X001)
    line: int | None = None
    unbounded: bool = False  # vuot_100: a rate of a target, may exceed 100 % or be negative
    points: bool = False  # diem_phan_tram: a difference of two rates, shown "0,48 điểm phần trăm"

    @property
    def label(self) -> str:
        return self.description.split(" (")[0]

    @property
    def derivable(self) -> bool:
        return self.formula is not None or self.column_total is not None


@dataclass(frozen=True)
class Flow:
    end: str  # the figure the flow arrives at
    formula: Formula  # start − out + in …
    label: str  # nhan: the words before the value in the message


@dataclass(frozen=True)
class Declaration:
    kind: str
    files: tuple[str, ...]  # as displayed, for messages and the stamp
    paths: tuple[Path, ...]
    title: str
    tables: dict[str, Table]
    figures: dict[str, Figure]
    flows: tuple[Flow, ...] = ()
    bounds: tuple[tuple[str, str], ...] = ()  # town figures: part <= whole
    within_households: tuple[str, ...] = ()  # khong_vuot_tong_so_ho
    table_totals: tuple[tuple[str, str, str], ...] = ()  # tong_bang: (table, column, figure) the column sums to
    # giao_du: (target handed down, what is handed out): the units' targets add up to at least the given one
    handed_out: tuple[tuple[str, str], ...] = ()
    foreign: dict[str, str] = field(default_factory=dict)  # tables read from another kind: name -> kind

    @property
    def where(self) -> str:
        return self.files[0] if self.files else "khai báo"

    def figure_order(self) -> list[str]:
        return order({k: f.formula for k, f in self.figures.items() if f.formula is not None})

    def derivable(self) -> frozenset[str]:
        """Figures the data gives when the plan does not state them (required ones excepted: they are written)."""
        return frozenset(k for k, f in self.figures.items() if f.derivable and not f.required)


# ---------------------------------------------------------------- reading


# Every key a declaration may write, with what it means (Vietnamese: the guide's reference of keys is
# generated from these, ``dictionary.keys_reference``). A key not listed is refused with a suggestion.
TOP_KEYS = {
    "ten": "tên loại văn bản, ví dụ «Kế hoạch giảm nghèo»",
    "bang": "các bảng văn bản đọc, mỗi bảng một tệp CSV trong `data/<năm>/`",
    "so_lieu": "các số liệu toàn xã, ghi ở mục `so_lieu:` của văn bản năm",
    "quan_he": "các quan hệ giữa số liệu được kiểm tra",
    "doc_bang": "bảng đọc từ loại văn bản khác, ví dụ `{ke-hoach: [don_vi]}`",
}
TABLE_KEYS = {
    "tep": "tên tệp CSV trong `data/<năm>/`; mặc định `<tên bảng>.csv`",
    "mo_ta": "mô tả bảng (từ điển số liệu)",
    "ten_dong": "mỗi dòng gọi là gì trong thông báo, ví dụ «đơn vị»",
    "cot_ten": "cột ghi tên mỗi dòng; mặc định cột đầu tiên",
    "cot": "các cột của bảng (các khóa ở bảng dưới)",
    "khong_vuot": "trên mỗi dòng, «phần <= tổng» giữa hai cột (I003)",
    "loai": "loại văn bản của bảng; mặc định loại đang khai báo",
}
COLUMN_KEYS = {
    "kieu": "`so` (số hộ, khẩu), `ty_le` (tỷ lệ %) hoặc `chu` (văn bản); mặc định `so`",
    "mo_ta": "mô tả cột (từ điển số liệu, thông báo lỗi)",
    "tieu_de": "tiêu đề cột khi in bảng; có thể dùng `${nam}`, `${nam_truoc}`",
    "cong_thuc": "tính từ các cột khác khi ô để trống; tỷ lệ có dạng «phần / tổng * 100»",
    "cong": "`true`: cộng ở dòng «Cộng»; với cột tỷ lệ: tên số liệu toàn xã mà dòng «Cộng» hiển thị",
    "tuy_chon": "`true`: bảng có thể không có cột này; mặc định `false`",
    "cho_dien": "`true`: ô trống là «chưa quyết định» (P001); năm mới để trống lại",
    "co_the_trong": "`true`: ô trống là «chưa biết» (P001); năm mới mang sang",
    "hien": "`false`: không in cột này; mặc định `true`",
    "rong": "độ rộng cột khi in, tính bằng mm (một số lớn hơn 0)",
    "mau": "tên ngắn mà bảng vẽ tay trong mẫu Word dùng",
    "nam_truoc": "bằng cột này của bảng năm trước (X002)",
    "nhan": "nhãn ngắn trong bảng so sánh (`invoke diff`)",
    "vuot_100": "`true`: tỷ lệ so với chỉ tiêu, có thể vượt 100 % hoặc âm; không có chỉ tiêu thì không có tỷ lệ",
    "lay": "bảng tổng hợp: mỗi dòng lấy số liệu này từ văn bản của xã, dạng `loại.số_liệu`, ví dụ `ke-hoach.ho_ngheo`",
    "doi_chieu": "mỗi dòng phải bằng cột này của dòng cùng tên ở bảng khác, dạng `bảng.cột`, ví dụ `don_vi.ho_ngheo` (X003)",
}
FIGURE_KEYS = {
    "kieu": "`so` (số hộ, khẩu), `ty_le` (tỷ lệ %) hoặc `chu` (văn bản); mặc định `so`",
    "mo_ta": "mô tả số liệu (từ điển số liệu, thông báo lỗi)",
    "cong_thuc": "tính từ các số liệu khác khi không ghi",
    "tong": "bằng tổng một cột, dạng `bảng.cột`: tính khi không ghi, kiểm tra khi ghi (T001)",
    "mac_dinh": "không ghi thì bằng số liệu này",
    "bat_buoc": "`true`: khóa phải có trong `so_lieu` (có thể để trống `~` để điền sau); mặc định `false`",
    "nam_truoc": "bằng số liệu này của văn bản năm trước (X001)",
    "vuot_100": "`true`: tỷ lệ có thể vượt 100 % hoặc âm (tỷ lệ đạt kế hoạch); mặc định `false`",
    "diem_phan_tram": "`true`: hiệu hai tỷ lệ, in «0,48 điểm phần trăm» trong câu văn; mặc định `false`",
}
RELATION_KEYS = {
    "dong_chay": "dòng chảy «cuối = đầu - ra + vào» (I002); mỗi mục có `cong_thuc` và `nhan`",
    "khong_vuot": "«phần <= tổng» giữa hai số liệu toàn xã (I003)",
    "khong_vuot_tong_so_ho": "các số liệu không được vượt tổng số hộ",
    "tong_bang": "«bảng.cột = số_liệu»: tổng một cột bằng một số liệu (T001)",
    "giao_du": "«chỉ tiêu được giao <= tổng chỉ tiêu giao các đơn vị»: giao đủ chỉ tiêu cấp trên giao (T002)",
}
FLOW_KEYS = {
    "cong_thuc": "«cuối = đầu - ra + vào»",
    "nhan": "những chữ đứng trước số trong thông báo",
}
SECTIONS = (  # the reference's sections: where the keys are written, and the keys
    ("Ở đầu tệp khai báo", TOP_KEYS),
    ("Mỗi bảng, dưới `bang: <tên bảng>:`", TABLE_KEYS),
    ("Mỗi cột, dưới `cot: <tên cột>:`", COLUMN_KEYS),
    ("Mỗi số liệu, dưới `so_lieu: <tên số liệu>:`", FIGURE_KEYS),
    ("Dưới `quan_he:`", RELATION_KEYS),
    ("Mỗi dòng chảy, dưới `dong_chay:`", FLOW_KEYS),
)


class _Reader:
    """Turns one declaration file's data into the dataclasses, collecting D010 findings."""

    def __init__(self, doc: YamlDocument):
        self.doc = doc
        self.findings: list[Finding] = []

    def fail(self, path: tuple[Any, ...], message: str) -> None:
        self.findings.append(error("D010", self.doc.place(path), message))

    def mapping(self, value: Any, path: tuple[Any, ...], allowed: Mapping[str, str] | None = None) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(path, "phải là một nhóm các khóa: giá trị.")
            return {}
        if allowed is not None:
            for key in value:
                if key not in allowed:
                    self.fail(
                        (*path, key),
                        f"khóa «{key}» không dùng được ở đây.{did_you_mean(str(key), allowed)}"
                        f" Các khóa được dùng: {', '.join(sorted(allowed))}.",
                    )
        return value

    def text(self, value: Any, path: tuple[Any, ...], default: str = "") -> str:
        if value is None:
            return default
        if isinstance(value, (dict, list)):
            self.fail(path, "phải là văn bản.")
            return default
        return str(value)

    def flag(self, value: Any, path: tuple[Any, ...], default: bool = False) -> bool:
        """A yes/no key: YAML's ``true`` or ``false`` only. ``no``, ``yes``, ``1`` are refused, not guessed
        (the loader reads YAML 1.2, where ``no`` is the text «no», which ``bool()`` would have taken as yes)."""
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.fail(path, f"phải là true (có) hoặc false (không), đang ghi «{value}».")
        return default

    def width(self, value: Any, path: tuple[Any, ...]) -> float | None:
        """``rong``: a column's width in mm, a positive number; anything else is refused, never dropped."""
        if value is None:
            return None
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) and 0 < value <= MAX_WIDTH_MM:
            return float(value)
        self.fail(path, f"độ rộng cột phải là một số mm lớn hơn 0 và không quá {MAX_WIDTH_MM}, ví dụ 30; đang ghi «{value}».")
        return None

    def name(self, value: Any, path: tuple[Any, ...]) -> str | None:
        """A key naming something (a column, a figure, a template's short name): lower-case ASCII words."""
        if value is None:
            return None
        if isinstance(value, str) and NAME.fullmatch(value):
            return value
        self.fail(path, f"«{value}» phải là một tên viết thường không dấu (chữ, số và «_»), ví dụ ho_ngheo.")
        return None

    def label(self, value: Any, path: tuple[Any, ...]) -> str | None:
        """A short text (``nhan``): optional."""
        return None if value is None else self.text(value, path) or None

    def total(self, value: Any, path: tuple[Any, ...]) -> str | None:
        """``cong``: true (summed in the "Cộng" row), false, or for a rate the town figure that row shows."""
        if value is None or value is False:
            return None
        if value is True:
            return ""
        return self.name(value, path)

    def value_type(self, value: Any, path: tuple[Any, ...]) -> str:
        if value not in VALUE_TYPES:
            self.fail(path, f"kiểu «{value}» không có; chỉ có: so (số hộ, khẩu), ty_le (tỷ lệ %), chu (văn bản).")
            return "chu"
        return str(value)

    def formula(self, value: Any, path: tuple[Any, ...]) -> Formula | None:
        if value is None:
            return None
        try:
            return parse(str(value))
        except FormulaError as exc:
            self.fail(path, f"{exc}.")
            return None

    def relation(self, value: Any, path: tuple[Any, ...], op: str) -> Relation | None:
        """``value`` read by the formula parser as ``left op right``; None (and no finding) when it is not one."""
        try:
            relation = parse_relation(value) if isinstance(value, str) else None
        except FormulaError:
            return None
        return relation if relation is not None and relation.op == op else None

    def bound(self, value: Any, path: tuple[Any, ...], form: str = "phần <= tổng") -> tuple[str, str] | None:
        relation = self.relation(value, path, "<=")
        part, whole = (relation.single(relation.left), relation.single(relation.right)) if relation else (None, None)
        if part is None or whole is None:
            self.fail(path, f"«{value}» phải có dạng «{form}».")
            return None
        return part, whole

    def gathered(self, value: Any, path: tuple[Any, ...]) -> tuple[str, str] | None:
        """``lay``: ``<kind>.<figure>``, a figure of another document kind (checked against that kind by the hook
        that gathers it: this module does not know the kinds)."""
        if value is None:
            return None
        if isinstance(value, str) and (found := GATHERED.fullmatch(value.strip())):
            return found[1], found[2]
        self.fail(path, f"«{value}» phải có dạng «loại.số_liệu», ví dụ ke-hoach.ho_ngheo.")
        return None

    def dotted(self, value: Any, path: tuple[Any, ...]) -> tuple[str, str] | None:
        """``bảng.cột``: a column of another table (checked in ``_cross_check`` once every table is known)."""
        if value is None:
            return None
        parts = value.strip().split(".") if isinstance(value, str) else []
        if len(parts) == 2 and all(NAME.fullmatch(p) for p in parts):
            return parts[0], parts[1]
        self.fail(path, f"«{value}» phải có dạng «bảng.cột», ví dụ don_vi.ho_ngheo.")
        return None

    def line(self, path: tuple[Any, ...]) -> int | None:
        return self.doc.place(path).line

    def table(self, name: str, raw: Any, kind: str) -> Table:
        path = ("bang", name)
        data = self.mapping(raw, path, TABLE_KEYS)
        columns: dict[str, Column] = {}
        for key, spec in self.mapping(data.get("cot"), (*path, "cot")).items():
            cpath = (*path, "cot", key)
            c = self.mapping(spec, cpath, COLUMN_KEYS)
            to_decide = self.flag(c.get("cho_dien"), (*cpath, "cho_dien"))
            not_known = self.flag(c.get("co_the_trong"), (*cpath, "co_the_trong"))
            columns[str(key)] = Column(
                key=str(key),
                value_type=self.value_type(c.get("kieu", "so"), (*cpath, "kieu")),
                description=self.text(c.get("mo_ta"), (*cpath, "mo_ta"), str(key)),
                heading=self.text(c.get("tieu_de"), (*cpath, "tieu_de"), self.text(c.get("mo_ta"), cpath, str(key))),
                formula=self.formula(c.get("cong_thuc"), (*cpath, "cong_thuc")),
                total=self.total(c.get("cong"), (*cpath, "cong")),
                optional=self.flag(c.get("tuy_chon"), (*cpath, "tuy_chon")),
                to_fill=to_decide or not_known,
                carried=not_known and not to_decide,
                shown=self.flag(c.get("hien"), (*cpath, "hien"), default=True),
                width_mm=self.width(c.get("rong"), (*cpath, "rong")),
                template_name=self.name(c.get("mau"), (*cpath, "mau")),
                last_year=self.name(c.get("nam_truoc"), (*cpath, "nam_truoc")),
                short=self.label(c.get("nhan"), (*cpath, "nhan")),
                line=self.line(cpath),
                unbounded=self.flag(c.get("vuot_100"), (*cpath, "vuot_100")),
                gathered=self.gathered(c.get("lay"), (*cpath, "lay")),
                compared=self.dotted(c.get("doi_chieu"), (*cpath, "doi_chieu")),
            )
        if not columns:
            self.fail(path, f"bảng «{name}» chưa khai báo cột nào (cot:).")
        name_column = self.text(data.get("cot_ten"), (*path, "cot_ten"), next(iter(columns), ""))
        if columns and name_column not in columns:
            self.fail((*path, "cot_ten"), f"cột tên dòng «{name_column}» không có trong các cột của bảng «{name}».")
        bounds = []
        for i, item in enumerate(data.get("khong_vuot") or []):
            if (b := self.bound(item, (*path, "khong_vuot", i))) is not None:
                bounds.append(b)
        return Table(
            name=name,
            file_name=self.text(data.get("tep"), (*path, "tep"), f"{name}.csv"),
            description=self.text(data.get("mo_ta"), (*path, "mo_ta"), name),
            row_noun=self.text(data.get("ten_dong"), (*path, "ten_dong"), "dòng"),
            name_column=name_column,
            columns=columns,
            bounds=tuple(bounds),
            source=self.doc.file,
            kind=self.text(data.get("loai"), (*path, "loai"), kind),
        )

    def figure(self, key: str, raw: Any) -> Figure:
        path = ("so_lieu", key)
        f = self.mapping(raw, path, FIGURE_KEYS)
        total = None
        if f.get("tong") is not None:
            try:
                named = parse(f["tong"]) if isinstance(f["tong"], str) else None
            except FormulaError:
                named = None
            dotted = named.names[0] if named is not None and named.names == (named.text,) else ""
            if "." not in dotted:
                self.fail((*path, "tong"), f"«{f['tong']}» phải có dạng «bảng.cột», ví dụ don_vi.ho_ngheo.")
            else:
                table_name, column_key = dotted.split(".")
                total = (table_name, column_key)
        return Figure(
            key=key,
            value_type=self.value_type(f.get("kieu", "so"), (*path, "kieu")),
            description=self.text(f.get("mo_ta"), (*path, "mo_ta"), key),
            formula=self.formula(f.get("cong_thuc"), (*path, "cong_thuc")),
            column_total=total,
            default=self.name(f.get("mac_dinh"), (*path, "mac_dinh")),
            required=self.flag(f.get("bat_buoc"), (*path, "bat_buoc")),
            last_year=self.name(f.get("nam_truoc"), (*path, "nam_truoc")),
            line=self.line(path),
            unbounded=self.flag(f.get("vuot_100"), (*path, "vuot_100")),
            points=self.flag(f.get("diem_phan_tram"), (*path, "diem_phan_tram")),
        )


def _read(doc: YamlDocument, kind: str) -> tuple[_Reader, dict[str, Any]]:
    reader = _Reader(doc)
    data = reader.mapping(doc.data, (), TOP_KEYS)
    return reader, data


def load_declaration(
    paths: list[tuple[Path, str]], kind: str, resolve: Callable[[str], Declaration] | None = None
) -> Declaration:
    """Read the kind's declaration and a commune's additions (``(path, display)`` each, the kind's first).

    Missing additions are fine; a missing kind declaration is F001 from the loader.
    ``doc_bang: {ke-hoach: [don_vi]}`` reads tables another kind declares; ``resolve``
    loads that kind's declaration.
    """
    sources: list[tuple[Path, str, str | InputError]] = []
    for index, (path, display) in enumerate(paths):
        if index > 0 and not reads.exists(path):
            continue
        try:
            sources.append((path, display, read_text(path, display)))  # recorded: the stamp's inputs
        except InputError as exc:
            sources.append((path, display, exc))
    read = tuple(sources)
    if any(isinstance(text, InputError) for _, _, text in read):
        declaration, foreign, findings, places = _own_declaration(read, kind)
    else:  # the same files give the same declaration: a batch's worker reads it once for many documents
        declaration, foreign, findings, places = _own_declaration_memo(read, kind)
    if findings:
        raise InputError(list(findings))
    for other, names in foreign.items():
        if resolve is None or other == kind:
            continue
        declaration = merge_foreign(declaration, resolve(other), names)
    # A pair compared with a table read from another kind is checked once that table is known.
    late = []
    for own in declaration.tables.values():
        for paired in own.columns.values():
            if paired.compared is None or paired.compared[0] not in declaration.foreign:
                continue
            read_table, read_column = paired.compared
            known = declaration.tables[read_table].columns
            if read_column not in known:
                reader, at = places[f"bang.{own.name}"]
                late.append(
                    error(
                        "D010",
                        reader.doc.place((*at, "cot", paired.key, "doi_chieu")),
                        f"bảng «{read_table}» không có cột «{read_column}».{did_you_mean(read_column, known)}",
                    )
                )
    if late:
        raise InputError(late)
    return declaration


# A kind's own declaration: itself, the tables it reads from other kinds, its problems, where its parts were read.
_Own = tuple["Declaration", dict[str, list[str]], tuple[Finding, ...], dict[str, tuple["_Reader", tuple[Any, ...]]]]


@functools.lru_cache(maxsize=16)
def _own_declaration_memo(sources: tuple[tuple[Path, str, str], ...], kind: str) -> _Own:
    return _own_declaration(sources, kind)


def _own_declaration(sources: tuple[tuple[Path, str, str | InputError], ...], kind: str) -> _Own:
    """The declaration the files (path, display, text or why it could not be read) make by themselves, the
    tables it reads from other kinds, its problems, and where each of its parts was read (for the checks
    made once the tables read from other kinds are known). Only reads its arguments: what it returns is shared
    by every document built from the same files, and nothing changes it (frozen dataclasses)."""
    foreign: dict[str, list[str]] = {}
    findings: list[Finding] = []
    tables: dict[str, Table] = {}
    figures: dict[str, Figure] = {}
    flows: list[Flow] = []
    bounds: list[tuple[str, str]] = []
    within: list[str] = []
    table_totals: list[tuple[str, str, str]] = []
    handed_out: list[tuple[str, str]] = []
    title = kind
    files, read_paths = [], []
    places: dict[str, tuple[_Reader, tuple[Any, ...]]] = {}
    for index, (path, display, text) in enumerate(sources):  # the kind's own file first, always there
        try:
            if isinstance(text, InputError):
                raise text
            doc = parse_yaml(text, display)
        except InputError as exc:
            findings += exc.findings
            continue
        files.append(display)
        read_paths.append(path)
        reader, data = _read(doc, kind)
        if index == 0:
            title = reader.text(data.get("ten"), ("ten",), kind)
        for other, names in reader.mapping(data.get("doc_bang"), ("doc_bang",)).items():
            foreign[str(other)] = [str(n) for n in (names or [])]
        for name, raw in reader.mapping(data.get("bang"), ("bang",)).items():
            if name in tables:
                reader.fail(("bang", name), f"bảng «{name}» đã được khai báo trong {tables[name].source}.")
                continue
            tables[str(name)] = reader.table(str(name), raw, kind)
            places[f"bang.{name}"] = (reader, ("bang", name))
        for key, raw in reader.mapping(data.get("so_lieu"), ("so_lieu",)).items():
            if key in figures:
                reader.fail(("so_lieu", key), f"số liệu «{key}» đã được khai báo; hãy dùng một tên khác.")
                continue
            figures[str(key)] = reader.figure(str(key), raw)
            places[f"so_lieu.{key}"] = (reader, ("so_lieu", key))
        relations = reader.mapping(data.get("quan_he"), ("quan_he",), RELATION_KEYS)
        for i, item in enumerate(relations.get("dong_chay") or []):
            fpath = ("quan_he", "dong_chay", i)
            spec = reader.mapping(item, fpath, FLOW_KEYS)
            text = str(spec.get("cong_thuc", ""))
            flow = reader.relation(text, (*fpath, "cong_thuc"), "=")
            end = flow.single(flow.left) if flow is not None else None
            if flow is None or end is None:
                reader.fail(fpath, f"dòng chảy «{text}» phải có dạng «cuối = đầu - ra + vào».")
                continue
            flows.append(Flow(end, flow.right, reader.text(spec.get("nhan"), (*fpath, "nhan"), f"{end} ghi")))
            places[f"flow.{len(flows) - 1}"] = (reader, fpath)
        for i, item in enumerate(relations.get("khong_vuot") or []):
            if (b := reader.bound(item, ("quan_he", "khong_vuot", i))) is not None:
                bounds.append(b)
                places[f"bound.{len(bounds) - 1}"] = (reader, ("quan_he", "khong_vuot", i))
        for i, item in enumerate(relations.get("giao_du") or []):
            if (
                b := reader.bound(item, ("quan_he", "giao_du", i), "chỉ tiêu được giao <= tổng chỉ tiêu giao các đơn vị")
            ) is not None:
                handed_out.append(b)
                places[f"handed_out.{len(handed_out) - 1}"] = (reader, ("quan_he", "giao_du", i))
        within += [str(k) for k in relations.get("khong_vuot_tong_so_ho") or []]
        for i, item in enumerate(relations.get("tong_bang") or []):
            total = reader.relation(item, ("quan_he", "tong_bang", i), "=")
            column, figure = (total.single(total.left), total.single(total.right)) if total else (None, None)
            if column is None or "." not in column or figure is None or "." in figure:
                reader.fail(
                    ("quan_he", "tong_bang", i),
                    f"«{item}» phải có dạng «bảng.cột = số_liệu», ví dụ nguyen_nhan.so_ho = ho_ngheo.",
                )
                continue
            table_name, column_key = column.split(".")
            table_totals.append((table_name, column_key, figure))
            places[f"table_total.{len(table_totals) - 1}"] = (reader, ("quan_he", "tong_bang", i))
        findings += reader.findings
        reader.findings = []
    declaration = Declaration(
        kind,
        tuple(files),
        tuple(read_paths),
        title,
        tables,
        figures,
        tuple(flows),
        tuple(bounds),
        tuple(within),
        tuple(table_totals),
        tuple(handed_out),
    )
    findings += _cross_check(declaration, places, foreign)
    return declaration, foreign, tuple(findings), places


def _cross_check(
    d: Declaration, places: dict[str, tuple[_Reader, tuple[Any, ...]]], foreign: dict[str, list[str]] | None = None
) -> list[Finding]:
    """Names that must exist, rates that must have a whole, formulas without cycles."""
    out: list[Finding] = []
    foreign = foreign or {}

    def fail(where: str, sub: tuple[Any, ...], message: str) -> None:
        if where in places:
            reader, path = places[where]
            out.append(error("D010", reader.doc.place((*path, *sub)), message))
        else:
            out.append(error("D010", _nowhere(d), message))

    figure_names = set(d.figures)
    for table in d.tables.values():
        where = f"bang.{table.name}"
        names = set(table.columns)
        for column in table.columns.values():
            if column.formula is not None:
                for used in column.formula.names:
                    if "." in used:
                        other = used.split(".")[0]
                        if other not in d.tables and not any(other in names_ for names_ in foreign.values()):
                            fail(
                                where,
                                ("cot", column.key, "cong_thuc"),
                                f"công thức của cột «{column.key}» dùng bảng «{other}» chưa được khai báo hay đọc (doc_bang).",
                            )
                        elif other in d.tables and used.split(".")[1] not in d.tables[other].columns:
                            fail(
                                where,
                                ("cot", column.key, "cong_thuc"),
                                f"bảng «{other}» không có cột «{used.split('.')[1]}».{did_you_mean(used.split('.')[1], d.tables[other].columns)}",
                            )
                        continue
                    if used not in names:
                        fail(
                            where,
                            ("cot", column.key, "cong_thuc"),
                            f"công thức của cột «{column.key}» dùng «{used}», không phải cột của bảng «{table.name}».{did_you_mean(used, names)}"
                            f" Các cột: {', '.join(table.columns)}.",
                        )
                if column.value_type == "ty_le" and column.formula.ratio() is None:
                    fail(
                        where,
                        ("cot", column.key, "cong_thuc"),
                        f"cột tỷ lệ «{column.key}» phải có công thức dạng «phần / tổng * 100» (tỷ lệ cần có tổng).",
                    )
            if column.compared is not None:
                other, other_column = column.compared
                if other == table.name or (other not in d.tables and not any(other in n for n in foreign.values())):
                    fail(
                        where,
                        ("cot", column.key, "doi_chieu"),
                        f"cột «{column.key}» đối chiếu với bảng «{other}», chưa được khai báo hay đọc (doc_bang).",
                    )
                elif other in d.tables and other_column not in d.tables[other].columns:
                    fail(
                        where,
                        ("cot", column.key, "doi_chieu"),
                        f"bảng «{other}» không có cột «{other_column}».{did_you_mean(other_column, d.tables[other].columns)}",
                    )
            if column.total and column.total not in figure_names:
                fail(
                    where,
                    ("cot", column.key, "cong"),
                    f"dòng «Cộng» của cột «{column.key}» hiển thị số liệu «{column.total}» chưa được khai báo.{did_you_mean(column.total, figure_names)}",
                )
        for part, whole in table.bounds:
            for used in (part, whole):
                if used not in names:
                    fail(where, ("khong_vuot",), f"«{used}» không phải cột của bảng «{table.name}».{did_you_mean(used, names)}")
        try:
            table.formula_order()
        except FormulaError as exc:
            first = (exc.names or ("",))[0]
            fail(where, ("cot", first, "cong_thuc"), f"bảng «{table.name}»: {exc}.")
    for figure in d.figures.values():
        where = f"so_lieu.{figure.key}"
        if figure.formula is not None:
            for used in figure.formula.names:
                if used not in figure_names:
                    fail(
                        where,
                        ("cong_thuc",),
                        f"công thức của «{figure.key}» dùng «{used}», chưa được khai báo.{did_you_mean(used, figure_names)}",
                    )
            if figure.value_type == "ty_le" and figure.formula.ratio() is None and figure.formula.terms() is None:
                fail(
                    where,
                    ("cong_thuc",),
                    f"tỷ lệ «{figure.key}» phải có công thức dạng «phần / tổng * 100» hoặc hiệu của hai tỷ lệ.",
                )
        if figure.column_total is not None:
            table_name, column_key = figure.column_total
            if any(table_name in names_ for names_ in foreign.values()) and table_name not in d.tables:
                pass  # read from another kind (doc_bang), checked with that kind's declaration
            elif table_name not in d.tables:
                fail(where, ("tong",), f"bảng «{table_name}» chưa được khai báo.{did_you_mean(table_name, d.tables)}")
            elif column_key not in d.tables[table_name].columns:
                fail(
                    where,
                    ("tong",),
                    f"bảng «{table_name}» không có cột «{column_key}».{did_you_mean(column_key, d.tables[table_name].columns)}",
                )
        if figure.default is not None and figure.default not in figure_names:
            fail(where, ("mac_dinh",), f"«{figure.default}» chưa được khai báo.")
    try:
        d.figure_order()
    except FormulaError as exc:
        fail(f"so_lieu.{(exc.names or ('',))[0]}", ("cong_thuc",), f"{exc}.")
    for table in d.tables.values():
        if table.name in RESERVED or table.name.startswith("cong_") or not NAME.fullmatch(table.name):
            fail(
                f"bang.{table.name}",
                (),
                f"tên bảng «{table.name}» không dùng được: hãy dùng chữ thường không dấu, số và «_», "
                f"khác các tên {', '.join(sorted(RESERVED))}.",
            )
        for key in table.columns:
            if not NAME.fullmatch(key):
                fail(
                    f"bang.{table.name}",
                    ("cot", key),
                    f"tên cột «{key}» không dùng được: hãy dùng chữ thường không dấu, số và «_».",
                )
    for key in d.figures:
        if not NAME.fullmatch(key) or key in ("nam", "nam_truoc"):
            fail(
                f"so_lieu.{key}",
                (),
                f"tên số liệu «{key}» không dùng được: hãy dùng chữ thường không dấu, số và «_», khác nam, nam_truoc.",
            )
    for i, flow in enumerate(d.flows):
        for used in (flow.end, *flow.formula.names):
            if used not in figure_names:
                fail(
                    f"flow.{i}", ("cong_thuc",), f"dòng chảy dùng «{used}», chưa được khai báo.{did_you_mean(used, figure_names)}"
                )
    for i, (table_name, column_key, figure_key) in enumerate(d.table_totals):
        where = f"table_total.{i}"
        if table_name not in d.tables:
            fail(where, (), f"bảng «{table_name}» chưa được khai báo.{did_you_mean(table_name, d.tables)}")
        elif column_key not in d.tables[table_name].columns:
            fail(
                where,
                (),
                f"bảng «{table_name}» không có cột «{column_key}».{did_you_mean(column_key, d.tables[table_name].columns)}",
            )
        if figure_key not in figure_names:
            fail(where, (), f"«{figure_key}» chưa được khai báo.{did_you_mean(figure_key, figure_names)}")
    for where, pairs in (("bound", d.bounds), ("handed_out", d.handed_out)):
        for i, (part, whole) in enumerate(pairs):
            for used in (part, whole):
                if used not in figure_names:
                    fail(f"{where}.{i}", (), f"«{used}» chưa được khai báo.{did_you_mean(used, figure_names)}")
    return out


def _nowhere(d: Declaration) -> Place:  # a finding's place when the path is unknown: the kind's file
    return Place(d.where)


def merge_foreign(own: Declaration, other: Declaration, tables: Iterable[str]) -> Declaration:
    """``own`` reading some tables of ``other`` kind too (the report reads the plan's ``don_vi``).

    The tables are appended after the kind's own, so the kind's first table stays its main one.
    """
    added = {name: other.tables[name] for name in tables if name in other.tables and name not in own.tables}
    return replace(
        own,
        files=own.files + other.files,
        paths=own.paths + other.paths,
        tables={**own.tables, **added},
        foreign={**own.foreign, **{n: other.kind for n in added}},
    )
