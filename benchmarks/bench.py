"""The benchmark behind ``invoke bench``: the build against its floor and its peers, and how it scales.

Everything is measured in one run, on this machine, in a throwaway copy of the
project, each command as its own process the way a user runs it:

- ``floor``: a bare script that only imports docxtpl, renders the same template
  with the same, already computed context and saves it. Nothing can be faster
  while rendering through docxtpl.
- ``build``: ``invoke build --year 2024`` end to end (load, validate, check,
  render, write), the document and its stamp removed before each run so each
  run is a real build; the lint's memo is kept, as after an edit of the figures;
  ``build-lint``: the same from an empty ``build/``, so the Decree 30 lint runs
  too; ``vanban``, ``vanban-lint``: the same two through the thin ``vanban``
  console script instead of invoke.
- ``pandoc``: pandoc converting the same content from Markdown to .docx, if
  pandoc is installed.
- ``check``: ``invoke check --year 2024``; ``noop``: ``invoke build`` again with
  nothing changed; ``startup``: ``invoke --list``.
- ``phases``: where the time of one build goes, measured inside one process.
- ``scaling``: generated plans whose unit table has 10 … 5 000 rows, each size in
  a fresh process: ``vanban.build.build`` timed after a warm-up build (imports
  are not counted), the process's peak resident memory, the lint of the result (median of as many runs as builds),
  and the growth exponent fitted by least squares on log(time) against log(rows).
- ``build --all``: four years built one after another, then on every core.
- ``pdf``: seconds per document converted by a cold LibreOffice run each
  (``to_pdf``), against one run for 20 documents (``to_pdfs``, as ``pdf --all``).
- ``communes``: a repository of 166 generated communes × 2 consecutive years (the
  province of Thanh Hóa after July 2025) plus the summary, in one run: ``build --all``
  from scratch on every core, ``pdf --all`` (one LibreOffice per core), ``tong-hop``
  alone; against their two limits on the same documents: the bare docxtpl render
  of every plan spread over as many processes, and one LibreOffice per core
  converting its share in one run; the ratios, the time and peak memory of the
  largest process, the load average, and a projection to 3 300 communes with the
  cores it would need to finish within ten minutes (``projection``).

Runs of different commands are interleaved, so a noisy neighbour slows all of
them alike. Results go to ``build/bench/results.json`` and ``results.md``.
Python writes its bytecode cache as on a user's machine (``PYTHONDONTWRITEBYTECODE``
is removed from the children's environment) and every command is run once
before it is timed.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

DEFAULT_SIZES = (10, 100, 1000, 5000)
DEFAULT_REPEAT = 5
YEAR = 2024
ALL_YEARS = (2018, 2020, 2022, 2024)  # two years apart: no cross-year checks between copies

# Targets of the issue, as ratios or times measured in the same run.
TARGET_BUILD_OVER_FLOOR = 1.5
TARGET_PDF_BATCH_OVER_COLD = 0.5
TARGET_LINT_SHARE = 0.25
PDF_BATCH = 20
PDF_COLD = 2
TARGET_EXPONENT = 1.1
TARGET_LARGEST_SECONDS = 10.0
TARGET_NOOP_SECONDS = 0.3

FLOOR_SCRIPT = '''\
"""The floor: only docxtpl, rendering the template with the same, already computed context."""
import json
import sys

from docxtpl import DocxTemplate

context = json.load(open(sys.argv[1], encoding="utf-8"))
template = DocxTemplate(sys.argv[2])
template.render(context, autoescape=True)
template.save(sys.argv[3])
'''


# ---------------------------------------------------------------- workspace


def _environment(src: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(src), str(Path(__file__).resolve().parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return env


def copy_project(root: Path, target: Path, *, tasks: bool = True) -> Path:
    """The project's inputs (and tasks.py, to run invoke there), without its build/."""
    for name in ("plans", "data", "templates"):
        shutil.copytree(root / name, target / name)
    if tasks:
        shutil.copy(root / "tasks.py", target / "tasks.py")
    return target


def _rate(part: int, whole: int) -> str:
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def scaled_project(root: Path, target: Path, rows: int) -> Path:
    """A copy of the project whose unit table has ``rows`` units with consistent figures.

    The town figures that follow from the table are left out of the plan (so they
    are computed) and the flows are adjusted, so the plan builds without findings.
    """
    import yaml

    copy_project(root, target, tasks=False)
    shutil.rmtree(target / "data")
    lines = ["don_vi,tong_so_ho,ho_ngheo,ty_le_ho_ngheo,giam_du_kien,ho_ngheo_cuoi_nam,can_bo_phu_trach"]
    poor_total = decrease_total = 0
    for i in range(1, rows + 1):
        households = 150 + (i * 37) % 500
        poor = 1 + (i * 7) % 6
        decrease = (i * 3) % (poor + 1)
        poor_total += poor
        decrease_total += decrease
        lines.append(f"Thôn {i:05d},{households},{poor},{_rate(poor, households)},{decrease},{poor - decrease},Cán bộ số {i}")
    table = target / "data" / str(YEAR) / "don_vi.csv"
    table.parent.mkdir(parents=True)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan_file = target / "plans" / f"{YEAR}.yaml"
    plan = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    figures = plan["so_lieu"]
    from vanban.engine.compute import derivable
    from vanban.pipeline import declaration
    from vanban.project import Project

    for key in derivable(declaration(Project(target))):  # the scaled plans compute these from their table
        figures.pop(key, None)
    figures["ho_ngheo_dau_ky"] = poor_total + figures["ho_ngheo_thoat_ngheo"] - figures["ho_ngheo_phat_sinh"]
    figures["chi_tieu_giao"] = decrease_total  # the target handed down, handed out in full (T002)
    if figures.get("ho_ngheo_khong_kha_nang_lao_dong") is not None:
        figures["ho_ngheo_khong_kha_nang_lao_dong"] = min(figures["ho_ngheo_khong_kha_nang_lao_dong"], poor_total)
    plan_file.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for other in (target / "plans").glob("*.yaml"):
        if other != plan_file:
            other.unlink()
    return target


def _other_year(project_dir: Path, year: int) -> None:
    """Another year with the 2024 figures, for ``build --all``."""
    source = (project_dir / "plans" / f"{YEAR}.yaml").read_text(encoding="utf-8")
    (project_dir / "plans" / f"{year}.yaml").write_text(source.replace(f"nam: {YEAR}", f"nam: {year}", 1), encoding="utf-8")
    (project_dir / "data" / str(year)).mkdir(parents=True, exist_ok=True)
    shutil.copy(project_dir / "data" / str(YEAR) / "don_vi.csv", project_dir / "data" / str(year) / "don_vi.csv")


