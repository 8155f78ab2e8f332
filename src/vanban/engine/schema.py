"""The fixed shape of a plan's context: document, citations, narrative, recipients, signature.

Users write Vietnamese keys (``ky_hieu``) in ``plans/<year>.yaml``; the code
reads English attributes (``symbol``). Each model below is a frozen dataclass
whose fields declare that pair with ``key(...)``: the Vietnamese key in the
file, the converter that types its value, and a short description. This is the
one place where the fixed parts' Vietnamese keys meet English names.

The town figures (``so_lieu``) and the tables' columns are not models: the
kind's declaration (``templates/<kind>.yaml``, read by ``engine/declaration.py``)
lists them with their Vietnamese description, which is the data dictionary. In
the code they keep their Vietnamese keys; the one place where Vietnamese keys
meet English names is ``engine/declaration.py`` (for the declaration's own keys)
and the models below (for the fixed parts of a plan: van_ban, can_cu, ky, noi_nhan).

Validation is declared, not a library: ``shape(Plan, data)`` walks the models
and collects every problem of a file (kind, path, value) in one pass, so each
becomes a Vietnamese finding naming file, line, column and field (validate.py).
pydantic did this before; it cost more start-up than the build's rendering
(docs/dev/decisions.md, record 1), and msgspec stops at the first problem with an English
message, so neither gives the messages users need at the price we want.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from vanban.engine import reform
from vanban.engine.numbers import Rate, decimals_of, parse_decimal, whole_number

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the input: its kind, where, what was written, and for ``value_error`` the reason.

    Kinds keep the names validate.py's messages are keyed by: missing, extra_forbidden,
    int_type, int_parsing, int_from_float, greater_than_equal, less_than_equal, string_type,
    string_too_short, string_pattern_mismatch, list_type, too_short, dict_type, model_type,
    date_type, date_parsing, value_error.
    """

    kind: str
    loc: Loc
    input: Any
    reason: str = ""


class Invalid(Exception):
    """Raised by a leaf converter: the value is not of its kind."""

    def __init__(self, kind: str, reason: str = "") -> None:
        super().__init__(kind)
        self.kind, self.reason = kind, reason


INVALID: Any = object()  # what a converter returns when it has recorded problems
Converter = Callable[[Any, Loc, list[Problem]], Any]


