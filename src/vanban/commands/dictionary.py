"""The data dictionary and the reference of declaration keys, generated: never hand-kept.

``python -m vanban.commands.dictionary [ROOT]`` rewrites, for each kind, its block of the guide's page
``docs/huong-dan/tu-dien-so-lieu.md`` (``<!-- data-dictionary:start -->`` … ``end`` for the plan,
``<!-- data-dictionary:bao-cao:start -->`` … for the report) from ``templates/<kind>.yaml``, and the reference
of every key a declaration may write in ``docs/huong-dan/bang-rieng.md`` from the reader's tables of keys;
``tests/test_declaration.py`` and ``tests/test_report.py`` fail when a block differs from what it is made from.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from vanban.engine.declaration import SECTIONS, Declaration
from vanban.kinds import registry
from vanban.pipeline import declaration
from vanban.project import Project

START, END = "<!-- data-dictionary:start -->", "<!-- data-dictionary:end -->"
KINDS = ("ke-hoach", "bao-cao", "tong-hop")  # the declared kinds with a block on the page
PAGE = Path("docs") / "huong-dan" / "tu-dien-so-lieu.md"  # the guide's data dictionary, under the project root
KEYS_PAGE = Path("docs") / "huong-dan" / "bang-rieng.md"  # the guide's page on a commune's own declaration
KEYS = "<!-- declaration-keys:start -->", "<!-- declaration-keys:end -->"  # its reference of every key
VALUE_TYPE_WORDS = {"so": "số (hộ, khẩu)", "ty_le": "tỷ lệ %", "chu": "văn bản"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markers(kind: str) -> tuple[str, str]:
    """The page's markers around ``kind``'s block (the plan's carry no kind, as before there were others)."""
    if kind == "ke-hoach":
        return START, END
    return f"<!-- data-dictionary:{kind}:start -->", f"<!-- data-dictionary:{kind}:end -->"


def of_kind(root: Path, kind: str) -> str:
    """``kind``'s data dictionary: its own tables (not those it reads from another kind) and its town figures."""
    project = Project(root)
    decl = declaration(project, kind)
    own = replace(decl, tables={k: v for k, v in decl.tables.items() if k not in decl.foreign})
    chosen = registry.kinds(root)[kind]
    if chosen.province:  # plans/tong-hop/<năm>.yaml
        return markdown(own, context=f"plans/{kind}/<năm>.yaml")
    # The context file's name as Project gives it, with the year written out: plans/<năm>-bao-cao.yaml.
    return markdown(own, context=f"plans/<năm>{project.context_file(0, kind).name[1:]}")


def markdown(decl: Declaration, *, context: str = "plans/<năm>.yaml") -> str:
    """Tables and town figures of a kind, with their Vietnamese description and how each is obtained."""
    out: list[str] = []
    for table in decl.tables.values():
        gathered = any(c.gathered for c in table.columns.values())
        # A table gathered from each commune's documents (the summary's) has no file of its own.
        where = "mỗi xã một dòng, lấy từ văn bản của xã" if gathered else f"`data/<năm>/{table.file_name}`"
        out.append(f"Bảng `{table.name}` ({where}): {table.description}.")
        out.append("")
        out.append("| cột | kiểu | mô tả | cách có |")
        out.append("|---|---|---|---|")
        for column in table.columns.values():
            how = []
            if column.gathered is not None:
                how.append(f"lấy `{column.gathered[1]}` từ {registry.shipped_label(column.gathered[0])} của xã")
            if column.formula is not None:
                how.append(f"= `{column.formula.text}`" + ("" if gathered else " nếu để trống"))
            if column.to_fill:
                how.append("để trống: chưa biết, cần điền (P001)" if column.carried else "để trống: chưa quyết định (P001)")
            if column.compared is not None:
                how.append(f"bằng `{column.compared[0]}.{column.compared[1]}` của dòng cùng tên (X003)")
            if not gathered:
                how.append("cột tùy chọn" if column.optional else "cột bắt buộc")
            elif column.key == table.name_column:
                how.append("tên xã: `xa.ten` trong `plans/<mã xã>/xa.yaml`, hoặc tên cơ quan trong kế hoạch")
            if column.totalled:
                how.append("cộng ở dòng «Cộng»")
            out.append(
                f"| `{column.key}` | {VALUE_TYPE_WORDS[column.value_type]} | {_cell(column.description)} | {'; '.join(how)} |"
            )
        out.append("")
    whole = "của dòng «Cộng»" if any(c.gathered for t in decl.tables.values() for c in t.columns.values()) else "toàn xã"
    out.append(f"Số liệu {whole} (`so_lieu:` của `{context}`):")
    out.append("")
    out.append("| khóa | kiểu | mô tả | cách có |")
    out.append("|---|---|---|---|")
    for figure in decl.figures.values():
        how = []
        if figure.column_total is not None:
            how.append(f"= tổng cột `{figure.column_total[0]}.{figure.column_total[1]}`")
        if figure.formula is not None:
            how.append(f"= `{figure.formula.text}`")
        if figure.default is not None:
            how.append(f"không ghi thì bằng `{figure.default}`")
        if figure.required:
            how.append("bắt buộc ghi khóa, có thể để trống (~) để điền sau")
        elif figure.derivable:
            how.append("không ghi thì tính")
        if figure.last_year:
            how.append(f"bằng `{figure.last_year}` năm trước (X001)")
        out.append(
            f"| `{figure.key}` | {VALUE_TYPE_WORDS[figure.value_type]} | {_cell(figure.description)} | {'; '.join(how) or 'tùy chọn'} |"
        )
    out.append("")
    relations = [f"`{f.end} = {f.formula.text}`" for f in decl.flows]
    relations += [f"`{p} <= {w}`" for p, w in decl.bounds]
    relations += [f"`{t}.{c} = {k}`" for t, c, k in decl.table_totals]
    relations += [f"`{given} <= {shared}` (giao đủ chỉ tiêu, T002)" for given, shared in decl.handed_out]
    if relations:
        out.append("Quan hệ được kiểm tra: " + ", ".join(relations) + ".")
    return "\n".join(out)


def keys_reference() -> str:
    """Every key a declaration may write and what it means, from the reader's own tables of keys."""
    out: list[str] = []
    for where, keys in SECTIONS:
        out += ["", f"{where}:", "", "| khóa | ý nghĩa |", "|---|---|"]
        out += [f"| `{key}` | {_cell(meaning)} |" for key, meaning in keys.items()]
    return "\n".join(out[1:])


def rewrite(page: str, kind: str, block: str, marks: tuple[str, str] | None = None) -> str:
    start, end = marks or markers(kind)
    head, rest = page.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{block}\n{end}{tail}"


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path.cwd()
    page = root / PAGE
    text = page.read_text(encoding="utf-8")
    for kind in KINDS:
        text = rewrite(text, kind, of_kind(root, kind))
    page.write_text(text, encoding="utf-8")
    recipe = root / KEYS_PAGE
    recipe.write_text(rewrite(recipe.read_text(encoding="utf-8"), "", keys_reference(), KEYS), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