def _context_json(project_dir: Path, target: Path) -> None:
    """The 2024 plan's template context, computed once, for the floor."""
    from vanban.docx.render import context
    from vanban.engine.findings import has_errors
    from vanban.pipeline import run_checks
    from vanban.project import Project

    checked = run_checks(Project(project_dir), YEAR)
    if has_errors(checked.findings):
        raise RuntimeError(f"the {YEAR} plan has errors; the benchmark needs a plan that builds")
    target.write_text(json.dumps(context(checked.valid, checked.computed), ensure_ascii=False), encoding="utf-8")


def _markdown(context: dict[str, Any]) -> str:
    """The plan's content as Markdown, for pandoc."""
    out = [*context["co_quan_ban_hanh"], "", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "", "**Độc lập - Tự do - Hạnh phúc**", ""]
    out += [f"Số: {context['so']}/{context['ky_hieu']}", "", f"*{context['dia_danh']}, {context['ngay_ban_hanh']}*", ""]
    out += [f"# {context['ten_loai']}", "", f"**{context['trich_yeu']}**", ""]
    marks = {"section": "## ", "clause": "### ", "point": "#### ", "paragraph": ""}
    for block in context["noi_dung"]:
        if block["kind"] == "table":
            out += [
                "| TT | Đơn vị | Hộ nghèo | Tỷ lệ | Dự kiến giảm | Cuối năm | Cán bộ phụ trách |",
                "|---|---|---|---|---|---|---|",
            ]
            for u in context["don_vi"]:
                out.append(
                    f"| {u['stt']} | {u['ten']} | {u['ho_ngheo']} | {u['ty_le']} | {u['giam']} | {u['cuoi_nam']} | {u['can_bo']} |"
                )
            c = context["cong"]
            out += [f"| | Cộng | {c['ho_ngheo']} | {c['ty_le']} | {c['giam']} | {c['cuoi_nam']} | |", ""]
        else:
            out += [marks.get(block["kind"], "") + block["text"], ""]
    out += ["**Nơi nhận:**", "", *(f"{line}  " for line in context["noi_nhan"]), ""]
    out += [f"**{context['quyen_han']}**", "", f"**{context['chuc_vu']}**", "", f"**{context['ho_ten']}**", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- measuring


class _Runner:
    def __init__(self, src: Path):
        self.env = _environment(src)

    def run(self, command: list[str], cwd: Path, *, before: Any = None, check: bool = True) -> tuple[float, str]:
        if before is not None:
            before()
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, env=self.env, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
        return elapsed, done.stdout


def _stats(times: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(times), "min": min(times), "runs": times}


def _python_c(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def _invoke(*args: str) -> list[str]:
    return [sys.executable, "-m", "invoke", *args]


def _vanban(*args: str) -> list[str]:
    """The ``vanban`` console script beside this Python (as installed), else the same entry through ``-m``."""
    script = Path(sys.executable).with_name("vanban")
    if script.is_file():
        return [str(script), *args]
    return [sys.executable, "-m", "vanban.commands.entry", *args]


def fit_exponent(sizes: list[int], times: list[float]) -> float:
    """Least-squares slope of log(time) against log(size): time grows like size ** slope."""
    xs, ys = [math.log(s) for s in sizes], [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def _scale_worker() -> None:
    """In a fresh process: warm up on ``warm``, then build ``project`` ``repeat`` times; print JSON."""
    project_dir, warm_dir, repeat, lint = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
    from vanban.engine.stamp import stamp_file
    from vanban.pipeline import build
    from vanban.project import Project

    def fresh_build(where: Path) -> tuple[float, Any]:
        project = Project(where)
        output = project.output_file(YEAR)
        output.unlink(missing_ok=True)
        stamp_file(output).unlink(missing_ok=True)
        start = time.perf_counter()
        result = build(project, YEAR)
        elapsed = time.perf_counter() - start
        if not result.written or not result.changed:
            raise RuntimeError(f"{where}: not built: {result.findings}")
        return elapsed, result

    fresh_build(warm_dir)
    rss_before = _max_rss()
    times = []
    for _ in range(repeat):
        elapsed, result = fresh_build(project_dir)
        times.append(elapsed)
    rss_peak = _max_rss()
    lint_seconds = lint_file_seconds = None
    if lint:  # the median of as many lints as builds: one run on a shared machine says little
        from vanban.lint import lint as run_lint
        from vanban.lint import lint_document

        # What a build that runs the lint pays: the lint of the tree it saved (``lint_document``); and
        # ``lint FILE`` of the same document, which opens and parses the file first.
        lint_times, file_times = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            lint_document(result.document, "x.docx")
            lint_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            run_lint(result.output, "x.docx")
            file_times.append(time.perf_counter() - start)
        lint_seconds, lint_file_seconds = statistics.median(lint_times), statistics.median(file_times)
    print(
        json.dumps(
            {
                "times": times,
                "rss_before_mb": rss_before,
                "rss_peak_mb": rss_peak,
                "lint_seconds": lint_seconds,
                "lint_file_seconds": lint_file_seconds,
                "output_bytes": result.output.stat().st_size,
            }
        )
    )


def _max_rss() -> float | None:
    """Peak resident memory of this process so far, in MB (None where the OS does not say)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _phases_worker() -> None:
    """In a fresh process: the time of each step of one build of ``project``, then warm builds
    and warm floor renders (imports done, same context) side by side; print JSON."""
    project_dir, repeat = Path(sys.argv[1]), int(sys.argv[2])
    marks: dict[str, float] = {}
    start = last = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        marks[name] = now - last
        last = now

    import yaml  # noqa: F401

    mark("import: PyYAML")
    from vanban.engine import schema, validate  # noqa: F401  the declared models (no validation library)

    mark("import: validation (engine.schema, engine.validate)")
    from vanban import pipeline as build_module
    from vanban.engine import check  # noqa: F401
    from vanban.engine.stamp import stamp_file
    from vanban.project import Project

    mark("import: the rest of the pipeline and checks")
    project = Project(project_dir)
    output = project.output_file(YEAR)
    checked = build_module.run_checks(project, YEAR)
    mark("load, validate, compute, check")
    from vanban.docx import template as engine  # noqa: F401  the docx stack

    mark("import: docxtpl, python-docx, lxml, Jinja2")
    data = build_module.document_bytes(project, checked)
    mark("render (docxtpl) and fix zip timestamps")
    from vanban.docx.write import write_atomic

    write_atomic(output, data)
    mark("write")
    from vanban.lint import lint as run_lint

    run_lint(output, "x.docx")
    mark("Decree 30 lint")
    marks["total in process"] = time.perf_counter() - start

    import io

    from docxtpl import DocxTemplate

    from vanban.docx.render import context

    ctx = context(checked.valid, checked.computed)
    warm: dict[str, list[float]] = {"floor": [], "build": []}
    for _ in range(repeat):
        begin = time.perf_counter()
        template = DocxTemplate(str(project.template_file))
        template.render(json.loads(json.dumps(ctx)), autoescape=True)
        template.save(io.BytesIO())
        warm["floor"].append(time.perf_counter() - begin)
        output.unlink()
        stamp_file(output).unlink(missing_ok=True)
        begin = time.perf_counter()
        build_module.build(project, YEAR)
        warm["build"].append(time.perf_counter() - begin)
    print(json.dumps({"phases": marks, "warm": warm}))


# ---------------------------------------------------------------- the run


def run(
    root: Path,
    out_dir: Path,
    *,
    sizes: list[int],
    repeat: int,
    log: Any = print,
    pdf_documents: int = PDF_BATCH,
    communes: int = 0,
) -> dict[str, Any]:
    """Measure everything; write results.json and results.md to ``out_dir``; return the results."""
    root = root.resolve()
    src = Path(__file__).resolve().parents[1] / "src"
    runner = _Runner(src)
    scale_repeat = max(1, min(repeat, 3))
    results: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average_before": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        },
        "commit": _git_commit(root),
        "repeat": repeat,
    }
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        work = Path(tmp)
        project = copy_project(root, work / "project")
        build_dir = project / "build"
        context_file = work / "context.json"
        _context_json(project, context_file)
        (work / "floor.py").write_text(FLOOR_SCRIPT, encoding="utf-8")
        template = project / "templates" / "ke-hoach.docx"
        pandoc = shutil.which("pandoc")
        if pandoc:
            (work / "plan.md").write_text(_markdown(json.loads(context_file.read_text(encoding="utf-8"))), encoding="utf-8")
            results["pandoc_version"] = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[
                0
            ]

        def clean() -> None:
            shutil.rmtree(build_dir, ignore_errors=True)

        def clean_document() -> None:  # the document and its stamp; the lint's memo stays
            for path in (
                build_dir / str(YEAR) / f"ke-hoach-giam-ngheo-{YEAR}.docx",
                build_dir / ".stamps" / f"ke-hoach-giam-ngheo-{YEAR}.docx.json",
            ):
                path.unlink(missing_ok=True)

        year = str(YEAR)
        scenarios: dict[str, tuple[list[str], Path, Any]] = {
            "floor": (
                [sys.executable, str(work / "floor.py"), str(context_file), str(template), str(work / "floor.docx")],
                work,
                None,
            ),
            "build": (_invoke("build", "--year", year), project, clean_document),
            "build-lint": (_invoke("build", "--year", year), project, clean),
            "vanban": (_vanban("build", "--year", year), project, clean_document),
            "vanban-lint": (_vanban("build", "--year", year), project, clean),
            "check": (_invoke("check", "--year", year), project, None),
            "startup": (_invoke("--list"), project, None),
        }
        if pandoc:
            scenarios["pandoc"] = (
                [pandoc, "-f", "markdown", "-t", "docx", "-o", str(work / "pandoc.docx"), str(work / "plan.md")],
                work,
                None,
            )
        log(f"bench: {', '.join(scenarios)} × {repeat}, interleaved …")
        for command, cwd, before in scenarios.values():  # once untimed: bytecode cache, disk cache
            runner.run(command, cwd, before=before)
        times: dict[str, list[float]] = {name: [] for name in scenarios}
        for _ in range(repeat):
            for name, (command, cwd, before) in scenarios.items():
                times[name].append(runner.run(command, cwd, before=before)[0])

        log("bench: no-op rebuild …")
        clean()
        runner.run(_invoke("build", "--year", year), project)
        output = project / "build" / year / f"ke-hoach-giam-ngheo-{year}.docx"
        stamp_before = output.stat().st_mtime_ns
        noop_messages = set()
        times["noop"] = []
        for _ in range(repeat):
            elapsed, out = runner.run(_invoke("build", "--year", year), project)
            times["noop"].append(elapsed)
            noop_messages.add(out.strip())
        results["noop_untouched"] = output.stat().st_mtime_ns == stamp_before
        results["noop_message"] = sorted(noop_messages)
        results["commands"] = {name: _stats(t) for name, t in times.items()}

        log("bench: where the time of one build goes …")
        phases: list[dict[str, float]] = []
        warm: dict[str, list[float]] = {"floor": [], "build": []}
        for _ in range(scale_repeat):
            clean()
            code = "from bench import _phases_worker; _phases_worker()"
            measured = json.loads(runner.run(_python_c(code, str(project), str(repeat)), work)[1].strip().splitlines()[-1])
            phases.append(measured["phases"])
            for name, t in measured["warm"].items():
                warm[name] += t
        results["phases"] = {name: statistics.median(p[name] for p in phases) for name in phases[0]}
        results["warm"] = {name: _stats(t) for name, t in warm.items()}

        scaling = []
        for rows in sizes:
            log(f"bench: {rows} rows …")
            scaled = scaled_project(root, work / f"rows-{rows}", rows)
            code = "import sys; sys.argv[0] = 'bench'; from bench import _scale_worker; _scale_worker()"
            out = runner.run(_python_c(code, str(scaled), str(project), str(scale_repeat), "1"), work)[1]
            measured = json.loads(out.strip().splitlines()[-1])
            scaling.append({"rows": rows, **_stats(measured.pop("times")), **measured})
            shutil.rmtree(scaled)
        results["scaling"] = scaling
        if len(sizes) >= 2:
            results["exponent"] = fit_exponent(sizes, [s["median"] for s in scaling])
            results["exponent_largest_two"] = fit_exponent(sizes[-2:], [s["median"] for s in scaling[-2:]])

        log(f"bench: build --all, {len(ALL_YEARS)} years …")
        every = copy_project(root, work / "all-years", tasks=False)
        shutil.rmtree(every / "plans" / "tong-hop", ignore_errors=True)  # the plans alone, as before communes
        for other in every.glob("plans/*.yaml"):
            if other.stem != year:
                other.unlink()
        for y in ALL_YEARS:
            if y != YEAR:
                _other_year(every, y)

        def clean_all() -> None:
            shutil.rmtree(every / "build", ignore_errors=True)

        code = "import sys; from pathlib import Path; from vanban.commands import cli; sys.exit(cli.build_all(Path('.'), jobs=int(sys.argv[1])))"
        jobs: dict[str, list[float]] = {"1": [], str(os.cpu_count() or 1): []}
        for _ in range(scale_repeat):
            for j, t in jobs.items():
                t.append(runner.run(_python_c(code, j), every, before=clean_all)[0])
        results["build_all"] = {"years": len(ALL_YEARS), "jobs": {j: _stats(t) for j, t in jobs.items()}}

        log(f"bench: PDF, {PDF_COLD} cold conversions against one run for {pdf_documents} documents …")
        results["pdf"] = _pdf_bench(output, work / "pdf", scale_repeat, pdf_documents)
        if communes:
            log(f"bench: {communes} communes × {len(COMMUNE_YEARS)} years, build --all and tong-hop …")
            results["communes"] = communes_scenario(root, work / "communes", communes, runner, repeat=scale_repeat)

    results["machine"]["load_average_after"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    results["ratios"] = _ratios(results)
    results["targets"] = _targets(results)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (out_dir / "results.md").write_text(markdown(results), encoding="utf-8")
    return results


def _pdf_bench(docx: Path, work: Path, repeat: int, documents: int) -> dict[str, Any] | None:
    """Seconds per document: a cold LibreOffice per document against one run for ``documents`` documents."""
    from vanban.office import pdf

    if pdf.find_soffice() is None:
        return None
    work.mkdir()
    copies = []
    for i in range(1, documents + 1):  # as `pdf --all` would find them
        copy = work / f"van-ban-{i:02d}.docx"
        shutil.copy(docx, copy)
        copies.append(copy)
    cold: list[float] = []
    batch: list[float] = []
    pdf.to_pdf(copies[0])  # once untimed: disk cache
    for _ in range(repeat):
        for copy in copies[:PDF_COLD]:
            start = time.perf_counter()
            pdf.to_pdf(copy)
            cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        done = pdf.to_pdfs(copies)
        batch.append((time.perf_counter() - start) / len(copies))
        if done.failures or len(done.converted) != len(copies):
            raise RuntimeError(f"batch conversion failed: {done.failures}")
    return {"documents": documents, "cold_per_document": _stats(cold), "batch_per_document": _stats(batch)}


def _git_commit(root: Path) -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.strip() or None


def _ratios(results: dict[str, Any]) -> dict[str, float]:
    commands = results["commands"]
    floor = commands["floor"]["median"]
    ratios = {f"{name}/floor": c["median"] / floor for name, c in commands.items() if name != "floor"}
    # The fastest of the interleaved runs against the fastest floor: what a command costs when no
    # neighbour on a shared machine slows it (a neighbour only ever adds time).
    fastest = commands["floor"]["min"]
    ratios |= {f"{name}/floor (min)": c["min"] / fastest for name, c in commands.items() if name != "floor"}
    warm = results["warm"]
    ratios["warm build/warm floor"] = warm["build"]["median"] / warm["floor"]["median"]
    jobs = results["build_all"]["jobs"]
    serial, *parallel = jobs.values()
    if parallel:
        ratios["build_all speed-up"] = serial["median"] / parallel[-1]["median"]
    if results.get("pdf"):
        p = results["pdf"]
        ratios["pdf batch/cold per document"] = p["batch_per_document"]["median"] / p["cold_per_document"]["median"]
    if "communes" in results:
        c = results["communes"]
        for name, limit in (("build_all", "render_limit"), ("pdf_all", "libreoffice_limit")):
            if name in c and limit in c:
                ratios[f"{name}/{limit}"] = c[name]["median"] / c[limit]["median"]
                ratios[f"{name}/{limit} (min)"] = c[name]["min"] / c[limit]["min"]
    largest = results["scaling"][-1]
    if largest.get("lint_seconds") is not None:
        ratios[f"lint share at {largest['rows']} rows"] = largest["lint_seconds"] / (largest["median"] + largest["lint_seconds"])
    return ratios


def _targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    commands, ratios = results["commands"], results["ratios"]
    targets = [
        {
            "target": f"{entry} build ≤ {TARGET_BUILD_OVER_FLOOR} × floor",
            "measured": f"{ratios[f'{name}/floor (min)']:.2f} × fastest, {ratios[f'{name}/floor']:.2f} × median "
            f"({ratios[f'{name}-lint/floor (min)']:.2f} × / {ratios[f'{name}-lint/floor']:.2f} × when the lint runs)",
            "holds": ratios[f"{name}/floor (min)"] <= TARGET_BUILD_OVER_FLOOR,
        }
        for entry, name in (("invoke", "build"), ("vanban", "vanban"))
    ]
    targets += [
        {
            "target": f"no-op rebuild < {TARGET_NOOP_SECONDS} s, file untouched",
            "measured": f"{commands['noop']['median']:.3f} s, {'untouched' if results['noop_untouched'] else 'REWRITTEN'}",
            "holds": commands["noop"]["median"] < TARGET_NOOP_SECONDS and results["noop_untouched"],
        },
    ]
    if results.get("pdf"):
        share = ratios["pdf batch/cold per document"]
        targets.append(
            {
                "target": f"pdf --all per document ≤ {TARGET_PDF_BATCH_OVER_COLD} × a cold conversion",
                "measured": f"{share:.2f} ×",
                "holds": share <= TARGET_PDF_BATCH_OVER_COLD,
            }
        )
    scaling = results["scaling"]
    lint_key = f"lint share at {scaling[-1]['rows']} rows"
    if lint_key in ratios:
        targets.append(
            {
                "target": f"lint ≤ {TARGET_LINT_SHARE:.0%} of a {scaling[-1]['rows']:,}-row build that runs it",
                "measured": f"{ratios[lint_key]:.0%}",
                "holds": ratios[lint_key] <= TARGET_LINT_SHARE,
            }
        )
    if "exponent" in results:
        targets.append(
            {
                "target": f"growth ≤ n^{TARGET_EXPONENT} up to {scaling[-1]['rows']:,} rows",
                "measured": f"n^{results['exponent']:.2f} (n^{results['exponent_largest_two']:.2f} between the two largest)",
                "holds": results["exponent"] <= TARGET_EXPONENT,
            }
        )
    largest = scaling[-1]
    targets.append(
        {
            "target": f"{largest['rows']:,} rows < {TARGET_LARGEST_SECONDS:.0f} s",
            "measured": f"{largest['median']:.2f} s",
            "holds": largest["median"] < TARGET_LARGEST_SECONDS,
        }
    )
    for name, limit, bound, label, limit_label in (
        ("build_all", "render_limit", TARGET_BUILD_ALL_OVER_RENDER_LIMIT, "build --all", "the parallel render limit"),
        ("pdf_all", "libreoffice_limit", TARGET_PDF_ALL_OVER_LIBREOFFICE_LIMIT, "pdf --all", "the parallel LibreOffice limit"),
    ):
        if f"{name}/{limit}" in ratios:
            targets.append(
                {
                    "target": f"{results['communes']['communes']} communes: {label} ≤ {bound} × {limit_label}",
                    "measured": f"{ratios[f'{name}/{limit}']:.2f} × median, {ratios[f'{name}/{limit} (min)']:.2f} × fastest",
                    "holds": ratios[f"{name}/{limit}"] <= bound,
                }
            )
    jobs = results["build_all"]["jobs"]
    targets.append(
        {
            "target": "invoke build --all uses every core",
            "measured": f"{max(int(j) for j in jobs)} processes on {results['machine']['cpus']} cores, "
            f"{ratios.get('build_all speed-up', 1):.2f} × faster than one",
            "holds": max(int(j) for j in jobs) >= (results["machine"]["cpus"] or 1),
        }
    )
    return targets


_LABELS = {
    "floor": "floor: bare script, docxtpl render + save",
    "build": "`invoke build --year 2024` (full build, lint memo kept)",
    "build-lint": "`invoke build --year 2024` from an empty build/ (the lint runs)",
    "vanban": "`vanban build --year 2024` (full build, lint memo kept)",
    "vanban-lint": "`vanban build --year 2024` from an empty build/ (the lint runs)",
    "pandoc": "pandoc, same content Markdown → .docx",
    "check": "`invoke check --year 2024`",
    "noop": "`invoke build --year 2024`, nothing changed",
    "startup": "`invoke --list`",
}


def markdown(results: dict[str, Any]) -> str:
    machine = results["machine"]
    load = machine.get("load_average_before")
    lines = [
        f"vanban benchmark, {results['date']}, commit {results.get('commit') or '?'}: {machine['cpus']} cores, "
        f"Python {machine['python']}, {machine['platform']}"
        + (f", load average {load[0]:.2f} before" if load else "")
        + f"; median of {results['repeat']} runs.",
        "",
        "| command | median | min | × floor (median) | × floor (min) |",
        "|---|---:|---:|---:|---:|",
    ]
    commands = results["commands"]
    floor = commands["floor"]["median"]
    for name in ("floor", "build", "build-lint", "vanban", "vanban-lint", "pandoc", "check", "noop", "startup"):
        if name in commands:
            c = commands[name]
            lines.append(
                f"| {_LABELS[name]} | {c['median']:.3f} s | {c['min']:.3f} s | {c['median'] / floor:.2f} | "
                f"{c['min'] / commands['floor']['min']:.2f} |"
            )
        elif name == "pandoc":
            lines.append(f"| {_LABELS[name]} | not installed | | | |")
    lines += ["", "Where one build's time goes (inside one process, median):", "", "| step | time |", "|---|---:|"]
    lines += [f"| {name} | {seconds:.3f} s |" for name, seconds in results["phases"].items()]
    warm = results["warm"]
    lines += [
        "",
        "The same work once imports are done (inside one process, same context, build without lint):",
        "",
        "| warm, in process | median | min | × warm floor |",
        "|---|---:|---:|---:|",
    ]
    for name, label in (("floor", "floor: docxtpl render + save"), ("build", "`vanban.build.build` (full build)")):
        w = warm[name]
        lines.append(f"| {label} | {w['median']:.3f} s | {w['min']:.3f} s | {w['median'] / warm['floor']['median']:.2f} |")
    lines += [
        "",
        "Generated plans, `vanban.build.build` in a warmed-up process (imports not counted); "
        "peak memory is the process's peak resident set; the lint of the build's tree, in brackets `lint FILE` "
        "of the written file (medians):",
        "",
        "| rows | build median | min | each 1 000 rows more | peak memory | over the warmed-up process | .docx | lint |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    first = results["scaling"][0]
    for s in results["scaling"]:
        peak, before = s.get("rss_peak_mb"), s.get("rss_before_mb")
        memory = f"{peak:.0f} MB" if peak is not None else "n/a"
        extra = f"{peak - before:.0f} MB" if peak is not None and before is not None else "n/a"
        lint = f"{s['lint_seconds']:.2f} s" if s.get("lint_seconds") is not None else "n/a"
        if s.get("lint_file_seconds") is not None:
            lint += f" ({s['lint_file_seconds']:.2f} s)"
        more = (s["median"] - first["median"]) / (s["rows"] - first["rows"]) * 1000 if s is not first else None
        more_text = "" if more is None else f"{more:.3f} s"
        lines.append(
            f"| {s['rows']:,} | {s['median']:.3f} s | {s['min']:.3f} s | {more_text} | "
            f"{memory} | {extra} | {s['output_bytes'] / 1024:.0f} KB | {lint} |"
        )
    if "exponent" in results:
        sizes = ", ".join(f"{s['rows']:,}" for s in results["scaling"])
        lines += [
            "",
            f"Fitted growth: time ∝ rows^{results['exponent']:.2f} over {sizes} rows "
            f"(rows^{results['exponent_largest_two']:.2f} between the two largest).",
        ]
    if results.get("pdf"):
        p = results["pdf"]
        cold, batch = p["cold_per_document"], p["batch_per_document"]
        lines += [
            "",
            f"PDF through LibreOffice, seconds per document ({p['documents']} documents in the batch):",
            "",
            "| conversion | median | min | × cold |",
            "|---|---:|---:|---:|",
            f"| cold: one LibreOffice run per document (`to_pdf`) | {cold['median']:.3f} s | {cold['min']:.3f} s | 1.00 |",
            f"| batch: one run for all (`to_pdfs`, `pdf --all`) | {batch['median']:.3f} s | {batch['min']:.3f} s | "
            f"{batch['median'] / cold['median']:.2f} |",
        ]
    build_all = results["build_all"]
    lines += [
        "",
        f"`build --all`, {build_all['years']} years, from scratch:",
        "",
        "| processes | median | min |",
        "|---:|---:|---:|",
    ]
    lines += [f"| {j} | {s['median']:.3f} s | {s['min']:.3f} s |" for j, s in build_all["jobs"].items()]
    if "communes" in results:
        c = results["communes"]
        lines += [
            "",
            f"{c['communes']} communes × {c['years']} years ({c['documents']} documents, the summary included), from scratch, every core:",
            "",
            "| command | median | min | peak memory (largest process) |",
            "|---|---:|---:|---:|",
            f"| `invoke build --all` | {c['build_all']['median']:.1f} s | {c['build_all']['min']:.1f} s | {c['build_all']['peak_mb']:.0f} MB |",
            f"| `invoke tong-hop --year {COMMUNE_YEARS[-1]}` | {c['tong_hop']['median']:.1f} s | {c['tong_hop']['min']:.1f} s | {c['tong_hop']['peak_mb']:.0f} MB |",
        ]
        cores = c.get("cores", machine["cpus"])
        if "render_limit" in c:
            lines.append(
                f"| limit: bare docxtpl render of the {c['plans']} plans on {cores} processes | "
                f"{c['render_limit']['median']:.1f} s | {c['render_limit']['min']:.1f} s | {c['render_limit']['peak_mb']:.0f} MB |"
            )
        if "pdf_all" in c:
            per_doc = c["pdf_all"]["median"] / max(1, c["pdfs"])
            lines.append(
                f"| `invoke pdf --all` ({c['pdfs']} documents, one LibreOffice per core) | {c['pdf_all']['median']:.1f} s "
                f"({per_doc:.2f} s a document) | {c['pdf_all']['min']:.1f} s | {c['pdf_all']['peak_mb']:.0f} MB |"
            )
        if "libreoffice_limit" in c:
            lines.append(
                f"| limit: {cores} LibreOffice processes, one run each, the same {c['plans']} .docx | "
                f"{c['libreoffice_limit']['median']:.1f} s | {c['libreoffice_limit']['min']:.1f} s | "
                f"{c['libreoffice_limit']['peak_mb']:.0f} MB |"
            )
        ratios = results.get("ratios", {})
        for name, limit, label in (("build_all", "render_limit", "build --all"), ("pdf_all", "libreoffice_limit", "pdf --all")):
            if f"{name}/{limit}" in ratios:
                lines.append(
                    f"| {label} ÷ its limit | {ratios[f'{name}/{limit}']:.2f} × | {ratios[f'{name}/{limit} (min)']:.2f} × | |"
                )
        if c.get("load_average"):
            ones = [entry[0] for entry in c["load_average"]]
            lines += ["", f"Load average (1 min) before each step: {min(ones):.1f}–{max(ones):.1f}."]
        if "projection" in c:
            p = c["projection"]
            cores_text = (
                f"{p['cores_for_ten_minutes']} cores"
                if p["cores_for_ten_minutes"] is not None
                else "no number of cores (the summary alone takes longer)"
            )
            lines += [
                "",
                f"Projected to {p['communes']:,} communes (`build --all`, then `pdf --all`): "
                f"{p['seconds_on_this_machine'] / 60:.0f} min on these {p['cores_here']} cores, of which "
                f"{p['serial_seconds'] / 60:.1f} min for the summary in one process; within "
                f"{PROJECTION_SECONDS / 60:.0f} minutes on {cores_text}.",
            ]
    lines += ["", "| target | measured | holds |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['measured']} | {'yes' if t['holds'] else '**no**'} |" for t in results["targets"]]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- many communes

COMMUNE_YEARS = (2023, 2024)
# What a commune keeps once (plans/<commune>/xa.yaml) rather than in every year's plan.
SETTINGS_DOCUMENT_KEYS = ("co_quan_ban_hanh", "ten_co_quan", "ky_hieu", "dia_danh", "ten_loai")

MEASURE_SCRIPT = """\
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "peak_kb": peak, "status": done.returncode, "stderr": done.stderr[-2000:]}))
"""


def communes_project(root: Path, target: Path, communes: int) -> Path:
    """``communes`` generated communes, each with settings and two consecutive, consistent years.

    Each is Hà Trung's plan with its own name and households (+0…4 per unit); the
    second year starts where the first planned to end, so the cross-year checks run
    and pass. The summary's YAML is the repository's, for the second year.
    """
    import yaml

    from vanban.engine.compute import derivable
    from vanban.pipeline import declaration
    from vanban.project import Project

    copy_project(root, target, tasks=False)
    derived = derivable(declaration(Project(target)))
    base = yaml.safe_load((target / "plans" / f"{YEAR}.yaml").read_text(encoding="utf-8"))
    units = (target / "data" / str(YEAR) / "don_vi.csv").read_text(encoding="utf-8").splitlines()[1:]
    summary = (target / "plans" / "tong-hop" / f"{YEAR}.yaml").read_text(encoding="utf-8")
    shutil.rmtree(target / "plans")
    shutil.rmtree(target / "data")
    header = "don_vi,tong_so_ho,ho_ngheo,ty_le_ho_ngheo,giam_du_kien,ho_ngheo_cuoi_nam,can_bo_phu_trach"
    first, second = COMMUNE_YEARS
    for i in range(1, communes + 1):
        slug, name = f"xa-{i:03d}", f"Xã Thử Nghiệm {i:03d}"
        plans = target / "plans" / slug
        plans.mkdir(parents=True)
        document = dict(base["van_ban"])
        settings = {
            "xa": {"ten": name, "loai": "xã"},
            "van_ban": {k: document.pop(k) for k in SETTINGS_DOCUMENT_KEYS},
            "noi_nhan": base["noi_nhan"],
            "ky": base["ky"],
        }
        settings["van_ban"]["co_quan_ban_hanh"] = ["ỦY BAN NHÂN DÂN", name.upper()]
        settings["van_ban"]["ten_co_quan"] = f"UBND {name}"
        (plans / "xa.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
        rows_first, rows_second, poor_first, end_first = [], [], 0, 0
        for line in units:
            unit, households, poor, _rate_text, decrease, _end, officer = line.split(",")
            households_i, poor_i, decrease_i = int(households) + i % 5, int(poor), int(decrease)
            end = poor_i - decrease_i
            poor_first, end_first = poor_first + poor_i, end_first + end
            rows_first.append(f"{unit},{households_i},{poor_i},,{decrease_i},,{officer}")
            rows_second.append(f"{unit},{households_i},{end},,{min(1, end)},,{officer}")
        for year, rows in ((first, rows_first), (second, rows_second)):
            plan = {k: v for k, v in base.items() if k not in ("noi_nhan", "ky")}
            plan["nam"] = year
            plan["van_ban"] = {**document, "ngay": dt.date(year, 1, 4)}
            # Cited documents move with the year: a plan never cites a document issued after it (V001).
            plan["can_cu"] = {
                key: {**c, "ngay": c["ngay"].replace(year=c["ngay"].year - (YEAR - year))}
                if isinstance(c.get("ngay"), dt.date)
                else c
                for key, c in base.get("can_cu", {}).items()
            }
            figures = {k: v for k, v in base["so_lieu"].items() if k not in derived}
            if year == second:  # starts where the first year planned to end
                figures.update(ho_ngheo_dau_ky=poor_first, ho_ngheo_thoat_ngheo=poor_first - end_first + 1, ho_ngheo_phat_sinh=1)
                figures["ho_can_ngheo_dau_ky"] = base["so_lieu"]["ho_can_ngheo"]
            else:
                figures["ho_ngheo_dau_ky"] = poor_first + figures["ho_ngheo_thoat_ngheo"] - figures["ho_ngheo_phat_sinh"]
            figures["chi_tieu_giao"] = sum(int(row.split(",")[4]) for row in rows)  # handed out in full (T002)
            plan["so_lieu"] = figures
            (plans / f"{year}.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
            table = target / "data" / slug / str(year) / "don_vi.csv"
            table.parent.mkdir(parents=True)
            table.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    (target / "plans" / "tong-hop").mkdir(parents=True)
    (target / "plans" / "tong-hop" / f"{second}.yaml").write_text(
        summary.replace(f"nam: {YEAR}", f"nam: {second}"), encoding="utf-8"
    )
    return target


# The parallel render limit: the same documents' bare docxtpl render (template, context, save: what the
# floor does for one), spread over the same number of processes as ``build --all``, docxtpl imported
# before the workers fork as ``build --all`` imports its pipeline.
RENDER_LIMIT_SCRIPT = """\
import json, multiprocessing, sys

