"""Formulas of a declaration: ``ho_ngheo - giam_du_kien``, ``ho_ngheo / tong_so_ho * 100``.

A formula is an arithmetic expression over declared names with ``+ - * /``,
parentheses and number literals, parsed with Python's ``ast`` (never evaluated
by Python). Two shapes carry meaning for the rules:

- a **ratio**, ``part / whole * 100``: a rate, checked at the decimals it is stated with (R001);
- a **sum**, terms joined by ``+`` and ``−``: a count (I001, I002) or a difference of rates (R002).

Values are exact: ``int`` counts, ``Decimal`` rates; a ``None`` operand (a value
not decided yet) makes the result ``None``: nothing is guessed.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from vanban.engine.numbers import percent

Value = int | Decimal


class FormulaError(ValueError):
    """A formula that cannot be read; the message is Vietnamese, for the declaration's finding."""

    def __init__(self, message: str, names: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.names = names  # the names of a cycle, in order, the first repeated last


_OPS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "/"}


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr

    @property
    def names(self) -> tuple[str, ...]:
        """Names used, in order; ``don_vi.giam_du_kien`` (another table's same-named row) as one dotted name."""
        seen: list[str] = []

        def walk(node: ast.expr) -> None:
            if isinstance(node, (ast.Name, ast.Attribute)):
                name = _name(node)
                if name not in seen:
                    seen.append(name)
            elif isinstance(node, ast.BinOp):
                walk(node.left)
                walk(node.right)

        walk(self.tree)
        return tuple(seen)

    def ratio(self) -> tuple[Formula, Formula] | None:
        """(part, whole) when the formula reads ``part / whole * 100``."""
        return self._ratio

    @functools.cached_property
    def _ratio(self) -> tuple[Formula, Formula] | None:  # asked for each row a formula is evaluated on
        tree = self.tree
        if (
            isinstance(tree, ast.BinOp)
            and isinstance(tree.op, ast.Mult)
            and isinstance(tree.right, ast.Constant)
            and tree.right.value == 100
            and isinstance(tree.left, ast.BinOp)
            and isinstance(tree.left.op, ast.Div)
        ):
            return _sub(tree.left.left), _sub(tree.left.right)
        return None

    def terms(self) -> list[tuple[int, str]] | None:
        """[(+1 | -1, name), …] when the formula is names joined by + and −."""
        out: list[tuple[int, str]] = []

        def walk(node: ast.expr, sign: int) -> bool:
            if isinstance(node, (ast.Name, ast.Attribute)):
                out.append((sign, _name(node)))
                return True
            if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
                return walk(node.left, sign) and walk(node.right, sign if isinstance(node.op, ast.Add) else -sign)
            return False

        return out if walk(self.tree, 1) else None

    def evaluate(self, values: Mapping[str, Value | None]) -> Value | None:
        ratio = self.ratio()
        if ratio is not None:  # exactly as ``numbers.percent``, so every rate rounds the same way
            part, whole = ratio[0].evaluate(values), ratio[1].evaluate(values)
            if part is None or whole is None or whole == 0:
                return None
            return percent(part, whole) if isinstance(part, int) and isinstance(whole, int) else Decimal(part) * 100 / whole
        return _evaluate(self.tree, values)

    def render(self, show: Callable[[str], str]) -> str:
        """The formula with each name replaced by ``show(name)``: ``3 − 1``, ``(35 + 82)``."""
        return _render(self.tree, show, top=True)


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    assert isinstance(node, ast.Name)
    return node.id


def _sub(node: ast.expr) -> Formula:
    return Formula(ast.unparse(node), node)


