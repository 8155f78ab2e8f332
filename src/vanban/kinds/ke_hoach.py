"""The plan's hook: what the plan takes from last year's results report.

The next plan's check compares each unit's start with the report's actual year-end (X002) instead of
with last year's target; ``new-year`` starts from the same figures (``kinds/bao_cao/carry.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vanban.kinds.bao_cao import carry
from vanban.kinds.registry import REPORT
from vanban.project import Project

if TYPE_CHECKING:
    from vanban.pipeline import Checked

CARRIED_FROM = (REPORT, carry.YEAR_END_KEY)  # the kind and period the pipeline checks and hands to ``carried``


def carry_exists(project: Project, year: int) -> bool:
    return carry.exists(project, year)


def carried(project: Project, report: Checked) -> tuple[str, dict[str, dict[str, int]]]:
    """(the results file, unit name casefolded -> the plan's column -> the report's year-end value)."""
    return carry.table_shown(report), carry.unit_starts(report)
