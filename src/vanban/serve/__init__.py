"""``invoke serve``: a live preview in the browser, as ``mkdocs serve`` is for a documentation site.

Strung together here: the documents (``documents``) → one worker that checks and draws them with the
user's own commands (``preview``, ``runner``) → the web page and its event stream (``http``) → a file
watcher on ``plans/``, ``data/`` and ``templates/`` (watchfiles: native change events on Windows,
macOS and Linux, with a debounce) that marks what a change may alter. Ctrl+C ends the server, the
watcher and every command it started.
"""

from __future__ import annotations

import ipaddress
import signal
import threading
from pathlib import Path
from types import FrameType

from vanban.engine.findings import InputError, Place, error
from vanban.office.pdf import find_pdftoppm, find_soffice
from vanban.serve import documents as docs
from vanban.serve.http import DiffRunner, Server, accepted_hosts
from vanban.serve.preview import Preview
from vanban.serve.runner import Children

WATCHED = ("plans", "data", "templates")
DEBOUNCE_MS = 400  # editors and Excel write a file in several steps; one rebuild for them all
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def ignored(path: str) -> bool:
    """Files editors and office programs keep while a file is open or being saved."""
    name = Path(path).name
    return name.startswith(("~$", ".~lock.", ".#", "~")) or name.endswith(("~", ".tmp", ".swp", ".part")) or name.startswith(".")


def office_missing() -> str | None:
    if find_soffice() is None:
        return "Máy chưa cài LibreOffice nên chưa vẽ được trang văn bản; các lỗi và cảnh báo vẫn được kiểm tra và hiện đầy đủ."
    if find_pdftoppm() is None:
        return "Máy chưa cài poppler-utils (pdftoppm) nên chưa vẽ được trang văn bản; các lỗi và cảnh báo vẫn hiện đầy đủ."
    return None


def serve(
    root: Path,
    *,
    commune: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    port: int = DEFAULT_PORT,
    host: str = "127.0.0.1",
    allow_remote: bool = False,
    ready: threading.Event | None = None,
) -> int:
    """Serve the preview until Ctrl+C; the exit status."""
    if not is_loopback(host) and not allow_remote:
        raise InputError(
            [
                error(
                    "W001",
                    Place("--host"),
                    f"chỉ mở trang xem trước trên chính máy này (127.0.0.1); «{host}» cho máy khác trong mạng xem "
                    "dữ liệu chưa ban hành. Nếu thật sự cần, thêm --allow-remote.",
                )
            ]
        )
    chosen = docs.select(docs.discover(root), commune=commune, year=year, kind=kind)
    if not chosen:
        raise InputError([error("W002", Place("plans/"), "không có văn bản nào để xem trước với các lựa chọn đã cho.")])
    children = Children(root)
    preview = Preview(root, chosen, children, office=office_missing())
    try:
        server = Server((host, port), preview, DiffRunner(preview), None if allow_remote else accepted_hosts(host, port))
    except OSError as exc:
        raise InputError(
            [
                error(
                    "W003", Place("--port"), f"không mở được cổng {port} ({exc.strerror or exc}); hãy chọn cổng khác bằng --port."
                )
            ]
        ) from None
    stop = threading.Event()
    threads = [
        threading.Thread(target=preview.work, name="vanban-worker", daemon=True),
        threading.Thread(target=server.serve_forever, name="vanban-http", daemon=True),
        threading.Thread(target=_watch, args=(root, preview, stop, (commune, year, kind)), name="vanban-watch", daemon=True),
    ]
    for thread in threads:
        thread.start()
    shown = f"http://{host if ':' not in host else f'[{host}]'}:{server.server_address[1]}/"
    print(f"Trang xem trước: {shown} (nhấn Ctrl+C để dừng).", flush=True)
    if ready is not None:
        ready.set()
    previous = _on_signals(stop)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()
        server.shutdown()
        server.server_close()
        children.stop()
        _restore(previous)
    print("Đã dừng trang xem trước.", flush=True)
    return 0


def _watch(root: Path, preview: Preview, stop: threading.Event, narrowed: tuple[str | None, int | None, str | None]) -> None:
    from watchfiles import watch

    commune, year, kind = narrowed
    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    for changes in watch(
        *folders,
        stop_event=stop,
        debounce=DEBOUNCE_MS,
        step=50,
        watch_filter=lambda _, path: not ignored(path),
        raise_interrupt=False,
    ):
        found = docs.select(docs.discover(root), commune=commune, year=year, kind=kind)
        preview.inputs_changed((Path(path) for _, path in changes), found)


def _on_signals(stop: threading.Event) -> dict[int, object]:
    """Ctrl+C, SIGTERM (and Ctrl+Break on Windows) end the server the same way."""

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous: dict[int, object] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in ("SIGINT", "SIGTERM", "SIGBREAK"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, handler)
    return previous


def _restore(previous: dict[int, object]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)  # type: ignore[arg-type]