def parse(text: str) -> Formula:
    try:
        tree = ast.parse(str(text).strip(), mode="eval").body
    except SyntaxError:
        raise FormulaError(f"công thức «{text}» sai cú pháp; chỉ dùng tên cột/số liệu, số, + − * / và ngoặc") from None
    for node in ast.walk(tree):
        if isinstance(node, (ast.BinOp, ast.Name, ast.Load)) or type(node) in _OPS:
            continue
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            continue  # bang.cot: the same-named row of another table
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
            continue
        raise FormulaError(f"công thức «{text}» chỉ được dùng tên cột/số liệu, số nguyên, + − * / và ngoặc")
    return Formula(str(text).strip(), tree)


def _evaluate(node: ast.expr, values: Mapping[str, Value | None]) -> Value | None:
    if isinstance(node, (ast.Name, ast.Attribute)):
        return values.get(_name(node))
    if isinstance(node, ast.Constant) and isinstance(node.value, int):  # parse admits whole numbers only
        return node.value
    assert isinstance(node, ast.BinOp)
    left, right = _evaluate(node.left, values), _evaluate(node.right, values)
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if right == 0:
        return None
    return Decimal(left) / Decimal(right)


_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2}


@dataclass(frozen=True)
class Relation:
    """``left op right`` of a declaration's relations: ``cuối = đầu - ra + vào``, ``phần <= tổng``."""

    left: Formula
    op: str  # "=" or "<="
    right: Formula

    def single(self, side: Formula) -> str | None:
        """The name ``side`` is, when it is one name (``ho_ngheo``, ``nguyen_nhan.so_ho``) and nothing else."""
        return side.names[0] if isinstance(side.tree, (ast.Name, ast.Attribute)) else None


_EQUALS = re.compile(r"(?<![<>=!])=(?!=)")  # a declaration's "=" is Python's "==" (never an assignment)
_RELATIONS = {ast.Eq: "=", ast.LtE: "<="}


def parse_relation(text: str) -> Relation:
    """A relation read with Python's parser, its two sides as formulas (see ``parse``)."""
    source = _EQUALS.sub("==", str(text).strip())
    try:
        tree = ast.parse(source, mode="eval").body
    except SyntaxError:
        raise FormulaError(f"quan hệ «{text}» sai cú pháp") from None
    if not isinstance(tree, ast.Compare) or len(tree.ops) != 1 or type(tree.ops[0]) not in _RELATIONS:
        raise FormulaError(f"«{text}» phải là một quan hệ «… = …» hoặc «… <= …»")
    left, right = (ast.get_source_segment(source, side) or "" for side in (tree.left, tree.comparators[0]))
    return Relation(parse(left), _RELATIONS[type(tree.ops[0])], parse(right))


def _render(node: ast.expr, show: Callable[[str], str], *, top: bool = False) -> str:
    """Parentheses only where the reader needs them: ``46 − 11 + 1``, ``(35 + 82) / 2.881``."""
    if isinstance(node, (ast.Name, ast.Attribute)):
        return show(_name(node))
    if isinstance(node, ast.Constant):
        return str(node.value)
    assert isinstance(node, ast.BinOp)
    mine = _PRECEDENCE[type(node.op)]

    def side(child: ast.expr, right: bool) -> str:
        text = _render(child, show)
        if isinstance(child, ast.BinOp):
            theirs = _PRECEDENCE[type(child.op)]
            if theirs < mine or (right and theirs == mine and isinstance(node.op, (ast.Sub, ast.Div))):
                return f"({text})"
        return text

    return f"{side(node.left, False)} {_OPS[type(node.op)]} {side(node.right, True)}"


def order(formulas: Mapping[str, Formula]) -> list[str]:
    """Names in an order where each formula comes after the formulas it uses.

    Raises FormulaError naming the names of a cycle.
    """
    done: list[str] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 2:
            return
        if state.get(name) == 1:
            cycle = path[path.index(name) :] + [name]
            raise FormulaError("công thức vòng tròn: " + " → ".join(cycle), tuple(cycle))
        state[name] = 1
        for used in formulas[name].names:
            if used in formulas:
                visit(used, [*path, name])
        state[name] = 2
        done.append(name)

    for name in formulas:
        visit(name, [])
    return done
