"""Errors in our code surface as bugs, not as the user's input errors.

Every problem in what a user typed is a finding (code, place, Vietnamese message). Anything else that
escapes a command is a bug of ours: the user gets a short Vietnamese message saying so and where the
details are, the traceback is saved to ``build/loi-chuong-trinh.log`` for whoever fixes it, and the
exit status is ``BUG`` (3), distinct from 1 (findings) and 2 (input that cannot be read).
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

BUG = 3  # the exit status of a command that stopped on a bug of ours
LOG = Path("build") / "loi-chuong-trinh.log"  # under the project root; the latest bug's details
REPORT_TO = "người phụ trách cài đặt vanban của đơn vị (hướng dẫn, trang «Đọc và sửa lỗi»)"


def guarded(root: Path, command: Callable[[], int]) -> int:
    """``command()``'s exit status; a bug of ours is reported as one, with its traceback kept."""
    try:
        return command()
    except Exception as exc:  # anything a command did not turn into a finding is ours to fix
        return report(root, exc)


def report(root: Path, exc: BaseException) -> int:
    """Tell the user it is our bug, save the details, and give the exit status."""
    details = "".join(traceback.format_exception(exc))
    log = root / LOG
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        log.write_text(f"vanban {' '.join(sys.argv[1:])}\n{stamp}\n\n{details}", encoding="utf-8")
        saved = True
    except OSError:
        saved = False  # a read-only project: the details go to the terminal instead
    print(f"Lỗi chương trình (không phải lỗi trong dữ liệu của bạn): {type(exc).__name__}: {exc}", file=sys.stderr)
    if saved:
        print(f"Chi tiết đã được lưu vào {LOG.as_posix()}. Xin gửi tệp này cho {REPORT_TO}.", file=sys.stderr)
    else:
        print(details, file=sys.stderr)
        print(f"Xin gửi toàn bộ thông báo trên cho {REPORT_TO}.", file=sys.stderr)
    return BUG
