"""Hostile inputs against the limits of ``engine.limits`` (issue 18, items 1 and 3): each is refused with
finding F010 naming the file, the place and the limit, exit status 2, never a traceback or a run that
grows without end."""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban.commands import cli
from vanban.engine import limits
from vanban.engine.findings import InputError
from vanban.engine.load import load_csv, load_yaml

from .conftest import copy_project

PLAN = "plans/2024.yaml"


def alias_bomb() -> str:
    """Nine lines that expand to 9^9 strings (about 6 GB as Python objects)."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


HOSTILE_YAML = {
    "alias bomb": (alias_bomb(), limits.YAML_ALIASES),
    "self-referencing alias": ("zz: &a [*a]\n", limits.YAML_DEPTH),
    "500 nested flow lists": ("x: " + "[" * 500 + "]" * 500 + "\n", limits.YAML_DEPTH),
    "5000 nested flow maps": ("x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n", limits.YAML_DEPTH),
    "300 nested block maps": ("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v\n", limits.YAML_DEPTH),
    "a million list items": ("x: [" + "1," * 300_000 + "1]\n", limits.YAML_NODES),
}


@pytest.mark.parametrize("text, limit", HOSTILE_YAML.values(), ids=HOSTILE_YAML.keys())
def test_hostile_yaml_is_refused_with_the_limit_named(tmp_path: Path, text: str, limit: limits.Limit):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path, "plans/x.yaml")
    [finding] = caught.value.findings
    assert finding.code == "F010" and finding.place.file == "plans/x.yaml" and finding.place.line is not None
    assert limit.what in finding.message and f"{limit.value:,}".replace(",", ".") in finding.message


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"ten_don_vi,tong_so_ho\n" + b"x,1\n" * (limits.TEXT_FILE_BYTES.value // 4 + 1))
    with pytest.raises(InputError) as caught:
        load_csv(path, "data/2024/big.csv")
    assert caught.value.findings[0].code == "F010" and limits.TEXT_FILE_BYTES.what in caught.value.findings[0].message


def test_an_anchor_used_a_few_times_still_reads(tmp_path: Path):
    path = tmp_path / "ok.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\nc: *x\n", encoding="utf-8")
    assert load_yaml(path, "ok.yaml").data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


READERS = {
    "plan": PLAN,
    "settings": "plans/xa.yaml",
    "declaration": "templates/ke-hoach.yaml",
}


@pytest.mark.parametrize("target", READERS.values(), ids=READERS.keys())
def test_check_answers_the_nine_line_bomb_with_a_clear_error(tmp_path: Path, capsys, target: str):
    """Every YAML reader of a build goes through the same loader: the bomb in any of them is F010, exit 2."""
    project = copy_project(tmp_path / "project")
    (project.root / target).write_text(alias_bomb(), encoding="utf-8")
    assert cli.check(project.root, "2024") == 2
    err = capsys.readouterr().err
    assert "F010" in err and target in err and "bí danh" in err and "Traceback" not in err


@pytest.mark.parametrize("target", [PLAN, "plans/tong-hop/2024.yaml"], ids=["a commune's plan", "the summary's yaml"])
def test_the_summary_refuses_a_bomb_in_any_file_it_reads(tmp_path: Path, capsys, target: str):
    """``tong-hop`` reads every commune's YAML: one commune's file must not stop the province."""
    project = copy_project(tmp_path / "project")
    (project.root / target).write_text(alias_bomb(), encoding="utf-8")
    status = cli.tong_hop(project.root, "2024")
    err = capsys.readouterr().err
    assert status in (1, 2) and "F010" in err and "Traceback" not in err


# ---------------------------------------------------------------- .docx bombs for lint and import


def _peak_run(args: list[str], cwd: Path) -> tuple[int, str, int]:
    """Run ``vanban <args>`` in a fresh interpreter; (exit status, stderr, its own peak memory in MiB).

    Linux's VmHWM is the peak of this program alone; ``ru_maxrss`` would also count what the forked
    test process held before the exec."""
    import subprocess
    import sys

    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from vanban.commands.entry import parse, run\n"
        "command, options = parse(sys.argv[1:])\n"
        "status = run(Path.cwd(), command, **options)\n"
        "sys.stderr.flush()\n"
        "status_file = Path('/proc/self/status')\n"
        "hwm = [l for l in status_file.read_text().splitlines() if l.startswith('VmHWM')] if status_file.exists() else []\n"
        "peak = int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(status, peak // 1024)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    status, peak = done.stdout.split()[-2:]
    return int(status), done.stderr, int(peak)


MEMORY_MIB = 400  # a real plan is linted in about 100 MiB


@pytest.fixture(scope="module")
def base_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from docx import Document

    path = tmp_path_factory.mktemp("base") / "base.docx"
    Document().save(str(path))
    return path


@pytest.mark.skipif(__import__("os").name == "nt", reason="measures memory with resource (POSIX)")
@pytest.mark.parametrize("command", ["lint", "import"])
def test_a_docx_holding_a_gigabyte_part_is_refused_in_bounded_memory(tmp_path: Path, base_docx: Path, command: str):
    """Issue 18, item 3: a 2 MB file holding a 1 GiB document.xml (lint used 3.2 GB, then MemoryError)."""
    from .bombs import docx_with_document

    bomb = docx_with_document(base_docx, tmp_path / "bom.docx", megabytes=1024)
    assert bomb.stat().st_size < 3_000_000
    args = [command, str(bomb)] + (["--year", "2024"] if command == "import" else [])
    status, err, peak = _peak_run(args, tmp_path)
    assert status == 2 and "F010" in err and "word/document.xml" in err and "Traceback" not in err, err
    assert limits.XML_PART_BYTES.what in err
    assert peak < MEMORY_MIB


@pytest.mark.skipif(__import__("os").name == "nt", reason="measures memory with resource (POSIX)")
def test_a_docx_of_millions_of_paragraphs_is_refused_before_it_is_parsed(tmp_path: Path, base_docx: Path):
    """Issue 18, item 3: 326 KB holding 3 million paragraphs made lint use 4.9 GB."""
    from .bombs import docx_with_document

    bomb = docx_with_document(base_docx, tmp_path / "doan.docx", body=b"<w:p/>" * 3_000_000)
    assert bomb.stat().st_size < 1_000_000
    status, err, peak = _peak_run(["lint", str(bomb)], tmp_path)
    assert status == 2 and "F010" in err and limits.XML_ELEMENTS.what in err and "Traceback" not in err, err
    assert peak < MEMORY_MIB


def test_a_broken_part_is_looked_for_within_the_limits(tmp_path: Path, base_docx: Path):
    """``_broken_xml_part`` reads members through the same bounded stream: never an unguarded read."""
    import zipfile

    from vanban.docx.opening import _broken_xml_part

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(base_docx) as source, zipfile.ZipFile(broken, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, data[:-10] if info.filename == "word/styles.xml" else data)
    assert _broken_xml_part(broken) == "word/styles.xml"


# ---------------------------------------------------------------- the template: one validation for check and build


@pytest.mark.parametrize("content", [b"", b"not a zip", None], ids=["0 bytes", "not a zip", "missing"])
def test_check_refuses_the_template_build_refuses_in_the_same_words(tmp_path: Path, capsys, content: bytes | None):
    project = copy_project(tmp_path / "project")
    template = project.root / "templates/ke-hoach.docx"
    if content is None:
        template.unlink()
    else:
        template.write_bytes(content)
    assert cli.check(project.root, "2024") == 2
    checked = capsys.readouterr().err
    assert cli.build(project.root, "2024") == 2
    built = capsys.readouterr().err
    line = next(line for line in checked.splitlines() if "M003" in line)
    assert line in built and "templates/ke-hoach.docx" in line and "Traceback" not in checked + built
