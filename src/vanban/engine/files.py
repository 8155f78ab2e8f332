"""Writing a file atomically: a failed write never leaves a half-written file under the real name."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

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


def write_all(files: Mapping[Path, bytes]) -> list[Path]:
    """Write each file atomically, in order; if one fails, remove those already written: all or nothing."""
    written: list[Path] = []
    try:
        for path, data in files.items():
            write_atomic(path, data)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written
