"""Findings are data: a rule code, a severity, a place and a Vietnamese message.

Every step that can object to the input (load, validate, check) returns
findings; one reporter (``report``) prints them. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def column_letter(column: int) -> str:
    """Excel's letters of a column number: 1 → A, 28 → AB."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_reference(line: int | None, column: int | None) -> str:
    """Excel's name of a place in a sheet: ``D7``, a whole row ``7:7``, or nothing."""
    if line is None:
        return ""
    return f"{column_letter(column)}{line}" if column else f"{line}:{line}"


@dataclass(frozen=True, order=True)
class Place:
    """Where a finding points: file (relative to the project), line, column, field, unit; or the page of
    the laid-out document (``lint --render``)."""

    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    unit: str | None = None
    page: int | None = None

    @property
    def sheet_cell(self) -> str | None:
        """Excel's name of the place when it is a workbook's sheet (``so-lieu.xlsx[don_vi]``): ``D7``, ``7:7``."""
        if not self.file.endswith("]") or ".xlsx[" not in self.file or self.line is None:
            return None
        return cell_reference(self.line, self.column)

    def __str__(self) -> str:
        text = self.file
        if (cell := self.sheet_cell) is not None:
            return f"{text}!{cell}"
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        if self.page is not None:
            text += f" (trang {self.page})"
        return text


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    place: Place
    message: str

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        if self.place.page is None:  # only the laid-out page's findings have one; other outputs stay as they were
            del data["place"]["page"]
        if (cell := self.place.sheet_cell) is not None:
            data["place"]["cell"] = cell
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        """The finding ``to_dict`` wrote (a stamp, a memo): its derived ``cell`` is left to ``Place`` to compute."""
        place = {key: value for key, value in data["place"].items() if key != "cell"}
        return cls(data["code"], Severity(data["severity"]), Place(**place), data["message"])


def error(code: str, place: Place, message: str) -> Finding:
    return Finding(code, Severity.ERROR, place, message)


def warning(code: str, place: Place, message: str) -> Finding:
    return Finding(code, Severity.WARNING, place, message)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


class InputError(Exception):
    """Input that cannot be read or validated; carries its findings (exit status 2)."""

    def __init__(self, findings: list[Finding]):
        super().__init__("; ".join(f"{f.place}: {f.message}" for f in findings))
        self.findings = findings

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Finding]]]:
        # Pickled as its findings: raised in a worker of ``build --all``, it reaches the parent as it was
        # (by default an exception is rebuilt from its message, which this constructor does not take).
        return InputError, (self.findings,)
