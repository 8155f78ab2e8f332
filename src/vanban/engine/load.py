"""Step 1, load: read the plan's YAML context and CSV tables from disk.

Loading keeps what validation needs to point at the user's file: the line and
column of every YAML value and of every CSV row. It never guesses silently:
a duplicate YAML key, a tag that would construct Python objects or bytes that
are not UTF-8 become findings, and an unreadable file raises ``InputError``.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vanban.engine import limits, reads
from vanban.engine.findings import Finding, InputError, Place, error

YamlPath = tuple[str | int, ...]

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:float",
}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


@dataclass
class YamlDocument:
    """A YAML file as plain data plus the (line, column) of every value path."""

    file: str
    data: Any
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def place(self, path: YamlPath, field_name: str | None = None) -> Place:
        """The place of ``path``, or of its nearest parent that exists in the file."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.positions:
                line, column = self.positions[path[:end]]
                return Place(self.file, line, column, field_name or _dotted(path))
        return Place(self.file, field=field_name or _dotted(path))


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]
    cells: list[str] = field(default_factory=list)  # as split, extra cells included


@dataclass
class CsvTable:
    file: str
    header: list[str]
    header_line: int
    rows: list[CsvRow]
    decimal_comma: bool  # saved by Excel in a Vietnamese locale: "2,91" and "2.881"

    @functools.cached_property
    def column_kinds(self) -> tuple[list[set[bool]], list[bool]]:
        """Per column, over the rows that fit the header: is a cell a number (True), text (False), or both;
        and does any hold a decimal number. Explains rows that do not fit (``decimal_comma_hint``)."""
        width = len(self.header)
        kinds: list[set[bool]] = [set() for _ in range(width)]
        decimals = [False] * width
        for row in self.rows:
            if len(row.cells) == width:
                for column, cell in enumerate(row.cells):
                    if cell:
                        number = bool(_NUMERIC.fullmatch(cell))
                        kinds[column].add(number)
                        decimals[column] |= number and "." in cell
        return kinds, decimals


