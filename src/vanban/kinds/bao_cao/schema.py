"""The report's YAML context (``plans/<year>-bao-cao.yaml``): document, prose, stated figures.

The document parts (header, citations, recipients, signature) are the plan's
models; the figures are the report's own, each with its Vietnamese key
(``alias``) and description, which messages use as the figure's name.
Every figure may be left out: it is then computed from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from vanban.engine.numbers import Rate, decimals_of, parse_decimal
from vanban.engine.schema import Citation, Count, DocumentInfo, Recipients, Signature, StatedRate, _Model

TABLES = ("ket_qua", "so_sanh")  # bang: ket_qua (flows per unit), bang: so_sanh (plan against actual)
CHARTS = ("so_sanh",)  # bieu_do: so_sanh (planned against achieved decrease per unit)
BLOCK_KINDS = {"muc": "section", "khoan": "clause", "diem": "point", "bang": "table", "bieu_do": "chart"}


def _to_ratio(value: Any) -> Rate | None:
    """A percentage of plan as written ("107,69"): may exceed 100, or be negative."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("phải là một tỷ lệ phần trăm, ví dụ 107,69")
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, str):
        text = value.strip().removesuffix("%").strip().replace("−", "-")
        try:
            number = parse_decimal(text, decimal_comma="," in text)
        except ValueError:
            raise ValueError(f"«{value}» không phải là tỷ lệ phần trăm, ví dụ 107,69") from None
    else:
        raise ValueError("phải là một tỷ lệ phần trăm, ví dụ 107,69")
    return Rate(number, decimals_of(number))


Ratio = Annotated[Rate | None, BeforeValidator(_to_ratio)]


class ReportFigures(_Model):
    households: Count | None = Field(None, alias="tong_so_ho", description="Tổng số hộ cuối kỳ (= tổng cột tong_so_ho)")
    persons: Count | None = Field(None, alias="so_khau", description="Số nhân khẩu")
    poor_start: Count | None = Field(None, alias="ho_ngheo_dau_nam", description="Hộ nghèo đầu năm (= tổng cột ho_ngheo_dau_nam)")
    poverty_rate_start: StatedRate = Field(None, alias="ty_le_ho_ngheo_dau_nam", description="Tỷ lệ hộ nghèo đầu năm (%)")
    escaped: Count | None = Field(None, alias="thoat_ngheo", description="Hộ thoát nghèo trong kỳ (= tổng cột thoat_ngheo)")
    new: Count | None = Field(None, alias="phat_sinh", description="Hộ nghèo phát sinh trong kỳ (= tổng cột phat_sinh)")
    poor_end: Count | None = Field(None, alias="ho_ngheo_cuoi_nam", description="Hộ nghèo cuối kỳ (= tổng cột ho_ngheo_cuoi_nam)")
    poverty_rate_end: StatedRate = Field(None, alias="ty_le_ho_ngheo_cuoi_nam", description="Tỷ lệ hộ nghèo cuối kỳ (%)")
    rate_decrease: StatedRate = Field(None, alias="muc_giam_ty_le_ho_ngheo", description="Mức giảm tỷ lệ hộ nghèo (%)")
    target: Count | None = Field(
        None, alias="chi_tieu_giam_ho_ngheo", description="Chỉ tiêu giảm hộ nghèo (= tổng cột giam_du_kien của kế hoạch)"
    )
    achieved: int | None = Field(None, alias="giam_ho_ngheo", description="Số hộ nghèo đã giảm (= đầu năm − cuối kỳ)")
    percent_of_plan: Ratio = Field(None, alias="ty_le_dat_ke_hoach", description="Tỷ lệ đạt kế hoạch giảm hộ nghèo (%)")
    poor_no_labour: Count | None = Field(
        None, alias="ho_ngheo_khong_kha_nang_lao_dong", description="Hộ nghèo không có khả năng lao động"
    )
    near_poor_start: Count | None = Field(None, alias="ho_can_ngheo_dau_nam", description="Hộ cận nghèo đầu năm")
    near_poor_escaped: Count | None = Field(None, alias="thoat_can_ngheo", description="Hộ thoát cận nghèo trong kỳ")
    near_poor_from_poor: Count | None = Field(None, alias="can_ngheo_tu_ho_ngheo", description="Hộ thoát nghèo rơi vào cận nghèo")
    near_poor_new: Count | None = Field(None, alias="can_ngheo_phat_sinh", description="Hộ cận nghèo phát sinh")
    near_poor_end: Count | None = Field(None, alias="ho_can_ngheo_cuoi_nam", description="Hộ cận nghèo cuối kỳ")
    near_poverty_rate_end: StatedRate = Field(
        None, alias="ty_le_ho_can_ngheo_cuoi_nam", description="Tỷ lệ hộ cận nghèo cuối kỳ (%)"
    )


def figure_keys() -> list[str]:
    return [f.alias or n for n, f in ReportFigures.model_fields.items()]


def figure_label(key: str) -> str:
    for name, field in ReportFigures.model_fields.items():
        if (field.alias or name) == key:
            return (field.description or key).split(" (")[0]
    return key


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph | section | clause | point | table | chart
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
        "mỗi mục của noi_dung là một đoạn văn, một tiêu đề «muc: …», «khoan: …», «diem: …», "
        "một bảng «bang: ket_qua» / «bang: so_sanh» hoặc biểu đồ «bieu_do: so_sanh»"
    )


class Report(_Model):
    year: int = Field(alias="nam", ge=2000, le=2100, description="Năm báo cáo")
    document: DocumentInfo = Field(alias="van_ban")
    citations: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], Citation] = Field(default_factory=dict, alias="can_cu")
    figures: ReportFigures = Field(default_factory=ReportFigures, alias="so_lieu")
    body: list[Annotated[Block, BeforeValidator(_to_block)]] = Field(alias="noi_dung", min_length=1)
    recipients: Recipients = Field(alias="noi_nhan")
    signature: Signature = Field(alias="ky")
