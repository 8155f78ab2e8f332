"""The document as a real client shows it: PDF through LibreOffice, PNG pages through poppler.

LibreOffice runs headless with a profile of its own in a temporary folder
(``-env:UserInstallation``), so a conversion works while a desktop LibreOffice
is open and never touches the user's settings. Both tools are run with a
timeout; a missing tool or a failed conversion is an ``InputError`` with a
Vietnamese message and the command that installs what is missing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from vanban.engine.findings import InputError, Place, error

INSTALL_HINT = "apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils"
CONVERT_TIMEOUT = 180.0  # seconds; a cold LibreOffice start takes a few
RENDER_TIMEOUT = 120.0


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def find_pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def _missing(tool: str, what: str) -> InputError:
    return InputError([error("E001", Place(tool), f"chưa cài {what} (không tìm thấy lệnh «{tool}»). Cài bằng: {INSTALL_HINT}")])


def _run(command: list[str], timeout: float, place: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in its own process group; on timeout the whole group is ended."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.communicate()
        raise InputError(
            [error("E003", Place(place), f"«{Path(command[0]).name}» chạy quá {timeout:g} giây nên đã bị dừng.")]
        ) from None
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def to_pdf(docx: Path, output: Path | None = None, *, timeout: float = CONVERT_TIMEOUT, shown: str | None = None) -> Path:
    """Convert ``docx`` to PDF (next to it unless ``output`` is given); returns the PDF's path."""
    shown = shown or str(docx)
    soffice = find_soffice()
    if soffice is None:
        raise _missing("soffice", "LibreOffice")
    if not docx.is_file():
        raise InputError([error("E002", Place(shown), "không tìm thấy tệp cần chuyển sang PDF.")])
    output = output or docx.with_suffix(".pdf")
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as tmp:
        profile, outdir = Path(tmp) / "profile", Path(tmp) / "out"
        outdir.mkdir()
        env = dict(os.environ, HOME=tmp)  # some LibreOffice builds write to $HOME regardless of the profile
        result = _run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--nodefault",
                "--convert-to",
                "pdf:writer_pdf_Export",
                "--outdir",
                str(outdir),
                str(docx.resolve()),
            ],
            timeout,
            shown,
            env,
        )
        produced = outdir / (docx.stem + ".pdf")
        if result.returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            detail = " ".join((result.stderr or result.stdout or "").split())[:300]
            raise InputError(
                [
                    error(
                        "E002",
                        Place(shown),
                        f"LibreOffice không chuyển được sang PDF (mã thoát {result.returncode}). {detail}".strip(),
                    )
                ]
            )
        fd, staging = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
        os.close(fd)
        shutil.copyfile(produced, staging)
        os.chmod(staging, 0o644)
        os.replace(staging, output)
    return output


def to_png(
    pdf: Path, outdir: Path, *, resolution: int = 80, prefix: str = "trang", timeout: float = RENDER_TIMEOUT
) -> list[Path]:
    """One PNG per page of ``pdf`` in ``outdir`` (``trang-1.png``, …); older pages of that name are removed."""
    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise _missing("pdftoppm", "poppler-utils")
    outdir.mkdir(parents=True, exist_ok=True)
    for old in outdir.glob(f"{prefix}-*.png"):
        old.unlink()
    result = _run([pdftoppm, "-r", str(resolution), "-png", str(pdf), str(outdir / prefix)], timeout, str(pdf))
    pages = sorted(outdir.glob(f"{prefix}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    if result.returncode != 0 or not pages:
        detail = " ".join((result.stderr or "").split())[:300]
        raise InputError(
            [
                error(
                    "E004",
                    Place(str(pdf)),
                    f"pdftoppm không dựng được ảnh trang (mã thoát {result.returncode}). {detail}".strip(),
                )
            ]
        )
    # pdftoppm pads page numbers to the width of the page count; keep plain numbers.
    renamed = []
    for page in pages:
        target = outdir / f"{prefix}-{int(page.stem.rsplit('-', 1)[1])}.png"
        if page != target:
            page.replace(target)
        renamed.append(target)
    return renamed
