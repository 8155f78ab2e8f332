"""Writing a file atomically: a failed write never leaves a half-written file under the real name."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from vanban.engine.findings import Finding, InputError, Place, warning

# An output that no longer matches its inputs (a refused build, a failed conversion) is renamed
# ``<name>.cu.<ext>`` ("cũ": old), beside where it was, so no one opens it as the current one.
STALE_MARK = ".cu"


def stale_name(path: Path) -> Path:
    """``x.docx`` -> ``x.cu.docx``: where a refused or failed run moves the previous output."""
    return path.with_name(f"{path.stem}{STALE_MARK}{path.suffix}")


def set_aside(path: Path) -> Path | None:
    """Move ``path`` to ``stale_name(path)``; the new place, or None when it could not be moved (open in Word)."""
    try:
        path.replace(stale_name(path))
    except OSError:
        return None
    return stale_name(path)


def retired_finding(old: Path, aside: Path | None, shown: Callable[[Path], str] = str) -> Finding:
    """F012: what a user reads about an output moved aside (or that could not be)."""
    if aside is not None:
        message = f"kết quả lần trước không còn khớp nên đã được chuyển sang {shown(aside)}; không dùng bản đó."
    else:
        message = (
            "kết quả lần trước không còn khớp mà không chuyển được (tệp đang mở?); hãy đóng tệp, chạy lại, đừng dùng bản đó."
        )
    return warning("F012", Place(shown(old)), message)


def retire(paths: Iterable[Path], shown: Callable[[Path], str] = str) -> list[Finding]:
    """Set aside each of ``paths`` that exists (the outputs rule: a failed run leaves nothing stale under the
    real name); one F012 each."""
    return [retired_finding(path, set_aside(path), shown) for path in paths if path.is_file()]


@contextmanager
def retired_on_failure(paths: Iterable[Path], shown: Callable[[Path], str] = str) -> Iterator[None]:
    """Around the work that makes ``paths``: when it raises InputError, the previous ones are set aside and the
    error says so (its findings, then an F012 for each)."""
    try:
        yield
    except InputError as exc:
        raise InputError([*exc.findings, *retire(paths, shown)]) from None


def os_error_reason(exc: OSError) -> str:
    """Why a file could not be written or read, in the officer's words (errno, portable)."""
    import errno

    reasons = {
        errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng chỗ trống rồi chạy lại",
        errno.EISDIR: "đã có một thư mục trùng tên với tệp cần ghi; hãy xóa hoặc đổi tên thư mục đó",
        errno.ENOTDIR: "một tệp trùng tên đang chắn chỗ thư mục cần dùng; hãy xóa hoặc đổi tên tệp đó",
        errno.EEXIST: "một tệp trùng tên đang chắn chỗ thư mục cần dùng; hãy xóa hoặc đổi tên tệp đó",
        errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài; hãy dùng mã xã ngắn hơn hoặc chuyển kho lên thư mục gần gốc ổ đĩa",
        errno.EACCES: "không có quyền ghi, hoặc tệp đang mở (ví dụ trong Word); hãy đóng tệp rồi chạy lại",
        errno.EPERM: "không có quyền ghi, hoặc tệp đang mở (ví dụ trong Word); hãy đóng tệp rồi chạy lại",
        errno.EROFS: "ổ đĩa chỉ cho đọc",
    }
    return reasons.get(exc.errno or 0, f"lỗi hệ thống: {exc.strerror or exc}")


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; outputs are shared documents
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all(files: Mapping[Path, bytes], overwrite: frozenset[Path] = frozenset()) -> list[Path]:
    """Write every file or none: each goes to a temporary file beside it, then all are moved in; on any failure
    (disk full, Ctrl+C, a file that appeared meanwhile, a folder in the way) what was moved in is taken back: a
    new file removed, a file it replaced put back as it was; the temporary files and the folders this call made
    are removed. Only the paths in ``overwrite`` may replace an existing file (FileExistsError)."""
    made_dirs: list[Path] = []
    temps: dict[Path, Path] = {}
    moved: list[Path] = []
    kept: dict[Path, Path] = {}  # a replaced file -> where it waits until every file is in
    try:
        for path, data in files.items():
            missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            made_dirs += reversed(missing)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            tmp = Path(tmp_name)
            temps[path] = tmp
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
        for path, tmp in temps.items():
            if path.is_dir():
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            if path.exists():
                if path not in overwrite:
                    raise FileExistsError(path)
                waiting = tmp.with_name(tmp.name + ".cu")
                os.replace(path, waiting)  # a file held open (Windows) fails here, before anything of it moved
                kept[path] = waiting
            os.replace(tmp, path)
            moved.append(path)
    except BaseException:
        for path in moved:
            path.unlink(missing_ok=True)
        for path, old in kept.items():
            os.replace(old, path)
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        for folder in reversed(made_dirs):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    for old in kept.values():
        old.unlink(missing_ok=True)
    return list(files)
