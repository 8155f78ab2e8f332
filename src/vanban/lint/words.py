"""The words of the findings: what the runs show against what Phụ lục I requires, in Vietnamese."""

from __future__ import annotations

from vanban.lint.document import Para, Piece, squash


def fmt_size(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _range(low: float, high: float) -> str:
    return fmt_size(low) if low == high else f"{fmt_size(low)}–{fmt_size(high)}"


def style_problems(
    pieces: list[Piece],
    *,
    sizes: tuple[float, float] | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> list[str]:
    """What the text's runs show against what is required, in words."""
    problems: list[str] = []
    if not pieces:
        return problems
    if sizes is not None:
        low, high = sizes
        wrong = sorted({pc.fmt.size for pc in pieces if not low - 0.01 <= pc.fmt.size <= high + 0.01})
        if wrong:
            problems.append(f"cỡ chữ {', '.join(fmt_size(s) for s in wrong)}, quy định cỡ {_range(low, high)}")
    if bold is not None:
        if bold and not all(pc.fmt.bold for pc in pieces):
            problems.append("chữ không đậm, quy định in đậm")
        if not bold and any(pc.fmt.bold for pc in pieces):
            problems.append("chữ in đậm, quy định không in đậm")
    if italic is not None:
        if italic and not all(pc.fmt.italic for pc in pieces):
            problems.append("chữ đứng, quy định in nghiêng")
        if not italic and any(pc.fmt.italic for pc in pieces):
            problems.append("chữ in nghiêng, quy định kiểu chữ đứng")
    return problems


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def is_upper(text: str) -> bool:
    found = letters(text)
    return bool(found) and found == found.upper()


def case_problem(shown: str, *, upper: bool) -> list[str]:
    if upper and not is_upper(shown):
        return ["không viết in hoa, quy định chữ in hoa"]
    if not upper and len(letters(shown)) > 1 and is_upper(shown):
        return ["viết in hoa toàn bộ, quy định chữ in thường"]
    return []


ALIGN_NAMES = {
    "left": "canh trái",
    "center": "canh giữa",
    "right": "canh phải",
    "both": "canh đều hai lề",
    "distribute": "canh đều",
}


def excerpt(text: str, limit: int = 60) -> str:
    text = squash(text)
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


def align_name(alignment: str) -> str:
    return ALIGN_NAMES.get(alignment, alignment)


def mm(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def pct(ratio: float) -> str:
    return f"{ratio * 100:.0f} %"


def count_paras(paras: list[Para]) -> str:
    distinct = len({id(q.el) for q in paras})
    return f"{distinct} đoạn"
