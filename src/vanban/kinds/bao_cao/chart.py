"""The chart of planned against achieved decrease per unit, as PNG bytes.

Drawn with matplotlib's Agg backend and a font file that ships with
matplotlib (DejaVu Serif, which has every Vietnamese letter), so the bytes
depend on the inputs and the pinned matplotlib only: no system font lookup,
no timestamp, no "Software" entry in the PNG. Horizontal bars, because unit
names ("TK Thượng Quý") are long and read best on the left.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from vanban.kinds.bao_cao.arithmetic import Comparison, format_signed

WIDTH_MM = 160  # the text block is 165 mm wide (A4 less 30 + 15 mm margins)
DPI = 200
MM_PER_INCH = 25.4


def _font(bold: bool = False):
    import matplotlib
    from matplotlib.font_manager import FontProperties

    name = "DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"
    return FontProperties(fname=Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name, size=11)


def height_mm(units: int) -> float:
    """About 10 mm a unit, plus room for the axis and the legend."""
    return 30 + 10 * max(units, 1)


def plan_chart(rows: Sequence[Comparison], *, planned_label: str, achieved_label: str) -> bytes:
    """PNG bytes: for each unit, the planned decrease and the achieved one, side by side."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    font, bold = _font(), _font(bold=True)
    figure = Figure(figsize=(WIDTH_MM / MM_PER_INCH, height_mm(len(rows)) / MM_PER_INCH), dpi=DPI)
    axes = figure.add_subplot()
    # First unit at the top, as in the table above the chart.
    positions = list(range(len(rows)))[::-1]
    bar = 0.38
    planned = [r.planned for r in rows]
    achieved = [r.achieved for r in rows]
    axes.barh(
        [p + bar / 2 for p in positions],
        planned,
        height=bar,
        color="#9e9e9e",
        edgecolor="black",
        linewidth=0.5,
        label=planned_label,
    )
    axes.barh(
        [p - bar / 2 for p in positions],
        achieved,
        height=bar,
        color="#1f4e79",
        edgecolor="black",
        linewidth=0.5,
        label=achieved_label,
    )
    for p, a, b in zip(positions, planned, achieved):
        axes.text(a + 0.05, p + bar / 2, format_signed(a), va="center", ha="left", fontproperties=font)
        axes.text(max(b, 0) + 0.05, p - bar / 2, format_signed(b), va="center", ha="left", fontproperties=font)
    axes.set_yticks(positions)
    axes.set_yticklabels([r.name for r in rows], fontproperties=font)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for label in axes.get_xticklabels():
        label.set_fontproperties(font)
    axes.set_xlabel("Số hộ", fontproperties=font)
    top = max([*planned, *achieved, 1])
    axes.set_xlim(min([0, *achieved]) - (0.5 if min([0, *achieved]) < 0 else 0), top + 0.8)
    axes.set_ylim(-0.7, len(rows) - 0.3)
    axes.grid(axis="x", color="#d0d0d0", linewidth=0.5)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.legend(prop=bold, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    # No "Software" key and no timestamp: the same figures give the same bytes.
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
