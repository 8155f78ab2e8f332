"""The fixed shape of a plan's context: document, citations, narrative, recipients, signature.

Users write Vietnamese keys (``ky_hieu``) in ``plans/<year>.yaml``; the code
reads English attributes (``symbol``). Each model field below declares that
pair (``alias`` = the key in the file) with a short description.

The town figures (``so_lieu``) and the tables' columns are not models: the
kind's declaration (``templates/<kind>.yaml``, read by ``engine/declaration.py``)
lists them with their Vietnamese description, which is the data dictionary. In
the code they keep their Vietnamese keys; the one place where Vietnamese keys
meet English names is ``engine/declaration.py`` (for the declaration's own keys)
and the aliases below (for the fixed parts of a plan: van_ban, can_cu, ky, noi_nhan).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from vanban.engine.numbers import Rate, decimals_of, parse_decimal

# ---------------------------------------------------------------- value types


def _to_count(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("phải là một số nguyên không âm, không phải có/không")
    return value


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


Count = Annotated[int, BeforeValidator(_to_count), Field(ge=0)]
StatedRate = Annotated[Rate | None, BeforeValidator(_to_rate)]
Text = Annotated[str, Field(min_length=1)]


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
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
        number = int(value)
        if number <= 0:
            raise ValueError("số văn bản phải là số nguyên dương hoặc để trống")
        return f"{number:02d}"  # Decree 30, II.3.c: numbers below 10 get a leading 0
    if isinstance(value, str) and not value.strip():
        return ""
    raise ValueError("số văn bản phải là số nguyên dương hoặc để trống")


DocDate = Annotated[IssueDate, BeforeValidator(_to_issue_date)]
DocNumber = Annotated[str, BeforeValidator(_to_doc_number)]


class _Model(BaseModel):
    # Keys are the Vietnamese aliases; unknown keys are errors, never ignored.
    model_config = ConfigDict(
        extra="forbid", frozen=True, arbitrary_types_allowed=True, validate_by_alias=True, validate_by_name=False
    )


# ---------------------------------------------------------------- plan context (YAML)


class DocumentInfo(_Model):
    parent_agency: list[Text] = Field(
        default_factory=list, alias="co_quan_chu_quan", description="Tên cơ quan chủ quản (nếu có), mỗi dòng một mục"
    )
    agency: list[Text] = Field(alias="co_quan_ban_hanh", min_length=1, description="Tên cơ quan ban hành, mỗi dòng một mục")
    agency_name: Text = Field(alias="ten_co_quan", description="Tên cơ quan viết liền, dùng làm tác giả tệp")
    number: DocNumber = Field(default="", alias="so", description="Số văn bản; để trống cho văn thư điền")
    symbol: Text = Field(alias="ky_hieu", pattern=r"^[A-ZĐ]+(-[A-ZĐ]+)*$", description="Ký hiệu, ví dụ KH-UBND")
    place: Text = Field(alias="dia_danh", description="Địa danh")
    date: DocDate | None = Field(alias="ngay", description="Ngày ban hành; để trống (~) khi chưa định")
    doc_type: Text = Field(alias="ten_loai", description="Tên loại văn bản, ví dụ KẾ HOẠCH")
    summary: Text = Field(alias="trich_yeu", description="Trích yếu nội dung")


class Citation(_Model):
    """A document cited in the prose: written once, so it cannot say two different years."""

    kind: Text = Field(alias="loai", description="Tên loại: Quyết định, Nghị quyết, …")
    number: Text | None = Field(alias="so", description="Số, ký hiệu: 04/QĐ-UBND")
    date: dt.date | None = Field(alias="ngay", description="Ngày ban hành")
    issuer: Text = Field(alias="co_quan", description="Cơ quan ban hành")
    subject: Text = Field(alias="trich_yeu", description="Trích yếu: về việc …")


class Signature(_Model):
    authority: str = Field("", alias="quyen_han", description="TM., KT., … và tên tập thể")
    position: Text = Field(alias="chuc_vu", description="Chức vụ người ký")
    name: Text = Field(alias="ho_ten", description="Họ và tên người ký")


class Recipients(_Model):
    to: list[Text] = Field(alias="gui", min_length=1, description="Nơi nhận, mỗi mục một dòng")
    archive: list[Text] = Field(alias="luu", min_length=1, description="Lưu: VT và đơn vị soạn thảo")


BLOCK_KINDS = {"muc": "section", "khoan": "clause", "diem": "point", "bang": "table", "bieu_do": "chart"}


@dataclass(frozen=True)
class Block:
    """One element of the narrative: a body paragraph or a heading, or the unit table."""

    kind: str  # paragraph | section | clause | point | table | chart (a picture a kind draws, e.g. the report's)
    text: str


def _to_block(value: Any) -> Block:
    if isinstance(value, Block):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("đoạn văn trống")
        return Block("paragraph", value.strip())
    if isinstance(value, dict) and len(value) == 1:
        ((key, text),) = value.items()
        if key in BLOCK_KINDS and isinstance(text, str) and text.strip():
            return Block(BLOCK_KINDS[key], text.strip())
    raise ValueError(
        "mỗi mục của noi_dung là một đoạn văn, hoặc một tiêu đề dạng «muc: …», «khoan: …», «diem: …», hoặc «bang: don_vi»"
    )


class Plan(_Model):
    year: int = Field(alias="nam", ge=2000, le=2100, description="Năm kế hoạch")
    document: DocumentInfo = Field(alias="van_ban")
    citations: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Citation] = Field(default_factory=dict, alias="can_cu")
    # Town figures: checked against the kind's declaration (engine/declaration.py), not a model.
    figures: dict[str, Any] = Field(alias="so_lieu")
    body: list[Annotated[Block, BeforeValidator(_to_block)]] = Field(alias="noi_dung", min_length=1)
    recipients: Recipients = Field(alias="noi_nhan")
    signature: Signature = Field(alias="ky")


def to_count(value: Any) -> int:
    """A count as typed in YAML or a CSV cell; ValueError with the Vietnamese reason."""
    if isinstance(value, bool):
        raise ValueError("phải là một số nguyên không âm, không phải có/không")
    if isinstance(value, str):
        text = value.strip()
        if not text.lstrip("-").isdigit():
            raise ValueError(f"phải là số nguyên (đang ghi «{value}»)")
        value = int(text)
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
