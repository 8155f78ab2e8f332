"""``invoke serve``: the live preview, driven as an officer uses it — a real browser (Debian's Chromium
through Playwright) against the real server, which runs the real commands and LibreOffice."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import ROOT, copy_project, unavailable
from vanban.commands import cli
from vanban.office import pdf
from vanban.serve import documents as docs
from vanban.serve import ignored, is_loopback

CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class Served:
    def __init__(self, root: Path, process: subprocess.Popen[str], port: int) -> None:
        self.root, self.process, self.port = root, process, port

    def json(self, path: str) -> dict:
        status, body = get(self.port, path)
        assert status == 200, body
        return json.loads(body)


def start(root: Path, *options: str) -> Served:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "vanban.commands.entry", "serve", "--port", str(port), *options],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert f"http://127.0.0.1:{port}/" in line, (line, process.stderr.read() if process.poll() is not None else "")
    return Served(root, process, port)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    project = copy_project(tmp_path / "project")
    server = start(project.root)
    yield server
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        server.process.wait(timeout=30)


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux /proc), to prove none outlives the server."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def rows(path: Path) -> tuple[list[str], list[list[str]]]:
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return table[0], table[1:]


def write_rows(path: Path, header: list[str], body: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    path.write_text(out.getvalue(), encoding="utf-8")


# ---------------------------------------------------------------- pure parts


def test_documents_of_the_repository_are_every_commune_year_and_kind(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    found = docs.discover(project.root)
    keys = [d.key for d in found]
    assert "_.2024.ke-hoach" in keys
    assert "_.2024.bao-cao" in keys and "_.2024.bao-cao.6-thang" in keys
    assert "_.2024.tong-hop" in keys
    assert len(set(keys)) == len(keys)
    plan = next(d for d in found if d.key == "_.2024.ke-hoach")
    assert plan.options == ["--year", "2024", "--kind", "ke-hoach"]
    assert docs.select(found, commune=None, year=None, kind="bao-cao") == [d for d in found if d.kind == "bao-cao"]


def test_a_change_marks_only_the_documents_it_may_change(tmp_path: Path) -> None:
    root = tmp_path
    plan = docs.Document(None, 2024, "ke-hoach")
    other = docs.Document("giao-hieu", 2024, "ke-hoach")
    later = docs.Document(None, 2025, "ke-hoach")
    summary = docs.Document(None, 2024, "tong-hop")
    change = [root / "data" / "2024" / "don_vi.csv"]
    assert docs.affected(plan, change, root)
    assert not docs.affected(other, change, root)
    assert not docs.affected(later, change, root)
    assert docs.affected(summary, change, root)
    assert docs.affected(other, [root / "data" / "giao-hieu" / "2024" / "so-lieu.xlsx"], root)
    assert not docs.affected(plan, [root / "data" / "giao-hieu" / "2024" / "don_vi.csv"], root)
    assert docs.affected(other, [root / "plans" / "giao-hieu" / "xa.yaml"], root)
    for document in (plan, other, later, summary):
        assert docs.affected(document, [root / "templates" / "ke-hoach.docx"], root)
    assert not docs.affected(plan, [root / "plans" / "tong-hop" / "2024.yaml"], root)
    assert docs.affected(summary, [root / "plans" / "tong-hop" / "2024.yaml"], root)


@given(st.text(min_size=1, max_size=30).filter(lambda s: "/" not in s and "\\" not in s and "\0" not in s))
def test_files_office_programs_keep_while_saving_are_ignored(name: str) -> None:
    assert ignored(f"/x/data/2024/~${name}")
    assert ignored(f"/x/data/2024/.~lock.{name}#")
    assert not ignored("/x/data/2024/don_vi.csv")


def test_only_loopback_unless_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")
    project = copy_project(tmp_path / "p")
    assert cli.serve(project.root, host="0.0.0.0") == cli.EXIT_INPUT
    assert "W001" in capsys.readouterr().err
    assert cli.serve(project.root, port="abc") == cli.EXIT_INPUT
    assert "W003" in capsys.readouterr().err


# ---------------------------------------------------------------- the server


def test_the_server_answers_only_for_this_machine_and_serves_only_build(served: Served) -> None:
    status, _ = get(served.port, "/api/documents", host="attacker.example:80")
    assert status == 421
    status, _ = get(served.port, "/build/../plans/2024.yaml")
    assert status == 404
    status, _ = get(served.port, "/build/%2e%2e/plans/2024.yaml")
    assert status == 404
    status, page = get(served.port, "/")
    assert status == 200 and "Xem trước văn bản" in page.decode()
    assert b"http" not in re.sub(rb"http://www\.w3\.org[^\"']*", b"", page)  # nothing from the network


def test_ctrl_c_ends_the_server_and_every_process_it_started(tmp_path: Path) -> None:
    if pdf.find_soffice() is None:
        unavailable("LibreOffice (soffice)")
    project = copy_project(tmp_path / "p")
    server = start(project.root, "--year", "2024", "--kind", "ke-hoach")
    served_ = Served(project.root, server.process, server.port)
    served_.json("/api/document/_.2024.ke-hoach")  # asks for pages: a LibreOffice conversion starts
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any("soffice" in _cmdline(pid) for pid in descendants(server.process.pid)):
        time.sleep(0.1)
    below = descendants(server.process.pid)
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=30) == 0
    time.sleep(0.5)
    alive = {pid for pid in below if Path(f"/proc/{pid}").exists() and "(Z)" not in _state(pid)}
    assert not alive, [_cmdline(pid) for pid in alive]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0].join("()")
    except OSError:
        return "(Z)"


# ---------------------------------------------------------------- in a real browser


@pytest.fixture
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        unavailable("Chromium (/usr/bin/chromium, Debian package chromium)")
    if pdf.find_soffice() is None:
        unavailable("LibreOffice (soffice)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def test_the_page_shows_documents_pages_and_a_wrong_rate_live(served: Served, browser) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"http://127.0.0.1:{served.port}/#_.2024.ke-hoach")
    listing = page.locator("#danh-sach a")
    listing.first.wait_for()
    labels = listing.all_inner_texts()
    assert any("Kế hoạch 2024" in text for text in labels)
    assert any("Báo cáo kết quả cả năm 2024" in text for text in labels)
    page.get_by_role("button", name="Trang văn bản").click()
    page.locator("#cac-trang img").first.wait_for(timeout=180_000)
    # Every image finished loading (a broken one completes with no width, which the assertion catches).
    page.wait_for_function(
        "() => { const imgs = [...document.querySelectorAll('#cac-trang img')]; return imgs.length && imgs.every(i => i.complete); }",
        timeout=60_000,
    )
    first = page.locator("#cac-trang img").evaluate_all("imgs => imgs.map(i => i.naturalWidth > 0 && i.getAttribute('src'))")
    assert first and all(first)
    page.evaluate("window.__sameLoad = true")  # gone if the page were reloaded

    # A wrong stated rate in the unit table: its R001 appears with its place, without a reload.
    table = served.root / "data" / "2024" / "don_vi.csv"
    header, body = rows(table)
    rate = header.index("ty_le_ho_ngheo")
    original = body[0][rate]
    body[0][rate] = "9.99" if original != "9.99" else "8.88"
    write_rows(table, header, body)
    page.get_by_role("button", name=re.compile("Lỗi và cảnh báo")).click()
    finding = page.locator('#cac-loi [data-code="R001"]')
    finding.first.wait_for(timeout=60_000)
    text = finding.first.inner_text()
    assert "dòng 2" in text and "data/2024/don_vi.csv" in page.locator("#cac-loi").inner_text()
    assert page.locator("#cac-loi .dong-nguon").first.inner_text().startswith(body[0][0])
    page.get_by_role("button", name="Trang văn bản").click()
    page.locator('#cac-trang img[data-stale="true"]').first.wait_for(timeout=60_000)
    assert page.evaluate("window.__sameLoad") is True

    # Fixed, and an officer renamed: the finding clears and new pages replace the marked ones.
    body[0][rate] = original
    officer = header.index("can_bo_phu_trach")
    body[0][officer] = "Trần Thị Mới"
    write_rows(table, header, body)
    page.wait_for_function(
        "srcs => { const now = [...document.querySelectorAll('#cac-trang img')];"
        " return now.length && now.every(i => i.dataset.stale === 'false') && now.some(i => !srcs.includes(i.getAttribute('src'))); }",
        arg=first,
        timeout=180_000,
    )
    page.get_by_role("button", name=re.compile("Lỗi và cảnh báo")).click()
    page.locator("#khong-loi").wait_for(timeout=30_000)
    assert page.evaluate("window.__sameLoad") is True
    page.close()
