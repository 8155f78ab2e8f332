"""A held-out-like corpus: plans and reports of made-up communes, typed as offices type them.

Each ``Case`` is a Word document (tests/office_docs.py) whose figures are drawn at random and
stated in the phrasings real documents use, in a random order, with the inconsistencies real
documents have put in on purpose (``errors``: the codes check must report, and nothing else), and
the figures the import must place (``figures``: so_lieu key -> value as written).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .office_docs import Office

COMMUNES = ("Hà Long", "Nga Sơn", "Yên Thọ", "Quảng Phú", "Thạch Bình", "Đông Tiến", "Hoằng Đạt", "Xuân Lam")
VILLAGES = ("Thôn 1", "Thôn 2", "Thôn Đông", "Thôn Tây", "Bản Lầm", "Xóm Mới", "Thôn Trung")


def pct(part: int, whole: int, places: int = 2) -> str:
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(value).replace(".", ",")


def dots(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@dataclass
class Case:
    office: Office
    kind: str  # "ke-hoach" or "bao-cao"
    year: int
    figures: dict[str, int | str] = field(default_factory=dict)
    errors: set[tuple[str, str]] = field(default_factory=set)  # (code, field) check must report
    warnings: set[str] = field(default_factory=set)  # codes of warnings expected


def _recipients(year: int, month: int = 1) -> tuple[str, ...]:
    if (year, month) >= (2025, 7):  # no districts since 1 July 2025
        return ("- UBND tỉnh (b/c);", "- Sở Nông nghiệp và Môi trường (b/c);", "- Lưu: VT.")
    return ("- UBND huyện (b/c);", "- Đảng ủy, HĐND xã (b/c);", "- Lưu: VT.")


def plan_case(rng: random.Random, *, wrong_rate: bool, late_citation: bool) -> Case:
    """A plan with town figures only (no unit table), last year's review then this year's target."""
    year = rng.choice((2023, 2024, 2025, 2026))
    commune = rng.choice(COMMUNES)
    total = rng.randint(900, 4000)
    start = rng.randint(20, max(21, total // 12))
    escaped, new = rng.randint(5, max(6, start // 3)), rng.randint(0, 9)
    poor = start - escaped + new
    near_start = rng.randint(40, 300)
    near_out, near_from_poor, near_new = rng.randint(5, near_start // 2), rng.randint(0, escaped), rng.randint(0, 12)
    near = near_start - near_out + near_from_poor + near_new
    target = rng.randint(1, max(2, poor // 3))
    rate, near_rate, end_rate = pct(poor, total), pct(near, total), pct(poor - target, total)
    stated_rate = rate
    case = Case(Office(), "ke-hoach", year)
    if wrong_rate:  # "3,38 %" for 3,83: two digits swapped
        digits = rate.replace(",", "")
        swapped = digits[:-2] + digits[-1] + digits[-2]
        if swapped != digits:
            stated_rate = (swapped[:-2] or "0") + "," + swapped[-2:]
            case.errors.add(("R001", "ty_le_ho_ngheo"))
    last = year - 1
    persons = total * 4 + rng.randint(0, 99)
    review = [
        f"Tổng số hộ dân cư toàn xã {dots(total)} hộ với {dots(persons)} nhân khẩu.",
        rng.choice(
            (
                f"Đầu năm {last} toàn xã có {start} hộ nghèo; trong năm {last} số hộ thoát nghèo {escaped} hộ, số hộ nghèo mới {new} hộ.",
                f"Năm {last}, số hộ thoát nghèo {escaped} hộ, phát sinh mới {new} hộ nghèo; đầu năm {last} có {start} hộ nghèo.",
            )
        ),
        rng.choice(
            (
                f"Theo kết quả rà soát, cuối năm {last} còn {poor} hộ nghèo, chiếm tỷ lệ {stated_rate}%.",
                f"Tính đến cuối năm {last}, toàn xã có {poor} hộ nghèo, chiếm {stated_rate}%.",
            )
        ),
        f"Tổng số hộ cận nghèo là {near_start} hộ; hộ cận nghèo giảm {near_out} hộ; {near_from_poor} hộ thoát nghèo rơi cận nghèo, "
        f"{near_new} hộ phát sinh cận nghèo; Hộ cận nghèo hiện tại là {near} hộ, tỷ lệ {near_rate} %.",
    ]
    rng.shuffle(review)
    goal = rng.choice(
        (
            f"Phấn đấu giảm tỷ lệ hộ nghèo từ {stated_rate}% xuống còn {end_rate}% (tương đương giảm {target} hộ).",
            f"Phấn đấu đến cuối năm {year} giảm {target} hộ nghèo, tỷ lệ hộ nghèo còn {end_rate}%.",
        )
    )
    cited_year = year if late_citation else year - 1
    if late_citation:
        case.errors.add(("K001", f"can_cu.nq_{year % 100}.ngay"))
    case.office = Office(
        commune=f"XÃ {commune.upper()}",
        place=commune,
        number=f"{rng.randint(2, 40):02d}",
        symbol="KH-UBND",
        date=(rng.randint(10, 28), 1, year),
        doc_type="KẾ HOẠCH",
        summary=f"Thực hiện công tác giảm nghèo năm {year} trên địa bàn xã {commune}",
        body=[
            f"Căn cứ Nghị quyết số {year % 100}/NQ-HĐND ngày 20/12/{cited_year} của HĐND xã {commune} về nhiệm vụ phát "
            f"triển kinh tế - xã hội năm {year};",
            f"UBND xã {commune} xây dựng kế hoạch giảm nghèo năm {year} như sau:",
            f"I. KẾT QUẢ GIẢM NGHÈO NĂM {last}",
            *review,
            f"II. MỤC TIÊU NĂM {year}",
            goal,
            "III. TỔ CHỨC THỰC HIỆN",
            "Các ban, ngành, đoàn thể và các thôn căn cứ kế hoạch này tổ chức thực hiện./.",
        ],
        recipients=_recipients(year),
    )
    case.figures = {
        "tong_so_ho": total,
        "so_khau": persons,
        "ho_ngheo_dau_ky": start,
        "ho_ngheo_thoat_ngheo": escaped,
        "ho_ngheo_phat_sinh": new,
        "ho_ngheo": poor,
        "ty_le_ho_ngheo": stated_rate,
        "ho_can_ngheo_dau_ky": near_start,
        "ho_can_ngheo_thoat": near_out,
        "ho_can_ngheo_tu_ho_ngheo": near_from_poor,
        "ho_can_ngheo_phat_sinh": near_new,
        "ho_can_ngheo": near,
        "ty_le_ho_can_ngheo": near_rate,
        "chi_tieu_giam_ho_ngheo": target,
        "ty_le_ho_ngheo_cuoi_nam": end_rate,
    }
    return case


def report_case(rng: random.Random, *, wrong_change: bool, wrong_near: bool, six_months: bool = False) -> Case:
    """A year-end (or six-month) results report: prose figures and a results table per village."""
    year = rng.choice((2023, 2024, 2025))
    commune = rng.choice(COMMUNES)
    villages = rng.sample(VILLAGES, rng.randint(2, 5))
    rows = []
    for name in villages:
        households = rng.randint(150, 900)
        start = rng.randint(8, households // 6)
        escaped, new = rng.randint(1, start // 2), rng.randint(0, 3)
        rows.append((name, households, start, escaped, new, start - escaped + new))
    total = sum(r[1] for r in rows)
    start, escaped, new, end = (sum(r[i] for r in rows) for i in (2, 3, 4, 5))
    rate0, rate1 = pct(start, total), pct(end, total)
    change = str(Decimal(rate0.replace(",", ".")) - Decimal(rate1.replace(",", "."))).replace(".", ",")
    case = Case(Office(), "bao-cao", year)
    if wrong_change:  # "giảm 2,2 %" for 10,74 − 8,65 = 2,09: rounded from rounded parts, or mistyped
        wrong = Decimal(change.replace(",", ".")) + Decimal("0.11")
        change = str(wrong.quantize(Decimal("0.1"))).replace(".", ",")
        case.errors.add(("R002", "muc_giam_ty_le_ho_ngheo"))
    near_start = rng.randint(40, max(41, total // 3))
    near_out = rng.randint(20, near_start // 2)
    near_end = near_start - near_out
    stated_near_end = near_end + (1 if wrong_near else 0)  # 317 − 197 stated as 121
    if wrong_near:
        case.errors.add(("I001", "giam_ho_can_ngheo"))
    period_end = f"30/6/{year}" if six_months else f"cuối năm {year}"
    sentences = [
        f"Tổng số hộ dân cư toàn xã {dots(total)} hộ.",
        f"Đầu năm {year} toàn xã có {start} hộ nghèo, chiếm tỷ lệ {rate0}%.",
        rng.choice(
            (
                f"Trong kỳ, số hộ thoát nghèo {escaped} hộ, số hộ nghèo mới {new} hộ.",
                f"Trong năm có {escaped} hộ thoát nghèo, phát sinh mới {new} hộ nghèo.",
            )
        ),
        rng.choice(
            (
                f"Tính đến {period_end} còn {end} hộ nghèo, chiếm {rate1}%. Tỷ lệ hộ nghèo giảm {change}%.",
                f"Số hộ nghèo đến {period_end}: {end} hộ, chiếm tỷ lệ {rate1}%; tỷ lệ hộ nghèo giảm {change}%.",
            )
        ),
        f"Hộ cận nghèo đầu năm {near_start} hộ, giảm {near_out} hộ, đến {period_end} còn {stated_near_end} hộ.",
    ]
    rng.shuffle(sentences)
    table = [["TT", "Thôn", "Tổng số hộ", "Hộ nghèo đầu năm", "Thoát nghèo", "Phát sinh", "Hộ nghèo cuối kỳ"]]
    table += [[str(i), n, str(h), str(s), str(e), str(p), str(c)] for i, (n, h, s, e, p, c) in enumerate(rows, 1)]
    case.office = Office(
        commune=f"XÃ {commune.upper()}",
        place=commune,
        number=f"{rng.randint(50, 300)}",
        symbol="BC-UBND",
        date=(rng.randint(5, 25), 6 if six_months else 12, year),
        doc_type="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác giảm nghèo {'6 tháng đầu năm' if six_months else 'năm'} {year}",
        body=[
            f"Thực hiện Kế hoạch số 05/KH-UBND ngày 15/01/{year} của UBND xã {commune} về giảm nghèo năm {year}, UBND xã "
            "báo cáo như sau:",
            "I. KẾT QUẢ THỰC HIỆN",
            *sentences,
            "Kết quả từng thôn:",
            table,
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ",
            "Tiếp tục thực hiện đầy đủ các chính sách hỗ trợ hộ nghèo, hộ cận nghèo./.",
        ],
        recipients=_recipients(year, 6 if six_months else 12),
    )
    case.figures = {
        "tong_so_ho": total,
        "ho_ngheo_dau_nam": start,
        "ty_le_ho_ngheo_dau_nam": rate0,
        "thoat_ngheo": escaped,
        "phat_sinh": new,
        "ho_ngheo_cuoi_nam": end,
        "ty_le_ho_ngheo_cuoi_nam": rate1,
        "muc_giam_ty_le_ho_ngheo": change,
        "ho_can_ngheo_dau_nam": near_start,
        "giam_ho_can_ngheo": near_out,
        "ho_can_ngheo_cuoi_nam": stated_near_end,
    }
    case.warnings.add("A010")  # imported without its year's plan: checked on its own figures
    return case
