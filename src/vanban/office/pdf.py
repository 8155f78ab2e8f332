"""The document as a real client shows it: PDF through LibreOffice, PNG pages through poppler.

LibreOffice runs headless with a profile of its own in a temporary folder
(``-env:UserInstallation``), so a conversion works while a desktop LibreOffice
is open and never touches the user's settings. Any number of documents is
converted by ONE LibreOffice run (``to_pdfs``): its start-up (about 2 s cold)
is most of a conversion, so a batch costs a fraction of a second per document.
``to_pdfs`` runs one LibreOffice per core, each with its own profile and its share
of the documents, and checks every PDF (it is one, it opens, it has pages) before
writing it.

``find_soffice`` is the one place that knows where LibreOffice lives: PATH, then
its usual install places on Windows, macOS and Linux. Tools run in a process
group of their own and with a timeout; on timeout the whole tree is ended
(LibreOffice's launcher starts ``soffice.bin``), portably: ``killpg`` on POSIX,
``taskkill /T`` on Windows. A missing tool or a failed conversion is an
``InputError`` (or a finding) with a Vietnamese message and the command that
installs what is missing.

With ``incremental=True`` each PDF is stamped with the sha256 of the .docx it was
made from (``build/.stamps/<name>.pdf.json``, like the build's stamp); a PDF
whose .docx has not changed since, and which is still the PDF stamped, is kept.
"""

from __future__ import annotations

import hashlib
import json
import ntpath
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from vanban.engine.files import write_atomic
from vanban.engine.findings import Finding, InputError, Place, error

INSTALL_HINT = "apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils"
CONVERT_TIMEOUT = 180.0  # seconds for one run; a cold LibreOffice start takes a few
BATCH = 100  # documents per LibreOffice run (see to_pdfs)
PER_DOCUMENT_TIMEOUT = 30.0  # more seconds per further document of a batch
RENDER_TIMEOUT = 120.0
SOFFICE_ENV = "VANBAN_SOFFICE"  # an explicit path to soffice wins over every other place
PDF_FILTER = "pdf:writer_pdf_Export"
PDF_STAMP_FORMAT = 1

# Windows: a new process group, so the tree can be ended as one (subprocess.CREATE_NEW_PROCESS_GROUP).
_CREATE_NEW_PROCESS_GROUP = 0x00000200


# ---------------------------------------------------------------- finding the tools


def soffice_places(platform: str, environ: Mapping[str, str]) -> list[str]:
    """Where LibreOffice's ``soffice`` is usually installed on ``platform`` (``sys.platform``), most likely first.

    Pure: the paths are only spelled here, ``find_soffice`` looks at them.
    """
    if platform == "win32":
        places = []
        for variable, default in (
            ("ProgramFiles", r"C:\Program Files"),
            ("ProgramW6432", r"C:\Program Files"),
            ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
        ):
            places.append(ntpath.join(environ.get(variable) or default, "LibreOffice", "program", "soffice.exe"))
        if environ.get("LOCALAPPDATA"):  # a per-user install (MSI "for me only")
            places.append(ntpath.join(environ["LOCALAPPDATA"], "Programs", "LibreOffice", "program", "soffice.exe"))
        return list(dict.fromkeys(places))
    if platform == "darwin":
        places = ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
        if environ.get("HOME"):
            places.append(f"{environ['HOME']}/Applications/LibreOffice.app/Contents/MacOS/soffice")
        return places
    # Linux and other POSIX: distribution packages, then LibreOffice's own .deb/.rpm and snap.
    return ["/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice", "/snap/bin/libreoffice"]


