"""``build --all`` does each piece of work once (each plan checked once, the summary from those checks,
each template parsed once per process) and writes the bytes a build of one document at a time writes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import bench  # benchmarks/bench.py, put on sys.path by conftest
import pytest

from vanban.commands import batch, cli
from vanban.docx import template
from vanban.engine import stamp
from vanban.project import Project

from .conftest import ROOT

COMMUNES = 3


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three generated communes × two years, and the summary of the second year."""
    return bench.communes_project(ROOT, tmp_path_factory.mktemp("province") / "source", COMMUNES)


def _copy(source: Path, target: Path) -> Path:
    import shutil

    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build"))
    return target


def _outputs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}


def test_build_all_on_every_core_writes_what_one_at_a_time_writes(province: Path, tmp_path: Path, capsys):
    together = _copy(province, tmp_path / "together")
    assert cli.build_all(together, jobs=2) == cli.EXIT_OK
    one_by_one = _copy(province, tmp_path / "one-by-one")
    jobs = [job for job in batch.jobs_of(Project(one_by_one)) if job[2] == "ke-hoach"]
    assert len(jobs) == COMMUNES * 2
    for commune, year, _, _ in jobs:
        assert cli.build(one_by_one, year, commune=commune) == cli.EXIT_OK
    assert cli.tong_hop(one_by_one, bench.COMMUNE_YEARS[-1]) == cli.EXIT_OK
    capsys.readouterr()
    written = _outputs(together)
    alone = _outputs(one_by_one)
    # The summary's stamp lists what its rows were made from: under build --all, what each plan's build read
    # (its template too), so at least every input the summary read by itself, each with the same digest.
    stamp_name = f"build/tong-hop/.stamps/tong-hop-giam-ngheo-{bench.COMMUNE_YEARS[-1]}.docx.json"
    both = [json.loads(outputs.pop(stamp_name)) for outputs in (written, alone)]
    for key in ("files", "folders"):
        assert {tuple(i) for i in both[0]["inputs"][key]} >= {tuple(i) for i in both[1]["inputs"][key]}
    for data in both:
        del data["inputs"], data["lint"]["key"]
    assert both[0] == both[1]
    assert written == alone
    # Every plan, its stamp and lint memo, the summary's .docx and .xlsx.
    assert sum(name.endswith(".docx") for name in written) == COMMUNES * 2 + 1
    assert any(name.endswith(".xlsx") for name in written)


def test_each_plan_is_checked_once_and_the_summary_reuses_the_checks(province: Path, tmp_path: Path, checks: Counter, capsys):
    root = _copy(province, tmp_path / "once")
    template.parsed_template.cache_clear()
    assert cli.build_all(root, jobs=1) == cli.EXIT_OK  # one process: the counter sees every check
    assert capsys.readouterr().out.count("đã ghi") == COMMUNES * 2 + 2
    assert checks == Counter({(f"xa-{i:03d}", y): 1 for i in range(1, COMMUNES + 1) for y in bench.COMMUNE_YEARS})
    # One template, parsed once for every document (the summary's is another).
    assert template.parsed_template.cache_info().misses == 2

    # Nothing changed: no plan is built and the summary's stamp holds, so nothing is checked at all.
    checks.clear()
    assert cli.build_all(root, jobs=1) == cli.EXIT_OK
    assert "đã ghi" not in capsys.readouterr().out
    assert checks == Counter()

    # Without its stamp the summary checks each plan itself, once (its year for the table, the other for the
    # trend), since no plan's build ran to give them.
    stamp.forget(
        root / "build" / "tong-hop" / str(bench.COMMUNE_YEARS[-1]) / f"tong-hop-giam-ngheo-{bench.COMMUNE_YEARS[-1]}.docx"
    )
    assert cli.build_all(root, jobs=1) == cli.EXIT_OK
    assert checks == Counter({(f"xa-{i:03d}", y): 1 for i in range(1, COMMUNES + 1) for y in bench.COMMUNE_YEARS})


@pytest.mark.parametrize(
    "broken, status",
    [
        (lambda row: row.replace(",", ",-", 1), cli.EXIT_INPUT),  # a negative household count: unreadable
        (lambda row: row.replace(",,", ",99.99,", 1), cli.EXIT_FINDINGS),  # a stated rate the checks refuse
    ],
)
def test_a_refused_plan_is_reported_by_the_summary_as_tong_hop_does(province: Path, tmp_path: Path, capsys, broken, status):
    outputs = {}
    for name in ("batch", "alone"):
        root = _copy(province, tmp_path / name)
        units = root / "data" / "xa-002" / str(bench.COMMUNE_YEARS[-1]) / "don_vi.csv"
        lines = units.read_text(encoding="utf-8").splitlines()
        lines[1] = broken(lines[1])
        units.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if name == "batch":
            worst = cli.build_all(root, jobs=1)
        else:
            worst = max(cli.build(root, y, commune=c) for c, y, kind, _ in batch.jobs_of(Project(root)) if kind == "ke-hoach")
            worst = max(worst, cli.tong_hop(root, bench.COMMUNE_YEARS[-1]))
        outputs[name] = (worst, capsys.readouterr().err, _outputs(root))
    assert outputs["batch"][0] == outputs["alone"][0] == status
    assert outputs["batch"][1] == outputs["alone"][1] and "xa-002" in outputs["batch"][1]
    assert outputs["batch"][2] == outputs["alone"][2]


def test_a_communes_own_summary_additions_do_not_change_the_summary_build_all_makes(province: Path, tmp_path: Path, capsys):
    """The summary reads the province's declaration only; a commune's own ``tong-hop.rieng.yaml`` (here one that
    adds a column) must not change the rows ``build --all`` makes for it in a worker, nor break the pool."""
    own = "bang:\n  xa:\n    cot:\n      dau_ky: {kieu: so, mo_ta: Đầu kỳ, cong: true, lay: ke-hoach.ho_ngheo_dau_ky}\n"
    roots = {}
    for name in ("together", "alone"):
        root = roots[name] = _copy(province, tmp_path / name)
        (root / "plans" / "xa-002" / "tong-hop.rieng.yaml").write_text(own, encoding="utf-8")
    assert cli.build_all(roots["together"], jobs=2) == cli.EXIT_OK
    for commune, year, kind, _ in batch.jobs_of(Project(roots["alone"])):
        if kind == "ke-hoach":
            assert cli.build(roots["alone"], year, commune=commune) == cli.EXIT_OK
    assert cli.tong_hop(roots["alone"], bench.COMMUNE_YEARS[-1]) == cli.EXIT_OK
    capsys.readouterr()
    summary = f"build/tong-hop/{bench.COMMUNE_YEARS[-1]}/tong-hop-giam-ngheo-{bench.COMMUNE_YEARS[-1]}"
    for suffix in (".docx", ".xlsx"):
        assert (roots["together"] / f"{summary}{suffix}").read_bytes() == (roots["alone"] / f"{summary}{suffix}").read_bytes()


def test_an_input_error_raised_in_a_worker_reaches_the_parent_with_its_findings():
    import pickle

    from vanban.engine.findings import InputError, Place, error

    raised = InputError([error("A001", Place("plans/xa-002/2024.yaml", 3, field="nam"), "sai năm.")])
    again = pickle.loads(pickle.dumps(raised))
    assert again.findings == raised.findings and str(again) == str(raised)