def leaf(check: Callable[[Any], Any]) -> Converter:
    """A converter from a check of one value that raises Invalid (or ValueError with the reason)."""

    def convert(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        try:
            return check(value)
        except Invalid as exc:
            problems.append(Problem(exc.kind, loc, value, exc.reason))
        except ValueError as exc:
            problems.append(Problem("value_error", loc, value, str(exc)))
        return INVALID

    return convert


def optional(convert: Converter) -> Converter:
    return lambda value, loc, problems: None if value is None else convert(value, loc, problems)


def text(min_length: int = 1, pattern: str | None = None) -> Converter:
    """A string (never a number typed where text is expected: «010» stays a finding)."""
    compiled = re.compile(pattern) if pattern else None

    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise Invalid("string_type")
        if len(value) < min_length:
            raise Invalid("string_too_short")
        if compiled is not None and not compiled.fullmatch(value):
            raise Invalid("string_pattern_mismatch")
        return str(value)

    return leaf(check)


def integer(ge: int | None = None, le: int | None = None) -> Converter:
    """A whole number: an int, digits as text, or a decimal without fraction; never true/false."""

    def check(value: Any) -> int:
        if isinstance(value, bool):
            raise Invalid("int_type")
        if isinstance(value, str):
            if (whole := whole_number(value)) is None:
                raise Invalid("int_parsing")
            number = whole
        elif isinstance(value, Decimal):
            if not value.is_finite() or value != value.to_integral_value():
                raise Invalid("int_from_float")
            number = int(value)
        elif isinstance(value, int):
            number = int(value)  # a plain int: the loader's TypedInt (typed text kept for messages) stops here
        else:
            raise Invalid("int_type")
        if ge is not None and number < ge:
            raise Invalid("greater_than_equal")
        if le is not None and number > le:
            raise Invalid("less_than_equal")
        return number

    return leaf(check)


def _date(value: Any) -> dt.date:
    """A calendar date: a YAML date, or its text (2024-01-04); never a number read as a timestamp."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise Invalid("date_parsing")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, (str, int, Decimal)) and not isinstance(value, bool):
        raise Invalid("date_parsing")
    raise Invalid("date_type")


date = leaf(_date)


def anything(value: Any, loc: Loc, problems: list[Problem]) -> Any:
    return value


@dataclasses.dataclass(frozen=True)
class Nested:
    """A converter of a list, a mapping or a model, which says what it holds (for "did you mean")."""

    convert: Converter
    item: Converter | None = None  # a list's or a mapping's values
    model: type | None = None  # a model's class

    def __call__(self, value: Any, loc: Loc, problems: list[Problem]) -> Any:
        return self.convert(value, loc, problems)


def list_of(item: Converter, min_length: int = 0) -> Converter:
    def convert(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        if not isinstance(value, list):
            problems.append(Problem("list_type", loc, value))
            return INVALID
        if len(value) < min_length:
            problems.append(Problem("too_short", loc, value))
            return INVALID
        out = [item(v, (*loc, i), problems) for i, v in enumerate(value)]
        return INVALID if any(v is INVALID for v in out) else out

    return Nested(convert, item=item)  # the item, for the keys allowed below it (did you mean)


def dict_of(value_converter: Converter, key_pattern: str | None = None) -> Converter:
    compiled = re.compile(key_pattern) if key_pattern else None

    def convert(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        if not isinstance(value, dict):
            problems.append(Problem("dict_type", loc, value))
            return INVALID
        before = len(problems)
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(Problem("string_type", (*loc, key, "[key]"), key))
            elif compiled is not None and not compiled.fullmatch(key):
                problems.append(Problem("string_pattern_mismatch", (*loc, key, "[key]"), key))
            out[key] = value_converter(item, (*loc, key), problems)
        return INVALID if len(problems) > before else out

    return Nested(convert, item=value_converter)


# The Vietnamese message of each kind of problem (Problem.kind): the one table for every model typed here
# (the plan's fixed parts, the summary's YAML).
MESSAGES = {
    "missing": "thiếu trường bắt buộc",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên, không có phần thập phân",
    "greater_than_equal": "không được là số âm",
    "less_than_equal": "vượt quá giá trị cho phép",
    "string_type": "phải là văn bản",
    "string_too_short": "không được để trống",
    "string_pattern_mismatch": "không đúng dạng quy định",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
    "too_short": "không được để trống",
    "dict_type": "phải là một nhóm các khóa: giá trị",
    "model_type": "phải là một nhóm các khóa: giá trị",
    "date_type": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2024-01-04",
    "date_parsing": "phải là ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2024-01-04",
}


def problem_message(problem: Problem, template: str) -> str:
    """``problem`` in Vietnamese, with what was written; ``template`` names what a key is missing from."""
    kind = problem.kind
    if kind == "extra_forbidden":
        return f"khóa «{problem.loc[-1]}» không có trong {template}."
    if kind == "value_error":
        return problem.reason
    if problem.input is None:
        return "không được để trống"
    text = MESSAGES[kind]
    if kind != "missing" and not isinstance(problem.input, (dict, list)):
        text += f" (đang ghi «{problem.input}»)"
    return text


# ---------------------------------------------------------------- models


def keyed(name: str, convert: Converter, description: str = "", **default: Any) -> Any:
    """A model field: its Vietnamese key in the file, its converter, its description, and a default if optional."""
    return dataclasses.field(metadata={"key": name, "convert": convert, "description": description}, **default)


@functools.cache
def _fields(cls: type) -> tuple[dataclasses.Field, ...]:
    return dataclasses.fields(cls)


def keys_of(cls: type) -> dict[str, str]:
    """English attribute -> Vietnamese key of a model, in declaration order."""
    return {f.name: f.metadata["key"] for f in _fields(cls)}


def model(cls: type) -> Converter:
    """A converter into ``cls``: a mapping with exactly its keys (unknown keys are problems, never ignored)."""

    def convert(value: Any, loc: Loc, problems: list[Problem]) -> Any:
        return shape(cls, value, loc, problems)

    return Nested(convert, model=cls)


def shape(cls: type, data: Any, loc: Loc = (), problems: list[Problem] | None = None) -> Any:
    """``data`` typed as the model ``cls``, or INVALID with every problem found appended to ``problems``."""
    problems = [] if problems is None else problems
    if not isinstance(data, dict):
        problems.append(Problem("model_type", loc, data))
        return INVALID
    before = len(problems)
    values: dict[str, Any] = {}
    for f in _fields(cls):
        name = f.metadata["key"]
        if name in data:
            values[f.name] = f.metadata["convert"](data[name], (*loc, name), problems)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            problems.append(Problem("missing", (*loc, name), data))
    known = {f.metadata["key"] for f in _fields(cls)}
    for name, value in data.items():
        if name not in known:
            problems.append(Problem("extra_forbidden", (*loc, name), value))
    return INVALID if len(problems) > before else cls(**values)


def allowed_keys(cls: type, loc: Loc) -> list[str]:
    """Keys allowed at the mapping that holds ``loc[-1]``, for "did you mean"."""
    convert: Converter = model(cls)
    for part in loc[:-1]:
        if not isinstance(convert, Nested):
            return []
        if convert.model is not None:
            fields = {f.metadata["key"]: f for f in _fields(convert.model)}
            if part not in fields:
                return []
            convert = fields[part].metadata["convert"]
        elif convert.item is not None:
            convert = convert.item
    if isinstance(convert, Nested) and convert.model is not None:
        return list(keys_of(convert.model).values())
    return []


def description_of(cls: type, loc: Loc) -> str:
    """The description of the field at ``loc`` ("Họ và tên người ký" for ky.ho_ten), or ""."""
    convert: Converter = model(cls)
    for part in loc:
        if not isinstance(convert, Nested):
            return ""
        if convert.model is not None:
            fields = {f.metadata["key"]: f for f in _fields(convert.model)}
            if part not in fields:
                return ""
            found = fields[part]
            convert = found.metadata["convert"]
            if part == loc[-1]:
                return str(found.metadata.get("description", ""))
        elif convert.item is not None:
            convert = convert.item
    return ""


# ---------------------------------------------------------------- value types


def _to_rate(value: Any, unbounded: bool = False) -> Rate | None:
    """A percentage as written; within 0–100 % unless ``unbounded`` (a percentage of a target, "đạt 107,69 %")."""
    if value is None or value == "":
        return None
    if isinstance(value, Rate):
        return value
    if isinstance(value, bool):
        raise ValueError("phải là một tỷ lệ phần trăm, ví dụ 1,21")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, Decimal):
        number = value
    elif isinstance(value, str):
        text = value.strip().removesuffix("%").strip().replace("\u2212", "-")
        try:
            number = parse_decimal(text, decimal_comma="," in text)
        except ValueError:
            raise ValueError(f"«{value}» không phải là tỷ lệ phần trăm, ví dụ 1,21") from None
    else:
        raise ValueError("phải là một tỷ lệ phần trăm, ví dụ 1,21")
    if number.is_signed():  # -0 too: a rate typed with a minus sign is never silently made positive
        raise ValueError(f"tỷ lệ không được âm (đang ghi «{value}»)")
    if not unbounded and number > 100:
        raise ValueError(f"tỷ lệ {value} % nằm ngoài khoảng 0–100 %")
    return Rate(number, decimals_of(number))


stated_count = optional(integer(ge=0))  # a total the summary states, or left empty
StatedRate = leaf(_to_rate)
Text = text()


@dataclass(frozen=True)
class IssueDate:
    """Date of issue; the day may be left for the clerk to write by hand."""

    year: int
    month: int
    day: int | None

    @property
    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)


def _to_issue_date(value: Any) -> IssueDate:
    if isinstance(value, IssueDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return IssueDate(value.year, value.month, value.day)
    if isinstance(value, str) and (match := re.fullmatch(r"(\d{4})-(\d{1,2})", value.strip())):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return IssueDate(year, month, None)
    raise ValueError("phải là ngày dạng NĂM-THÁNG-NGÀY (2024-01-04), hoặc NĂM-THÁNG (2024-01) nếu để trống ngày")


def _to_doc_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueError("số văn bản phải là số nguyên dương hoặc để trống")
    typed = whole_number(value) if isinstance(value, str) and value.strip()[:1].isdigit() else None  # digits only
    if isinstance(value, int) or typed is not None:
        number = int(value) if typed is None else typed
        if number <= 0:
            raise ValueError("số văn bản phải là số nguyên dương hoặc để trống")
        return f"{number:02d}"  # Decree 30, II.3.c: numbers below 10 get a leading 0
    if isinstance(value, str) and not value.strip():
        return ""
    raise ValueError("số văn bản phải là số nguyên dương hoặc để trống")


DocDate = leaf(_to_issue_date)
DocNumber = leaf(_to_doc_number)
SYMBOL = r"[A-ZĐ]+(-[A-ZĐ]+)*"  # ký hiệu: KH-UBND
CITATION_KEY = r"[a-z][a-z0-9_]*"  # used in the prose as ${qd_huyen}


# ---------------------------------------------------------------- plan context (YAML)


@dataclass(frozen=True, kw_only=True)
class DocumentInfo:
    parent_agency: list[str] = keyed(
        "co_quan_chu_quan", list_of(Text), "Tên cơ quan chủ quản (nếu có), mỗi dòng một mục", default_factory=list
    )
    agency: list[str] = keyed("co_quan_ban_hanh", list_of(Text, min_length=1), "Tên cơ quan ban hành, mỗi dòng một mục")
    agency_name: str = keyed("ten_co_quan", Text, "Tên cơ quan viết liền, dùng làm tác giả tệp")
    number: str = keyed("so", DocNumber, "Số văn bản; để trống cho văn thư điền", default="")
    symbol: str = keyed("ky_hieu", text(pattern=SYMBOL), "Ký hiệu, ví dụ KH-UBND")
    place: str = keyed("dia_danh", Text, "Địa danh")
    date: IssueDate | None = keyed("ngay", optional(DocDate), "Ngày ban hành; để trống (~) khi chưa định")
    doc_type: str = keyed("ten_loai", Text, "Tên loại văn bản, ví dụ KẾ HOẠCH")
    summary: str = keyed("trich_yeu", Text, "Trích yếu nội dung")


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A document cited in the prose: written once, so it cannot say two different years."""

    kind: str = keyed("loai", Text, "Tên loại: Quyết định, Nghị quyết, …")
    number: str | None = keyed("so", optional(Text), "Số, ký hiệu: 04/QĐ-UBND")
    date: dt.date | None = keyed("ngay", optional(date), "Ngày ban hành")
    issuer: str = keyed("co_quan", Text, "Cơ quan ban hành")
    subject: str = keyed("trich_yeu", Text, "Trích yếu: về việc …")


@dataclass(frozen=True, kw_only=True)
class Signature:
    authority: str = keyed("quyen_han", text(min_length=0), "TM., KT., … và tên tập thể", default="")
    position: str = keyed("chuc_vu", Text, "Chức vụ người ký")
    name: str = keyed("ho_ten", Text, "Họ và tên người ký")


@dataclass(frozen=True, kw_only=True)
class Recipients:
    to: list[str] = keyed("gui", list_of(Text, min_length=1), "Nơi nhận, mỗi mục một dòng")
    archive: list[str] = keyed("luu", list_of(Text, min_length=1), "Lưu: VT và đơn vị soạn thảo")


BLOCK_KINDS = {"muc": "section", "khoan": "clause", "diem": "point", "bang": "table", "bieu_do": "chart"}


@dataclass(frozen=True)
class Block:
    """One element of the narrative: a body paragraph or a heading, or the unit table."""

    kind: str  # paragraph | section | clause | point | table | chart (a picture a kind draws, e.g. the report's)
    text: str


def _to_standard(value: Any) -> str:
    if not isinstance(value, str) or reform.standard_by_code(value) is None:
        known = ", ".join(s.code for s in reform.STANDARDS)
        raise ValueError(f"chuẩn nghèo «{value}» không có; chỉ có: {known} (để trống: theo năm)")
    found = reform.standard_by_code(value)
    assert found is not None
    return found.code


def _to_flag(value: Any) -> bool:
    """A yes/no key: YAML's ``true`` or ``false`` only (``no``, ``1`` are refused, never guessed)."""
    if not isinstance(value, bool):
        raise ValueError(f"phải là true (có) hoặc false (không), đang ghi «{value}»")
    return value


def example_flag() -> Any:
    """``vi_du: true``: a shipped example (figures invented or reconstructed, or a document of before the 2025
    reform), printed with a boxed «VÍ DỤ» under the date so no one takes it for a real one. Every kind's context
    may say so (the plan, the report, the province summary)."""
    return keyed("vi_du", leaf(_to_flag), "Văn bản ví dụ: in dấu «VÍ DỤ» dưới ngày tháng", default=False)


def _to_block(value: Any) -> Block:
    if isinstance(value, Block):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("đoạn văn trống")
        return Block("paragraph", value.strip())
    if isinstance(value, dict) and len(value) == 1:
        ((kind, content),) = value.items()
        if kind in BLOCK_KINDS and isinstance(content, str) and content.strip():
            return Block(BLOCK_KINDS[kind], content.strip())
    raise ValueError(
        "mỗi mục của noi_dung là một đoạn văn, hoặc một tiêu đề dạng «muc: …», «khoan: …», «diem: …», hoặc «bang: don_vi»"
    )


@dataclass(frozen=True, kw_only=True)
class Plan:
    year: int = keyed("nam", integer(ge=2000, le=2100), "Năm kế hoạch")
    document: DocumentInfo = keyed("van_ban", model(DocumentInfo))
    citations: dict[str, Citation] = keyed(
        "can_cu", dict_of(model(Citation), key_pattern=CITATION_KEY), "Văn bản được viện dẫn", default_factory=dict
    )
    # Town figures: checked against the kind's declaration (engine/declaration.py), not a model.
    figures: dict[str, Any] = keyed("so_lieu", dict_of(anything), "Số liệu toàn xã, theo khai báo của loại văn bản")
    body: list[Block] = keyed("noi_dung", list_of(leaf(_to_block), min_length=1), "Nội dung: đoạn văn và tiêu đề")
    recipients: Recipients = keyed("noi_nhan", model(Recipients))
    signature: Signature = keyed("ky", model(Signature))
    # The poverty standard the year's households are counted under; left out: the standard of the year
    # (engine/reform.py). Written when a province applies another, so the documents and the checks say so.
    standard: str = keyed("chuan_ngheo", leaf(_to_standard), "Chuẩn nghèo của số liệu năm này, ví dụ 07/2021/NĐ-CP", default="")

    # An example shipped with the tool (figures invented or reconstructed, or a document of before the 2025
    # reform): the document is marked «VÍ DỤ», so no one takes it for a real one. ``new-year`` drops it.
    example: bool = example_flag()

    @property
    def poverty_standard(self) -> reform.PovertyStandard | None:
        return reform.standard_by_code(self.standard) if self.standard else reform.poverty_standard(self.year)


def to_count(value: Any) -> int:
    """A count as typed in YAML or a CSV cell; ValueError with the Vietnamese reason."""
    if isinstance(value, bool):
        raise ValueError("phải là một số nguyên không âm, không phải có/không")
    if isinstance(value, str):
        if (whole := whole_number(value)) is None:
            raise ValueError(f"phải là số nguyên (đang ghi «{value}»)")
        value = whole
    if isinstance(value, Decimal):
        if value != value.to_integral_value():
            raise ValueError(f"phải là số nguyên, không có phần thập phân (đang ghi «{value}»)")
        value = int(value)
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"phải là số nguyên, không có phần thập phân (đang ghi «{value}»)")
        value = int(value)
    if not isinstance(value, int):
        raise ValueError("phải là số nguyên")
    if value < 0:
        raise ValueError("không được là số âm")
    return int(value)  # a plain int: the loader's TypedInt (typed text kept for messages) stops here


def to_rate(value: Any, unbounded: bool = False) -> Rate | None:
    return _to_rate(value, unbounded)
