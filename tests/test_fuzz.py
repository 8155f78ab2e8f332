"""Fuzzing the readers of user files (issue 18, "done when"): whatever YAML or CSV text a user saves, the
readers answer with findings (InputError) or data; never a traceback, never a run that grows past a fixed
memory budget (measured with tracemalloc around each read)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban.engine.findings import InputError
from vanban.engine.load import load_csv, load_yaml
from vanban.pipeline import run_checks

from .conftest import copy_project

BUDGET = 64 * 1024 * 1024  # bytes of Python memory one read of a small file may take at its peak

# YAML made of the pieces that break parsers: anchors, aliases, nesting, tags, quotes, control characters.
TOKENS = ["a", "b", ": ", "- ", "\n", "  ", "[", "]", "{", "}", ",", "&x ", "*x", "&y ", "*y", "!!python/object ", "'", '"',
          "#", "<<: ", "? ", "|", ">", "\t", "\x00", "\u200b", "1", "2024-01-01", "~", "${nam}", "%", "@", "`"]  # fmt: skip
yaml_texts = st.lists(st.sampled_from(TOKENS), max_size=80).map("".join)
csv_texts = st.lists(
    st.lists(st.text(alphabet="ab1,;\"'\n\r\t\x00 .-=+", max_size=8), max_size=8).map(",".join), max_size=30
).map("\n".join)


def _read(reader, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    tracemalloc.start()
    try:
        reader(path, path.name)
    except InputError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < BUDGET, f"{peak / 2**20:.0f} MiB for {len(text)} characters"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=yaml_texts)
def test_any_yaml_text_is_data_or_findings(tmp_path: Path, text: str):
    _read(load_yaml, tmp_path / "x.yaml", text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=csv_texts)
def test_any_csv_text_is_data_or_findings(tmp_path: Path, text: str):
    _read(load_csv, tmp_path / "x.csv", text)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=yaml_texts, table=csv_texts)
def test_a_whole_check_of_any_plan_and_table_is_data_or_findings(tmp_path_factory, plan: str, table: str):
    """The plan and the unit table through the whole check, as ``invoke check`` runs it."""
    project = copy_project(tmp_path_factory.mktemp("fuzz") / "project")
    plan_file = project.root / "plans/2024.yaml"
    plan_file.write_text(plan_file.read_text(encoding="utf-8") + plan, encoding="utf-8")
    units = project.root / "data/2024/don_vi.csv"
    units.write_text(units.read_text(encoding="utf-8") + table, encoding="utf-8")
    tracemalloc.start()
    try:
        run_checks(project, 2024)
    except InputError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < BUDGET
