"""The results report (báo cáo kết quả, ký hiệu BC-UBND): year-end and six-month, judged against the plan."""

from __future__ import annotations

from pathlib import Path


def data_dictionary(root: Path) -> str:
    """The report's data dictionary for the README, from ``templates/bao-cao.yaml`` (the plan's tables left out)."""
    from dataclasses import replace

    from vanban.engine.dictionary import markdown
    from vanban.pipeline import declaration
    from vanban.project import Project

    decl = declaration(Project(root), "bao-cao")
    own = replace(decl, tables={k: v for k, v in decl.tables.items() if k not in decl.foreign})
    return markdown(own).replace("`plans/<năm>.yaml`", "`plans/<năm>-bao-cao.yaml`")