import docxtpl


def render(job):
    context_file, template, output = job
    with open(context_file, encoding="utf-8") as handle:
        context = json.load(handle)
    document = docxtpl.DocxTemplate(template)
    document.render(context, autoescape=True)
    document.save(output)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        jobs = json.load(handle)
    workers = int(sys.argv[2])
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with context.Pool(workers) as pool:
        pool.map(render, jobs, chunksize=max(1, len(jobs) // (workers * 8)))
"""

# The parallel LibreOffice limit: one LibreOffice per core, each with its own profile, converting its share of
# the same documents in one run (no cap per run, no staging, no check, no stamp).
LIBREOFFICE_LIMIT_SCRIPT = """\
import json, subprocess, sys, tempfile
from pathlib import Path

soffice, lanes = sys.argv[1], int(sys.argv[2])
with open(sys.argv[3], encoding="utf-8") as handle:
    documents = json.load(handle)["staged"]
with tempfile.TemporaryDirectory(prefix="vanban-lo-limit-") as tmp:
    size, extra = divmod(len(documents), lanes)
    running, start = [], 0
    for lane in range(lanes):
        end = start + size + (1 if lane < extra else 0)
        share, start = documents[start:end], end
        profile, outdir = Path(tmp) / f"profile-{lane}", Path(tmp) / f"out-{lane}"
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nolockcheck",
                   "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), *share]
        running.append((subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), outdir, len(share)))
    made = 0
    for process, outdir, count in running:
        process.wait()
        made += len(list(outdir.glob("*.pdf")))
    if made != len(documents):
        sys.exit(f"{made} PDFs of {len(documents)}")
"""

# The province-wide projection: about 3 300 communes in Viet Nam after the 2025 merger, and ten minutes.
NATIONAL_COMMUNES = 3300
PROJECTION_SECONDS = 600.0
TARGET_BUILD_ALL_OVER_RENDER_LIMIT = 1.5
TARGET_PDF_ALL_OVER_LIBREOFFICE_LIMIT = 1.3


def _limit_inputs(project: Path, work: Path) -> tuple[Path, Path]:
    """For the limits: every plan's template context as JSON (computed once, untimed) with its template and an
    output, and the list of the plans built, as ``build --all`` and ``pdf --all`` see them."""
    from vanban.commands.batch import jobs_of
    from vanban.commands.cli import job_output
    from vanban.docx.render import context
    from vanban.pipeline import run_checks
    from vanban.project import Project

    repository = Project(project)
    contexts = work / "contexts"
    contexts.mkdir(parents=True, exist_ok=True)
    jobs, documents = [], []
    for index, job in enumerate(j for j in jobs_of(repository) if j[2] == "ke-hoach"):  # the plans
        here = repository.for_commune(job[0])
        checked = run_checks(here, job[1])
        context_file = contexts / f"{index:05d}.json"
        context_file.write_text(json.dumps(context(checked.valid, checked.computed), ensure_ascii=False), encoding="utf-8")
        jobs.append([str(context_file), str(here.template_file), str(contexts / f"{index:05d}.docx")])
        documents.append(str(job_output(repository, job)))
    render_jobs, pdf_documents = work / "render-jobs.json", work / "pdf-documents.json"
    render_jobs.write_text(json.dumps(jobs), encoding="utf-8")
    # LibreOffice names each PDF after its input, in one folder per process: the plans of every commune share
    # two names, so the limit converts copies named apart (``_stage_pdf_inputs``, between the timed steps).
    staged = work / "docx"
    pdf_documents.write_text(
        json.dumps({"sources": documents, "staged": [str(staged / f"{i:05d}.docx") for i in range(len(documents))]}),
        encoding="utf-8",
    )
    return render_jobs, pdf_documents


def _forget_summary(project: Path) -> None:
    """The summary's stamps (not the laid-out page's memo): its next ``tong-hop`` does the work again."""
    for path in (project / "build" / "tong-hop" / ".stamps").glob("*.docx.json"):
        path.unlink()


def _stage_pdf_inputs(pdf_documents: Path) -> None:
    listed = json.loads(pdf_documents.read_text(encoding="utf-8"))
    for source, staged in zip(listed["sources"], listed["staged"], strict=True):
        Path(staged).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, staged)


def projection(result: dict[str, Any], cores: int) -> dict[str, Any]:
    """``build --all`` then ``pdf --all`` for NATIONAL_COMMUNES communes, from this run's medians.

    The work of both grows with the communes and spreads over the cores, except the province summary at the
    end of ``build --all``, one process (taken as ``tong-hop`` alone, an upper bound): with ``c`` cores,
    T(c) = (build --all + pdf --all − summary) × k × cores / c + summary × k, k = NATIONAL_COMMUNES / communes.
    The cores needed are the fewest with T(c) ≤ PROJECTION_SECONDS (None when the summary alone is longer).
    """
    scale = NATIONAL_COMMUNES / result["communes"]
    serial = result["tong_hop"]["median"]
    total = result["build_all"]["median"] + result.get("pdf_all", {}).get("median", 0.0)
    parallel = max(total - serial, 0.0)
    here = parallel * scale + serial * scale
    room = PROJECTION_SECONDS - serial * scale
    needed = math.ceil(parallel * scale * cores / room) if room > 0 else None
    return {
        "communes": NATIONAL_COMMUNES,
        "seconds_on_this_machine": here,
        "cores_here": cores,
        "serial_seconds": serial * scale,
        "cores_for_ten_minutes": needed,
    }


def communes_scenario(root: Path, target: Path, communes: int, runner: _Runner, *, repeat: int = 1) -> dict[str, Any]:
    """``build --all`` (every commune × year, then the summary) from scratch on every core, ``pdf --all`` (every
    document in one LibreOffice run) and ``tong-hop`` alone."""
    project = communes_project(root, target, communes)
    measure = target.parent / "measure.py"
    measure.write_text(MEASURE_SCRIPT, encoding="utf-8")
    build_all = "import sys; from pathlib import Path; from vanban.commands import cli; sys.exit(cli.build_all(Path('.')))"
    tong_hop = f"import sys; from pathlib import Path; from vanban.commands import cli; sys.exit(cli.tong_hop(Path('.'), {COMMUNE_YEARS[-1]}))"
    # Every document built, to PDF in one LibreOffice run (the builds themselves are no-ops by then).
    pdf_all = "import sys; from pathlib import Path; from vanban.commands import cli; sys.exit(cli.pdf(Path('.'), every=True))"
    from vanban.office import pdf

    cores = os.cpu_count() or 1
    soffice = pdf.find_soffice()
    limits = target.parent / "limits"
    render_jobs, pdf_documents = _limit_inputs(project, limits)
    (limits / "render.py").write_text(RENDER_LIMIT_SCRIPT, encoding="utf-8")
    (limits / "libreoffice.py").write_text(LIBREOFFICE_LIMIT_SCRIPT, encoding="utf-8")
    # Each step as its own process, one after another in each round: build --all from scratch, the render limit
    # (same plans, same number of processes), pdf --all (every plan built, one LibreOffice per core), the
    # LibreOffice limit on the same .docx files, tong-hop alone.
    steps: list[tuple[str, list[str], Any]] = [
        ("build_all", _python_c(build_all), None),
        ("render_limit", [sys.executable, str(limits / "render.py"), str(render_jobs), str(cores)], None),
    ]
    if soffice is not None:
        steps.append(("pdf_all", _python_c(pdf_all), None))
        limit = [sys.executable, str(limits / "libreoffice.py"), soffice, str(cores), str(pdf_documents)]
        steps.append(("libreoffice_limit", limit, lambda: _stage_pdf_inputs(pdf_documents)))
    # tong-hop alone, its stamp removed first: the summary's work (the communes checked, both outputs), not the
    # no-op an unchanged summary now is.
    steps.append(("tong_hop", _python_c(tong_hop), lambda: _forget_summary(project)))
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _, _ in steps}
    load: list[list[float]] = []
    for _ in range(repeat):
        shutil.rmtree(project / "build", ignore_errors=True)
        for name, command, before in steps:
            if before is not None:
                before()
            if hasattr(os, "getloadavg"):
                load.append(list(os.getloadavg()))
            _, out = runner.run(_python_c(MEASURE_SCRIPT, *command), project)
            run_result = json.loads(out)
            if run_result["status"] != 0:
                raise RuntimeError(f"{name} failed in the communes scenario:\n{run_result['stderr']}")
            runs[name].append(run_result)
    documents = sorted(project.glob("build/*/*/*.docx"))
    result = {
        "communes": communes,
        "years": len(COMMUNE_YEARS),
        "cores": cores,
        "documents": len(documents),
        "plans": len(json.loads(pdf_documents.read_text(encoding="utf-8"))["sources"]),
        "pdfs": len(list(project.glob("build/*/*/*.pdf"))),
        "xlsx_bytes": sum(p.stat().st_size for p in project.glob("build/tong-hop/*/*.xlsx")),
        "load_average": load,
        **{
            name: {
                **_stats([r["seconds"] for r in results]),
                "peak_mb": max(r["peak_kb"] for r in results) / 1024
                if sys.platform != "darwin"
                else max(r["peak_kb"] for r in results) / 2**20,
            }
            for name, results in runs.items()
        },
    }
    result["projection"] = projection(result, cores)
    return result


def _parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.replace(" ", "").split(",") if part})
    if not sizes or sizes[0] < 1:
        raise ValueError(text)
    return sizes


def main(root: Path, *, sizes: str = "", repeat: int = 0, output: str = "", communes: int = 166) -> int:
    try:
        chosen = _parse_sizes(sizes) if sizes else list(DEFAULT_SIZES)
    except ValueError:
        print(f"--sizes: «{sizes}» không hợp lệ; ví dụ: --sizes 10,100,1000,5000", file=sys.stderr)
        return 2
    out_dir = Path(output) if output else root / "build" / "bench"
    results = run(
        root,
        out_dir,
        sizes=chosen,
        repeat=repeat or DEFAULT_REPEAT,
        log=lambda text: print(text, file=sys.stderr),
        communes=communes,
    )
    print(markdown(results))
    ratios = results["ratios"]
    print("Tỷ lệ (trung vị):")
    for name, value in ratios.items():
        print(f"  {name}: {value:.2f}")
    print(f"Kết quả: {out_dir / 'results.md'}, {out_dir / 'results.json'}")
    return 0