def find_soffice(
    *,
    which: Callable[[str], str | None] | None = None,
    is_file: Callable[[str], bool] | None = None,
    platform: str = sys.platform,
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """The LibreOffice to run: ``$VANBAN_SOFFICE``, then PATH, then ``soffice_places``; None when there is none.

    The keyword arguments are for tests (a fake file system and environment).
    """
    environ = os.environ if environ is None else environ
    which = which or shutil.which
    is_file = is_file or os.path.isfile
    explicit = environ.get(SOFFICE_ENV)
    if explicit and is_file(explicit):
        return explicit
    for name in ("soffice", "libreoffice"):
        found = which(name)
        if found:
            return found
    for place in soffice_places(platform, environ):
        if is_file(place):
            return place
    return None


def find_pdftoppm() -> str | None:
    return shutil.which("pdftoppm")


def _missing(tool: str, what: str) -> InputError:
    return InputError([error("E001", Place(tool), f"chưa cài {what} (không tìm thấy lệnh «{tool}»). Cài bằng: {INSTALL_HINT}")])


# ---------------------------------------------------------------- running a tool as a process tree


def group_options(windows: bool) -> dict[str, Any]:
    """``Popen`` options that put the child and its own children in a group of their own."""
    return {"creationflags": _CREATE_NEW_PROCESS_GROUP} if windows else {"start_new_session": True}


def kill_tree_command(pid: int) -> list[str]:
    """Windows: the command that ends ``pid`` and every process it started."""
    return ["taskkill", "/F", "/T", "/PID", str(pid)]


def _kill_tree(process: subprocess.Popen, windows: bool) -> None:
    if windows:
        subprocess.run(kill_tree_command(process.pid), capture_output=True, check=False)
    else:
        import signal

        try:
            os.killpg(process.pid, signal.SIGKILL)  # the session started with the child: its pgid is its pid
        except (ProcessLookupError, PermissionError):
            pass
    try:
        process.kill()  # the child itself, should the tree command have missed it
    except OSError:
        pass


def run_tree(
    command: list[str],
    timeout: float,
    place: str,
    env: dict[str, str] | None = None,
    *,
    input: str | None = None,
    started: Callable[[subprocess.Popen], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in its own process group; on timeout, Ctrl+C or SIGTERM (raised here as
    KeyboardInterrupt, see ``commands.entry``) the whole group is ended before we go on."""
    windows = os.name == "nt"
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL if input is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        **group_options(windows),
    )
    if started is not None:  # run from a thread: whoever waits for it in the main thread can end it too
        started(process)
    try:
        out, err = process.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(process, windows)
        process.communicate()
        raise InputError(
            [error("E003", Place(place), f"«{Path(command[0]).name}» chạy quá {timeout:g} giây nên đã bị dừng.")]
        ) from None
    except BaseException:  # Ctrl+C, SIGTERM: nothing we started outlives us
        _kill_tree(process, windows)
        try:
            process.communicate(timeout=10)
        except BaseException:
            pass
        raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


# ---------------------------------------------------------------- PDF stamps


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def pdf_stamp_file(pdf: Path) -> Path:
    """``build/2024/x.pdf`` -> ``build/.stamps/x.pdf.json``, beside the build's stamps."""
    return pdf.parent.parent / ".stamps" / f"{pdf.name}.json"


def _stamp_record(source_sha256: str, pdf: Path, soffice: str) -> dict[str, object]:
    return {
        "format": PDF_STAMP_FORMAT,
        "filter": PDF_FILTER,
        "converter": soffice,
        "source_sha256": source_sha256,
        "output_sha256": _sha256_file(pdf),
    }


def pdf_is_fresh(docx: Path, pdf: Path, soffice: str) -> bool:
    """True when ``pdf`` was made from these ``docx`` bytes by this converter and is still the PDF stamped."""
    try:
        kept = json.loads(pdf_stamp_file(pdf).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    source = _sha256_file(docx)
    return source is not None and kept == _stamp_record(source, pdf, soffice)


def _write_stamp(pdf: Path, source_sha256: str, soffice: str) -> None:
    record = _stamp_record(source_sha256, pdf, soffice)
    write_atomic(pdf_stamp_file(pdf), (json.dumps(record, indent=1) + "\n").encode("utf-8"))


# ---------------------------------------------------------------- what a converter produced


def pdf_problem(path: Path) -> str | None:
    """Why ``path`` is not a PDF with at least one page (None when it is one).

    A converter can exit 0 and leave an empty file, an HTML error page or a PDF of no pages: those are
    failures, never "đã ghi". The check reads the bytes only (no PDF library): the ``%PDF-`` header, the
    ``%%EOF`` trailer and a page object or a page count above zero.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"không đọc được tệp PDF vừa tạo ({exc.strerror or exc})"
    if not data.startswith(b"%PDF-"):
        return "tệp tạo ra không phải PDF (không bắt đầu bằng «%PDF-»)"
    if b"%%EOF" not in data[-2048:]:
        return "tệp PDF tạo ra bị cụt (không có dấu kết thúc «%%EOF»)"
    if not (re.search(rb"/Type\s*/Page\b", data) or re.search(rb"/Count\s+[1-9]", data)):
        return "tệp PDF tạo ra không có trang nào"
    # The bytes look like a PDF: opened as a viewer opens it (PDFium), it must open and have pages.
    # PDFium is not thread-safe: ``to_pdfs`` checks from one thread.
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        return f"tệp PDF tạo ra không mở được ({exc})"
    try:
        return None if len(document) > 0 else "tệp PDF tạo ra không có trang nào"
    finally:
        document.close()


def _source_unchanged(docx: Path, pdf: Path) -> bool:
    """True when ``pdf``'s stamp says it was made from the current bytes of ``docx`` (whatever converter)."""
    try:
        kept = json.loads(pdf_stamp_file(pdf).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(kept, dict)
        and kept.get("source_sha256") == _sha256_file(docx)
        and kept.get("output_sha256") == _sha256_file(pdf)
    )


def _retire_pdf(pdf: Path) -> tuple[Path, Path | None] | None:
    """A conversion failed: the PDF under the real name is last time's, of another .docx; move it aside."""
    from vanban.docx.write import set_aside

    try:
        pdf_stamp_file(pdf).unlink(missing_ok=True)
    except OSError:
        pass
    if not pdf.is_file():
        return None
    return pdf, set_aside(pdf)


def retired_message(moved: tuple[Path, Path | None], shown: Callable[[Path], str] = str) -> str:
    """What a user reads about a PDF moved aside (or that could not be)."""
    old, aside = moved
    if aside is not None:
        return (
            f"{shown(old)}: bản PDF trước không khớp với văn bản mới nên đã được chuyển sang {shown(aside)}; "
            "không dùng bản đó thay cho văn bản mới."
        )
    return f"{shown(old)}: không chuyển được bản PDF trước (tệp đang mở?); bản đó không khớp với văn bản mới, hãy đóng tệp và chạy lại."


# ---------------------------------------------------------------- conversion


@dataclass(frozen=True)
class Conversion:
    pdfs: list[Path]  # one per .docx given, in order (a failed one is left out)
    converted: list[Path] = field(default_factory=list)  # converted by this run; the others' stamps held
    failures: list[Finding] = field(default_factory=list)  # a document LibreOffice could not convert
    # The previous PDF of each failed document, moved out of the real name: (from, to or None if it could not be).
    retired: list[tuple[Path, Path | None]] = field(default_factory=list)


def _staged_names(docxs: Sequence[Path]) -> list[str]:
    """A distinct file name per document: LibreOffice names each PDF after its input, in one folder."""
    names, used = [], set()
    for docx in docxs:
        name, n = docx.name, 1
        while name.casefold() in used:  # Windows and macOS folders ignore case
            n += 1
            name = f"{docx.stem} ({n}){docx.suffix}"
        used.add(name.casefold())
        names.append(name)
    return names


def _replace_from(produced: Path, output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, staging = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(fd)
    try:
        shutil.copyfile(produced, staging)
        os.chmod(staging, 0o644)
        os.replace(staging, output)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise


def shares(count: int, lanes: int) -> list[range]:
    """``count`` documents dealt to ``lanes`` LibreOffice processes: contiguous shares whose sizes differ by at
    most one, none empty; each document in exactly one share."""
    if count <= 0:
        return []
    lanes = max(1, min(lanes, count))
    size, extra = divmod(count, lanes)
    out, start = [], 0
    for lane in range(lanes):
        end = start + size + (1 if lane < extra else 0)
        out.append(range(start, end))
        start = end
    return out


@dataclass(frozen=True)
class _Produced:
    """One document's result from its LibreOffice: the PDF made (None when none was), or why not."""

    pdf: Path | None
    returncode: int
    detail: str
    timed_out: list[Finding] = field(default_factory=list)  # the run was stopped (E003)


def _convert_share(
    soffice: str,
    inputs: list[Path],
    work: Path,
    lane: int,
    timeout: float | None,
    place: str,
    env: dict[str, str],
    started: Callable[[subprocess.Popen], None],
) -> list[_Produced]:
    """Convert ``inputs`` in one LibreOffice process after another (runs of at most BATCH), with a profile and an
    output folder of this lane's own: LibreOffice locks its profile, so two processes never share one."""
    profile, outdir = work / f"profile-{lane}", work / f"out-{lane}"
    outdir.mkdir()
    produced: list[_Produced] = []
    # One run per BATCH documents: a single LibreOffice run stops converting, silently and with exit
    # status 0, after about 244 documents (measured: 244 of 300); each run still amortises its start.
    for first in range(0, len(inputs), BATCH):
        chunk = inputs[first : first + BATCH]
        try:
            result = run_tree(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--norestore",
                    "--nolockcheck",
                    "--nodefault",
                    "--convert-to",
                    PDF_FILTER,
                    "--outdir",
                    str(outdir),
                    *(str(staged) for staged in chunk),
                ],
                timeout if timeout is not None else CONVERT_TIMEOUT + PER_DOCUMENT_TIMEOUT * (len(chunk) - 1),
                place,
                env,
                started=started,
            )
        except InputError as exc:  # the run timed out: every document of it failed, the next runs may not
            produced += [_Produced(None, -1, "", exc.findings) for _ in chunk]
            continue
        detail = " ".join((result.stderr or result.stdout or "").split())[:300]
        for staged in chunk:
            pdf = outdir / (staged.stem + ".pdf")
            produced.append(_Produced(pdf if result.returncode == 0 and pdf.is_file() else None, result.returncode, detail))
    return produced


def to_pdfs(
    docxs: Sequence[Path],
    outputs: Sequence[Path] | None = None,
    *,
    incremental: bool = False,
    timeout: float | None = None,
    shown: Callable[[Path], str] = str,
    lanes: int | None = None,
) -> Conversion:
    """Convert every .docx of ``docxs`` to PDF (next to each, unless ``outputs``), on every core: ``lanes``
    LibreOffice processes at once (default: one per core), each with its own profile and its share of the
    documents (``shares``), each document converted once.

    Each PDF is checked (``pdf_problem``: it is a PDF, it opens, it has pages) before it is written and
    stamped. With ``incremental``, documents whose PDF stamp holds are not converted again. A document that
    cannot be converted, or whose run timed out, is a finding in ``failures`` (its previous PDF moved aside),
    the others are still written; a missing LibreOffice is an ``InputError``. Ctrl+C or SIGTERM ends every
    LibreOffice started here before the profiles are removed.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    docxs = list(docxs)
    outputs = [d.with_suffix(".pdf") for d in docxs] if outputs is None else list(outputs)
    if len(outputs) != len(docxs):
        raise ValueError("one output per .docx")
    soffice = find_soffice()
    if soffice is None:
        # Nothing can be converted; a PDF made from another .docx than the one there now must not stay.
        for docx, output in zip(docxs, outputs):
            if output.is_file() and not _source_unchanged(docx, output):
                _retire_pdf(output)
        raise _missing("soffice", "LibreOffice")
    failures: list[Finding] = []
    failed: set[int] = set()
    todo: list[tuple[int, Path, Path]] = []
    for index, (docx, output) in enumerate(zip(docxs, outputs)):
        if not docx.is_file():
            failures.append(error("E002", Place(shown(docx)), "không tìm thấy tệp cần chuyển sang PDF."))
            failed.add(index)
        elif not (incremental and pdf_is_fresh(docx, output, soffice)):
            todo.append((index, docx, output))
    converted: list[Path] = []
    if todo:
        # ignore_cleanup_errors: on Windows a killed LibreOffice may hold a file of its profile a moment longer.
        with tempfile.TemporaryDirectory(prefix="vanban-lo-", ignore_cleanup_errors=True) as tmp:
            work = Path(tmp)
            staged_dir = work / "in"
            staged_dir.mkdir()
            inputs, hashes = [], []
            for (_, docx, _), name in zip(todo, _staged_names([d for _, d, _ in todo])):
                # A copy: LibreOffice reads exactly the bytes hashed for the stamp, under a name of its own.
                data = docx.read_bytes()
                (staged_dir / name).write_bytes(data)
                inputs.append(staged_dir / name)
                hashes.append(hashlib.sha256(data).hexdigest())
            env = dict(os.environ, HOME=tmp)  # some LibreOffice builds write to $HOME regardless of the profile
            place = shown(todo[0][1]) if len(todo) == 1 else f"{len(todo)} tệp .docx"
            parts = shares(len(todo), lanes or os.cpu_count() or 1)
            running: list[subprocess.Popen] = []
            lock = threading.Lock()

            def started(process: subprocess.Popen) -> None:
                with lock:
                    running.append(process)

            # Threads only wait: the work is in the LibreOffice processes, one per share.
            pool = ThreadPoolExecutor(max_workers=len(parts))
            try:
                lanes_done = [
                    pool.submit(_convert_share, soffice, [inputs[i] for i in part], work, lane, timeout, place, env, started)
                    for lane, part in enumerate(parts)
                ]
                results = [future.result() for future in lanes_done]
            except BaseException:  # Ctrl+C, SIGTERM (in this thread): every LibreOffice ends before the profiles go
                with lock:
                    for process in running:
                        _kill_tree(process, os.name == "nt")
                pool.shutdown(wait=True, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
            for part, made in zip(parts, results):
                for i, result in zip(part, made):
                    (index, docx, output), digest = todo[i], hashes[i]
                    if result.timed_out:
                        failures += [replace(f, place=Place(shown(docx))) for f in result.timed_out]
                        failed.add(index)
                        continue
                    problem = pdf_problem(result.pdf) if result.pdf is not None else None
                    if result.pdf is None or problem:
                        why = f"LibreOffice không chuyển được sang PDF (mã thoát {result.returncode})"
                        failures.append(
                            error(
                                "E002", Place(shown(docx)), f"{why}{': ' + problem if problem else ''}. {result.detail}".strip()
                            )
                        )
                        failed.add(index)
                        continue
                    _replace_from(result.pdf, output)
                    if incremental:
                        _write_stamp(output, digest, soffice)
                    converted.append(output)
    retired = [moved for index, output in enumerate(outputs) if index in failed and (moved := _retire_pdf(output))]
    pdfs = [output for index, output in enumerate(outputs) if index not in failed]
    return Conversion(pdfs, converted, failures, retired)


def to_pdf(docx: Path, output: Path | None = None, *, timeout: float = CONVERT_TIMEOUT, shown: str | None = None) -> Path:
    """Convert one ``docx`` to PDF (next to it unless ``output`` is given); returns the PDF's path."""
    done = to_pdfs([docx], None if output is None else [output], timeout=timeout, shown=lambda _: shown or str(docx))
    if done.failures:
        raise InputError(done.failures)
    return done.pdfs[0]


def to_png(
    pdf: Path, outdir: Path, *, resolution: int = 80, prefix: str = "trang", timeout: float = RENDER_TIMEOUT
) -> list[Path]:
    """One PNG per page of ``pdf`` in ``outdir`` (``trang-1.png``, …). The pages are drawn in a folder of
    their own first: only a complete set replaces the older pages (a failure leaves them for the caller to
    set aside, never a mix of old and new)."""
    import shutil
    import tempfile

    pdftoppm = find_pdftoppm()
    if pdftoppm is None:
        raise _missing("pdftoppm", "poppler-utils")
    outdir.mkdir(parents=True, exist_ok=True)
    drawing = Path(tempfile.mkdtemp(prefix=".trang-", dir=outdir))
    try:
        result = run_tree([pdftoppm, "-r", str(resolution), "-png", str(pdf), str(drawing / prefix)], timeout, str(pdf))
        pages = sorted(drawing.glob(f"{prefix}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if result.returncode != 0 or not pages:
            detail = " ".join((result.stderr or "").split())[:300]
            raise InputError(
                [
                    error(
                        "E004",
                        Place(str(pdf)),
                        f"pdftoppm không vẽ được ảnh trang (mã thoát {result.returncode}). {detail}".strip(),
                    )
                ]
            )
        for old in page_images(outdir, prefix):
            old.unlink()
        # pdftoppm pads page numbers to the width of the page count; keep plain numbers.
        renamed = []
        for page in pages:
            target = outdir / f"{prefix}-{int(page.stem.rsplit('-', 1)[1])}.png"
            page.replace(target)
            renamed.append(target)
    finally:
        shutil.rmtree(drawing, ignore_errors=True)
    return renamed


def page_images(outdir: Path, prefix: str = "trang") -> list[Path]:
    """The page images ``to_png`` left in ``outdir``, in page order (not the «.cu» ones set aside)."""
    if not outdir.is_dir():
        return []
    numbered = [(p, p.stem[len(prefix) + 1 :]) for p in outdir.glob(f"{prefix}-*.png")]
    return [p for p, n in sorted(((p, n) for p, n in numbered if n.isdigit()), key=lambda pn: int(pn[1]))]
