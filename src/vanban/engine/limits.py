"""How much of any input we read: every limit one named constant, every refusal one message shape.

Hostile or broken input is normal (a YAML alias bomb of nine lines, a 1 MB .docx holding a 1 GiB
part, a table of 200 000 rows): each reader checks these limits while it reads, before the big
object exists, and refuses with finding ``F010`` naming the file, the place, which limit, and how to
split or fix the input. The values are far above any real commune's files (a plan is about 7 KB of
YAML, a unit table a few dozen rows, a Word plan a few hundred KB of XML) and far below what makes a
run slow or large. Only the standard library is imported: every reader may use it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, replace

from vanban.engine.findings import Finding, InputError, Place, error

CODE = "F010"


@dataclass(frozen=True)
class Limit:
    what: str  # what is counted, in the officer's words
    value: int
    unit: str  # how the value is counted
    fix: str  # what to do about it


# ---- text inputs: plans, settings, declarations, merge maps (YAML), unit tables (CSV)
TEXT_FILE_BYTES = Limit(
    "dung lượng tệp văn bản (YAML, CSV)",
    5_000_000,
    "byte",
    "Tệp kế hoạch hoặc bảng số liệu thật chỉ vài chục KB; hãy kiểm tra đã chọn đúng tệp.",
)
YAML_DEPTH = Limit(
    "độ sâu lồng nhau của YAML",
    40,
    "cấp",
    "Kế hoạch chỉ lồng vài cấp (mục > mục con > danh sách); hãy viết phẳng lại phần lồng quá sâu, "
    "hoặc bỏ bí danh «*tên» nằm ngay trong phần neo «&tên» của chính nó (tự tham chiếu, không bao giờ hết).",
)
YAML_ALIASES = Limit(
    "số lần dùng lại bí danh YAML (*tên)",
    200,
    "lần",
    "Hãy ghi thẳng nội dung thay cho bí danh «*tên»; tệp kế hoạch không cần neo «&» và bí danh «*».",
)
YAML_NODES = Limit("số phần tử của tệp YAML (sau khi mở bí danh)", 200_000, "phần tử", "Hãy tách tệp hoặc bỏ bớt phần lặp lại.")
TABLE_ROWS = Limit(
    "số dòng của bảng số liệu",
    20_000,
    "dòng",
    "Một xã chỉ có vài chục đơn vị; hãy kiểm tra tệp, hoặc tách bảng theo xã (plans/<mã xã>/).",
)
CELL_CHARS = Limit(
    "độ dài một ô của bảng", 2_000, "ký tự", "Hãy rút gọn nội dung ô; phần diễn giải dài đặt trong tệp kế hoạch YAML."
)

# ---- Word documents we read (lint, import): a .docx is a zip of XML parts
DOCX_PARTS = Limit("số phần trong gói .docx", 2_000, "phần", "Hãy mở bằng Word và lưu lại thành tệp .docx mới.")
XML_PART_BYTES = Limit(
    "dung lượng một phần XML của tệp .docx (sau khi giải nén)",
    32_000_000,
    "byte",
    "Văn bản thật chỉ vài MB; tệp có thể là «bom nén». Hãy lấy lại bản gốc hoặc tách văn bản thành nhiều tệp.",
)
DOCX_BYTES = Limit(
    "tổng dung lượng tệp .docx sau khi giải nén",
    200_000_000,
    "byte",
    "Hãy nén lại hoặc bỏ bớt ảnh (Word: File > Compress Pictures), hoặc tách văn bản thành nhiều tệp.",
)
XML_ELEMENTS = Limit(
    "số phần tử XML của phần nội dung văn bản",
    1_500_000,
    "phần tử",
    "Văn bản có quá nhiều đoạn hoặc ô bảng; hãy tách thành nhiều tệp.",
)


def exceeded(limit: Limit, place: Place, found: int | None = None) -> Finding:
    """The one finding every reader gives for a limit: which limit, its value, what was found, what to do."""
    seen = f" (tệp này: {found:,} {limit.unit})".replace(",", ".") if found is not None else ""
    value = f"{limit.value:,}".replace(",", ".")
    return error(CODE, place, f"vượt giới hạn {limit.what}: tối đa {value} {limit.unit}{seen}. {limit.fix}")


def refuse(limit: Limit, place: Place, found: int | None = None) -> InputError:
    return InputError([exceeded(limit, place, found)])


def check(limit: Limit, found: int, place: Place) -> None:
    """Raise the limit's InputError when ``found`` is above it."""
    if found > limit.value:
        raise refuse(limit, place, found)


# ---------------------------------------------------------------- zip packages (.docx, templates)


def check_package(archive: zipfile.ZipFile, place: Place) -> None:
    """Refuse (F010) a package too large to open, from its directory alone, before any part is inflated:
    a 1 MB file can hold a 1 GiB ``document.xml``. The sizes checked are the ones ``zipfile`` then reads
    by (it stops a member at its stated size, and a lie fails the CRC)."""
    infos = archive.infolist()
    check(DOCX_PARTS, len(infos), place)
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and info.file_size > XML_PART_BYTES.value:
            raise refuse(XML_PART_BYTES, replace(place, field=info.filename), info.file_size)
    check(DOCX_BYTES, sum(info.file_size for info in infos), place)


def read_member(archive: zipfile.ZipFile, name: str, place: Place, limit: Limit = XML_PART_BYTES) -> bytes:
    """A member's bytes, read through a stream that stops one byte past ``limit`` (F010 beyond it)."""
    with archive.open(name) as stream:
        data = stream.read(limit.value + 1)
    if len(data) > limit.value:
        raise refuse(limit, replace(place, field=name))
    return data