def _dotted(path: YamlPath) -> str:
    """A field as findings name it: keys joined by dots, a list item by its number from 1 (``noi_dung[12]``,
    ``noi_nhan.gui[2]``), as an officer counts the paragraphs."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def normalize_text(text: str) -> str:
    """Vietnamese text in one form (NFC), whatever keyboard or editor typed it."""
    return unicodedata.normalize("NFC", text)


# Characters that legacy Vietnamese encodings produce when their bytes are read as
# Latin-1/Windows-1252 and saved as Unicode: TCVN3/ABC ("Thị trấn" -> "ThÞ trÊn",
# "đ" -> "®") and VNI ("Việt" -> "Vieät", "đ" -> "ñ"). None is a letter of Vietnamese,
# so one of them touching a letter means the text was typed in a legacy font.
_LEGACY_CHARS = "µ¸¶·¹¨¼½¾ÆÇËÎÏÑÖØÛÜÞß®¦§©ª¬¤¥¢¡øöäåæçëïñûü"  # not « », used as quotes
_LEGACY = re.compile(f"[A-Za-z][{_LEGACY_CHARS}]|[{_LEGACY_CHARS}][A-Za-z]")
_ANY_LEGACY = re.compile(f"[{_LEGACY_CHARS}]")


def legacy_encoding_at(text: str) -> tuple[int, int] | None:
    """(line, column) of the first trace of TCVN3/VNI text, or None."""
    first = _ANY_LEGACY.search(text)  # a single class first: most texts have none of these characters
    match = None if first is None else _LEGACY.search(text, max(first.start() - 1, 0))
    if match is None:
        return None
    start = match.start()
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 file (with or without BOM) as NFC text, or raise a clear InputError."""
    try:
        if path.stat().st_size > limits.TEXT_FILE_BYTES.value:  # refused before it is read
            raise limits.refuse(limits.TEXT_FILE_BYTES, Place(display), path.stat().st_size)
        raw = reads.read_bytes(path)  # recorded: the stamp's inputs are what the build read
    except FileNotFoundError:
        raise InputError([error("F001", Place(display), "không tìm thấy tệp.")]) from None
    except OSError as exc:
        raise InputError([error("F002", Place(display), f"không đọc được tệp ({exc.strerror}).")]) from None
    if raw.startswith(b"PK\x03\x04"):  # a zip: an Excel workbook (or a Word file) under a text file's name
        raise InputError(
            [
                error(
                    "F005",
                    Place(display, 1),
                    "tệp này là bảng tính Excel (.xlsx) hoặc tệp Office khác được đổi tên, không phải tệp văn bản; "
                    "hãy giữ bảng tính dưới tên so-lieu.xlsx (mỗi bảng một trang, tên trang là tên bảng) "
                    "hoặc trong Excel chọn File → Save As → «CSV UTF-8».",
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [
                error(
                    "F003",
                    Place(display, line, column),
                    "tệp không phải mã UTF-8 (có thể được lưu bằng Windows-1258 hoặc bảng mã cũ); "
                    "hãy lưu lại với bảng mã UTF-8, ví dụ trong Excel chọn «CSV UTF-8».",
                )
            ]
        ) from None
    text = normalize_text(text)
    if (where := legacy_encoding_at(text)) is not None:
        raise InputError(
            [
                error(
                    "F004",
                    Place(display, *where),
                    "văn bản có vẻ được gõ bằng bảng mã cũ (TCVN3/ABC hoặc VNI), không phải Unicode; "
                    "hãy chuyển mã sang Unicode (ví dụ Unikey: Công cụ chuyển mã, hoặc gõ lại với phông Times New Roman).",
                )
            ]
        )
    return text


# ---------------------------------------------------------------- YAML


# Plans read with the meaning YAML 1.2's core schema gives, not PyYAML's YAML 1.1:
# ``010`` is ten (1.1: eight), ``yes``/``no``/``on``/``off`` are text (1.1: booleans).
# Dates stay dates (a YAML 1.1 type, but one a plan's ``ngay`` needs and that
# cannot be misread), and ``<<`` stays a merge key so that it is refused (Y002).
# Anchored at both ends: PyYAML's resolver only calls ``match``.
_NULL_12 = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL_12 = re.compile(r"(?:true|True|TRUE|false|False|FALSE)\Z")
_INT_12 = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT_12 = re.compile(
    r"(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\Z"
)
# YAML 1.2 core reads these as numbers in bases other than ten: refused, never guessed.
_OTHER_BASE_12 = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_TAG = "tag:yaml.org,2002:"
_CORE_12 = [
    (_TAG + "bool", _BOOL_12, "tTfF"),
    (_TAG + "int", _INT_12, "-+0123456789"),
    (_TAG + "float", _FLOAT_12, "-+.0123456789"),
    (_TAG + "null", _NULL_12, ["~", "n", "N", ""]),
    (_TAG + "merge", re.compile(r"<<"), "<"),
    (_TAG + "timestamp", yaml.constructor.SafeConstructor.timestamp_regexp, "0123456789"),
]


def _core_12(loader: type) -> type:
    """``loader`` with YAML 1.2 core's implicit types instead of YAML 1.1's."""
    subclass = type(f"Core12{loader.__name__}", (loader,), {"yaml_implicit_resolvers": {}})
    for tag, pattern, first in _CORE_12:
        yaml.add_implicit_resolver(tag, pattern, list(first), Loader=subclass)
    return subclass


_FAST_LOADER = _core_12(yaml.CSafeLoader) if hasattr(yaml, "CSafeLoader") else None
_LOADER = _core_12(yaml.SafeLoader)


class _LimitReached(Exception):
    def __init__(self, limit: limits.Limit, mark: yaml.Mark | None, found: int | None = None) -> None:
        super().__init__(limit.what)
        self.limit, self.mark, self.found = limit, mark, found


class _LimitedLoader(_LOADER):  # type: ignore[misc,valid-type]
    """PyYAML's composer, counting nesting depth and alias uses as it composes (its recursion would
    otherwise end in RecursionError at a few hundred levels)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > limits.YAML_ALIASES.value:
                raise _LimitReached(limits.YAML_ALIASES, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > limits.YAML_DEPTH.value:
                raise _LimitReached(limits.YAML_DEPTH, self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _compose(text: str) -> Node | None:
    """The YAML node tree: libyaml's parser where PyYAML has it, PyYAML's own otherwise.

    libyaml is twenty times faster (PyYAML's pure-Python scanner was most of the
    time of a check) and gives the same nodes and positions. A text it refuses is
    parsed again by PyYAML, so syntax errors read the same on every install.
    Only the node tree is built (no constructor): nothing is kept between loads.
    Either way the tree has one node per node written (an alias is the node it names, so a
    cycle or a bomb is small here); ``_to_python`` counts what it expands (``_Budget``).
    """
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_LimitedLoader)


class _Budget:
    """What ``_to_python`` has expanded so far: nodes, and nodes met again through an alias."""

    def __init__(self) -> None:
        self.nodes = 0
        self.seen: set[int] = set()
        self.aliases = 0

    def spend(self, node: Node, depth: int) -> None:
        self.nodes += 1
        if self.nodes > limits.YAML_NODES.value:
            raise _LimitReached(limits.YAML_NODES, node.start_mark)
        if depth > limits.YAML_DEPTH.value:  # also a cycle (``&a [*a]``), which never ends
            raise _LimitReached(limits.YAML_DEPTH, node.start_mark)
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > limits.YAML_ALIASES.value:
                raise _LimitReached(limits.YAML_ALIASES, node.start_mark)
        else:
            self.seen.add(id(node))


def _yaml_11_number(value: str) -> bool:
    """True when YAML 1.1 (PyYAML's default) would read this plain scalar as an int or a float."""
    for tag, pattern in yaml.resolver.Resolver.yaml_implicit_resolvers.get(value[:1], []):
        if tag in (_TAG + "int", _TAG + "float") and pattern.match(value):
            return True
    return False


def _limit_place(display: str, exc: _LimitReached) -> Place:
    mark = exc.mark
    return Place(display, mark.line + 1, mark.column + 1) if mark is not None else Place(display)


def load_yaml(path: Path, display: str) -> YamlDocument:
    return parse_yaml(read_text(path, display), display)


def parse_yaml(text: str, display: str) -> YamlDocument:
    """The YAML ``text`` of the file shown as ``display``, or a clear InputError."""
    try:
        root = _compose(text)
    except _LimitReached as exc:
        raise limits.refuse(exc.limit, _limit_place(display, exc), exc.found) from None
    except RecursionError:  # a parser without our counters (cannot happen with ours; never a traceback)
        raise limits.refuse(limits.YAML_DEPTH, Place(display)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InputError([error("Y001", Place(display, line, column), _yaml_syntax_message(exc))]) from None
    except yaml.YAMLError as exc:
        raise InputError([error("Y001", Place(display), f"lỗi cú pháp YAML: {exc}")]) from None
    document = YamlDocument(display, None)
    findings: list[Finding] = []
    if root is None:
        raise InputError([error("Y001", Place(display, 1), "tệp trống.")])
    try:
        document.data = _to_python(root, (), document, findings, _Budget())
    except _LimitReached as exc:
        raise limits.refuse(exc.limit, _limit_place(display, exc), exc.found) from None
    if findings:
        raise InputError(findings)
    return document


def _yaml_syntax_message(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "'\\t'" in problem or "\t" in problem:
        return "lỗi cú pháp YAML: thụt lề bằng phím Tab; YAML chỉ cho phép thụt lề bằng dấu cách."
    return f"lỗi cú pháp YAML: {problem or exc}."


def _to_python(node: Node, path: YamlPath, doc: YamlDocument, findings: list[Finding], budget: _Budget) -> Any:
    budget.spend(node, len(path))
    doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if not isinstance(node, ScalarNode) and node.tag not in _COLLECTION_TAGS:
        findings.append(
            error("Y004", doc.place(path), f"thẻ YAML «{node.tag}» không được phép; tệp kế hoạch chỉ chứa văn bản, số và ngày.")
        )
        return None
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                where = Place(doc.file, key_line, key_node.start_mark.column + 1, _dotted(path) or None)
                findings.append(error("Y002", where, "khóa phải là một tên đơn giản."))
                continue
            key = normalize_text(str(key_node.value))
            if key in first_seen:
                findings.append(
                    error(
                        "Y003",
                        Place(doc.file, key_line, key_node.start_mark.column + 1, _dotted(path + (key,))),
                        f"khóa «{key}» bị lặp lại (đã có ở dòng {first_seen[key]}); "
                        "mỗi khóa chỉ được ghi một lần để không số liệu nào bị ghi đè.",
                    )
                )
                continue
            first_seen[key] = key_line
            result[key] = _to_python(value_node, path + (key,), doc, findings, budget)
        return result
    if isinstance(node, SequenceNode):
        return [_to_python(item, path + (i,), doc, findings, budget) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    if node.tag not in _SAFE_TAGS:
        findings.append(
            error("Y004", doc.place(path), f"thẻ YAML «{node.tag}» không được phép; tệp kế hoạch chỉ chứa văn bản, số và ngày.")
        )
        return None
    try:
        return _scalar(node)
    except ValueError as exc:
        findings.append(error("Y005", doc.place(path), str(exc)))
        return None


class TypedInt(int):
    """An integer typed with a leading zero or sign (``010``, ``+5``): the number, shown as typed.

    Validation turns it into a plain ``int`` where a number is expected; a message about it
    (e.g. where text is expected) shows «010», never «10».
    """

    text: str

    def __new__(cls, value: int, text: str) -> TypedInt:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


def _number_hint(value: str) -> str:
    return (
        f"«{value}» không được đọc là số: cách viết này (dấu «_», tiền tố 0x/0o/0b, dấu «:») bị các trình đọc YAML "
        "hiểu khác nhau, có thể thành một số khác số đã gõ; hãy ghi số chỉ bằng chữ số (ví dụ 11030 hay 2.5), "
        f'hoặc đặt trong ngoặc kép nếu đây là văn bản: "{value}".'
    )


def _scalar(node: ScalarNode) -> Any:
    """A scalar as typed, by YAML 1.2 core rules; ValueError with a Vietnamese message otherwise.

    Constructed here rather than by PyYAML's constructor: it reads ``010`` as octal
    and keeps every node it builds in a cache that would grow with each load.
    """
    value, tag = node.value, node.tag
    plain = not node.style  # None from PyYAML, "" from libyaml
    if tag == _TAG + "str":
        if plain and (_yaml_11_number(value) or _OTHER_BASE_12.fullmatch(value)):
            raise ValueError(_number_hint(value))
        return normalize_text(value)
    if tag == _TAG + "int":
        if not _INT_12.match(value):
            raise ValueError(_number_hint(value))
        try:
            number = int(value)
        except ValueError:  # more digits than Python converts (4 300)
            raise ValueError(f"«{value[:20]}…» không phải là số hợp lệ (quá nhiều chữ số).") from None
        # "-0": keep the minus sign typed, so that a negative rate is refused, never made positive.
        if number == 0 and value.startswith("-"):
            return Decimal("-0")
        return number if str(number) == value else TypedInt(number, value)
    if tag == _TAG + "float":
        # Keep decimals as written: "1.10" stays two decimals, never a binary float.
        if not _FLOAT_12.match(value):
            raise ValueError(_number_hint(value))
        if "inf" in value.lower() or "nan" in value.lower():
            raise ValueError(f"«{value}» không phải là số hợp lệ.")
        return Decimal(value)
    if tag == _TAG + "bool":
        if not _BOOL_12.match(value):
            raise ValueError(f"«{value}» không phải là giá trị đúng/sai; hãy ghi true hoặc false.")
        return value.lower() == "true"
    if tag == _TAG + "null":
        return None
    # A date, checked by PyYAML's own timestamp rules (a throwaway constructor: nothing is cached).
    try:
        return yaml.constructor.SafeConstructor().construct_yaml_timestamp(node)
    except (ValueError, TypeError, AttributeError):
        raise ValueError(f"«{value}» không phải là ngày hợp lệ (NĂM-THÁNG-NGÀY, ví dụ 2024-01-04).") from None


# ---------------------------------------------------------------- CSV


# A control character (NUL, a form feed, …) in a cell: a spreadsheet or editor accident, never text or a figure.
# Tab is one too (a cell is one line). Refused with the cell named, never dropped silently.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _control_finding(display: str, line: int, column: int, header: list[str], char: str) -> Finding:
    name = header[column - 1] if header and column <= len(header) else None
    where = f"ô cột «{name}»" if name else f"ô thứ {column}"
    return error(
        "C005",
        Place(display, line, column, name),
        f"{where} chứa ký tự điều khiển U+{ord(char):04X} (không nhìn thấy được); "
        "hãy gõ lại ô này (thường do dán từ phần mềm khác hoặc tệp bị hỏng).",
    )


def load_csv(path: Path, display: str) -> CsvTable:
    text = read_text(path, display)
    lines = text.splitlines()
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        raise InputError([error("C001", Place(display, 1), "tệp CSV trống, thiếu dòng tiêu đề cột.")])
    header_text = lines[header_index]
    # Excel in a Vietnamese locale saves ";" separated files with decimal commas.
    delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    header_line = header_index + 1
    rows: list[CsvRow] = []
    blank_lines: list[int] = []
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                blank_lines.append(line)
                continue
            if len(rows) >= limits.TABLE_ROWS.value:  # refused as soon as it is too long, never read to the end
                raise limits.refuse(limits.TABLE_ROWS, Place(display, line), None)
            cells = [cell.strip() for cell in record]
            for column, cell in enumerate(cells, 1):
                if len(cell) > limits.CELL_CHARS.value:
                    raise limits.refuse(limits.CELL_CHARS, Place(display, line, column), len(cell))
                if (control := _CONTROL.search(cell)) is not None:
                    raise InputError([_control_finding(display, line, column, header, control.group())])
            if not header:
                header = cells
                header_line = line
                continue
            values = dict(zip(header, cells))
            if len(cells) > len(header):
                values["__extra__"] = delimiter.join(cells[len(header) :])
            rows.append(CsvRow(line, values, cells))
    except csv.Error as exc:
        raise InputError([error("C002", Place(display, reader.line_num), f"lỗi định dạng CSV: {exc}.")]) from None
    # Blank lines at the end (Excel leaves them) carry nothing; one between rows may be
    # a unit whose cells were cleared by mistake, so it is reported, never skipped silently.
    last_row = rows[-1].line if rows else 0
    inner = [line for line in blank_lines if header_line < line < last_row]
    if inner:
        raise InputError(
            [
                error("C003", Place(display, line), "dòng trống giữa bảng: hãy xóa dòng này hoặc điền số liệu của đơn vị.")
                for line in inner
            ]
        )
    return CsvTable(display, header, header_line, rows, decimal_comma=delimiter == ";")


_DIGITS = re.compile(r"[+-]?\d+")
_NUMERIC = re.compile(r"[+-]?[\d.,]+")


def _fits(cells: list[str], kinds: list[set[bool]]) -> bool:
    """Each non-blank cell is a number where the well-formed rows have numbers, and text where they have text."""
    return all(not cell or not seen or bool(_NUMERIC.fullmatch(cell)) in seen for cell, seen in zip(cells, kinds))


def _decimal_joins(cells: list[str], width: int, kinds: list[set[bool]], start: int = 0) -> list[list[tuple[int, str]]]:
    """Every way of joining neighbouring digit cells back into decimal numbers so that the row fits the table.

    Each way is a list of (column, number); joins go left to right, so a column is the final one.
    """
    if len(cells) == width:
        return [[]] if _fits(cells, kinds) else []
    ways = []
    for i in range(start, min(len(cells) - 1, width)):
        if _DIGITS.fullmatch(cells[i]) and cells[i + 1].isdigit():
            number = f"{cells[i]},{cells[i + 1]}"
            for rest in _decimal_joins(cells[:i] + [number] + cells[i + 2 :], width, kinds, i + 1):
                ways.append([(i, number), *rest])
    return ways


def decimal_comma_hint(row: CsvRow, table: CsvTable) -> str:
    """Why a row of a ``,`` separated file may have more cells than the header: a decimal comma in an unquoted cell.

    Empty unless joining neighbouring digit cells back into decimal numbers makes the row fit the
    table (numbers where the other rows have numbers, text where they have text).
    """
    width, cells = len(table.header), row.cells
    if table.decimal_comma or len(cells) <= width or len(cells) - width > 3:
        return ""
    kinds, decimals = table.column_kinds
    ways = _decimal_joins(cells, width, kinds)
    if not ways:
        return ""
    # The likeliest: the numbers land in columns that hold decimals in the other rows.
    best = max(ways, key=lambda way: sum(decimals[column] for column, _ in way))
    joined = [number for _, number in best]
    shown = ", ".join(f"«{number}»" for number in joined)
    example = joined[0]
    return (
        f" Có thể do dấu phẩy thập phân: tệp này phân cách các ô bằng dấu phẩy, nên số {shown} bị tách thành hai ô. "
        f'Hãy ghi số thập phân với dấu chấm («{example.replace(",", ".")}»), hoặc đặt ô trong ngoặc kép («"{example}"»), '
        "hoặc trong Excel lưu lại tệp bằng «CSV UTF-8» với dấu «;» phân cách các ô."
    )
