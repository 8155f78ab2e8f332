"""The one findings printer: findings as text for people or JSON for machines (not the results report,
which is a document kind: kinds/bao_cao)."""

from __future__ import annotations

import json

from vanban.engine.findings import Finding, Severity

_LABEL = {Severity.ERROR: "lỗi", Severity.WARNING: "cảnh báo"}


def format_finding(finding: Finding) -> str:
    place = finding.place
    # A command-line option is named as one: "Tham số --year:", never a bare "--year:" that reads as a typo.
    where = f"Tham số {place}" if place.file.startswith("--") else str(place)
    extra = []
    if place.unit:
        extra.append(f"đơn vị «{place.unit}»")
    if place.field:
        extra.append(f"trường «{place.field}»")
    context = f" ({', '.join(extra)})" if extra else ""
    return f"{where}: {finding.code} [{_LABEL[finding.severity]}]{context} {finding.message}"


def format_text(findings: list[Finding]) -> str:
    lines = [format_finding(f) for f in findings]
    errors = sum(f.severity is Severity.ERROR for f in findings)
    warnings = len(findings) - errors
    if findings:
        lines.append(f"Tổng cộng: {errors} lỗi, {warnings} cảnh báo.")
    return "\n".join(lines)


def format_json(findings: list[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)
