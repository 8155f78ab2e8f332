"""The commands by name, for both entries: ``invoke <command>`` (tasks.py) and the thin ``vanban <command>``.

``vanban build --year 2024`` is ``invoke build --year 2024`` without invoke: the
same commands, options and exit statuses, parsed here with argparse from one
table (``COMMANDS``), because importing invoke costs more than a build's own
checks (it imports ``unittest.mock`` and ``importlib.metadata`` for every
command). Both entries end the process with ``finish``: output flushed, then
``os._exit``, since freeing every object of lxml, Jinja2 and docxtpl one by one
at interpreter exit is work the operating system does at once.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from vanban.kinds import registry


@dataclass(frozen=True)
class Option:
    name: str  # as typed after --, and the keyword ``run`` receives
    default: object  # a bool default is a flag
    help: str


@dataclass(frozen=True)
class Command:
    doc: str  # the first line of ``invoke --list`` and ``vanban <lệnh> --help``
    options: tuple[Option, ...] = ()
    positional: str | None = None  # an option that may also be given without its --name


YEAR = Option("year", None, "Năm kế hoạch, ví dụ 2024")
DRAFT = Option("draft", False, "Vẫn tạo văn bản khi còn lỗi, đánh dấu DỰ THẢO")
COMMUNE = Option("commune", None, "Mã xã (thư mục plans/<mã xã>/), ví dụ giao-hieu; không cần khi kho chỉ có một xã")
KIND = Option("kind", None, registry.kind_names_help())
KY = Option("ky", None, registry.period_help())
ALL = "Mọi xã, mọi năm, mọi loại văn bản (kế hoạch, báo cáo kết quả và bản tổng hợp)"

# Every command once: its name, options (in invoke's order) and help, for both entries.
COMMANDS: dict[str, Command] = {
    "build": Command(
        "Tạo văn bản: build/[<mã xã>/]<năm>/ke-hoach-giam-ngheo-<năm>.docx (--kind: loại khác).",
        (
            YEAR,
            DRAFT,
            Option("all", False, f"Tạo văn bản của {ALL[0].lower()}{ALL[1:]}, song song trên mọi nhân CPU"),
            Option("lint", False, "Kiểm tra lại thể thức văn bản vừa tạo dù mẫu, mã và kế hoạch không đổi"),
            COMMUNE,
            KIND,
            KY,
        ),
    ),
    "check": Command(
        "Kiểm tra số liệu văn bản (kế hoạch, báo cáo, tổng hợp) mà không tạo văn bản.",
        (YEAR, Option("format", "text", "text (mặc định) hoặc json"), COMMUNE, KIND, KY),
    ),
    "pdf": Command(
        "Tạo văn bản rồi xuất PDF qua LibreOffice: build/[<mã xã>/]<năm>/ke-hoach-giam-ngheo-<năm>.pdf.",
        (YEAR, DRAFT, Option("all", False, f"{ALL}, chuyển sang PDF trong một lần chạy LibreOffice"), COMMUNE, KIND, KY),
    ),
    "preview": Command(
        "Tạo văn bản, xuất PDF và vẽ mỗi trang một ảnh PNG trong build/[<mã xã>/]<năm>/preview/ (văn bản khác: preview/<tên>/).",
        (
            YEAR,
            Option("resolution", 80, "Độ phân giải ảnh (dpi), mặc định 80"),
            DRAFT,
            Option("all", False, ALL),
            COMMUNE,
            KIND,
            KY,
        ),
    ),
    "lint": Command(
        "Kiểm tra thể thức một tệp .docx bất kỳ theo Nghị định 30/2020/NĐ-CP, Phụ lục I.",
        (
            Option("path", None, "Tệp .docx cần kiểm tra, ví dụ build/giao-hieu/2024/ke-hoach-giam-ngheo-2024.docx"),
            Option("select", "", "Chỉ kiểm tra các quy tắc này: mã hoặc đầu mã, cách nhau bằng dấu phẩy, ví dụ L1,L112"),
            Option("ignore", "", "Bỏ qua các quy tắc này, ví dụ L108"),
            Option("render", False, "Dàn trang bằng LibreOffice rồi kiểm tra cả trang in (L150–L157): dòng, trang, bảng"),
        ),
        positional="path",
    ),
    "new-year": Command(
        "Tạo kế hoạch năm mới từ năm trước: plans/[<mã xã>/]<năm>.yaml và data/[<mã xã>/]<năm>/.",
        (
            Option("year", None, "Năm kế hoạch mới, ví dụ 2025 (tạo từ năm trước)"),
            Option("gop", None, "Tệp YAML gộp/đổi tên đơn vị: «đơn vị mới: [đơn vị cũ, …]» (xem hướng dẫn)"),
            COMMUNE,
            Option(
                "excel",
                False,
                "Ghi bảng tính data/[<mã xã>/]<năm>/so-lieu.xlsx (mỗi bảng một trang, có công thức) thay cho don_vi.csv",
            ),
        ),
    ),
    "new": Command(
        "Bắt đầu văn bản của một năm: kế hoạch (như new-year), báo cáo kết quả (bảng số thực hiện) hoặc bản tổng hợp.",
        (
            Option("kind", None, registry.kind_names_help()),
            YEAR,
            COMMUNE,
            KY,
            Option(
                "excel",
                False,
                "Ghi bảng số liệu vào bảng tính data/[<mã xã>/]<năm>/so-lieu.xlsx (một trang, có công thức; thêm vào "
                "bảng tính đã có) thay cho tệp CSV",
            ),
        ),
    ),
    "import": Command(
        "Nhập kế hoạch hoặc báo cáo Word sẵn có thành plans/ và data/<năm>/ (không ghi đè).",
        (
            Option("path", None, "Tệp Word (.docx) của kế hoạch hoặc báo cáo cần nhập"),
            YEAR,
            Option("commune", None, "Mã xã/thị trấn (chữ thường, gạch ngang), ví dụ ha-trung"),
            Option("kind", "ke-hoach", "Loại văn bản: ke-hoach (mặc định) hoặc bao-cao"),
            Option("ky", None, "Kỳ báo cáo khi --kind bao-cao: ca-nam (mặc định) hoặc 6-thang"),
        ),
        positional="path",
    ),
    "diff": Command(
        "So sánh hai văn bản cùng loại: số liệu, câu chữ, và bản Word có theo dõi thay đổi.",
        (
            Option("from", None, "Năm cũ (mặc định: năm gần nhất trước --to)"),
            Option("to", None, "Năm mới, ví dụ 2025"),
            Option("year", None, "Với --rev: năm cần so với một phiên bản git"),
            Option("rev", None, "Phiên bản git, ví dụ HEAD~1"),
            COMMUNE,
            KIND,
            KY,
        ),
    ),
    "init": Command(
        "Tạo một xã mới: plans/<mã xã>/xa.yaml, plans/<mã xã>/<năm>.yaml, data/<mã xã>/<năm>/don_vi.csv.",
        (
            Option("commune", None, "Mã xã mới: chữ thường không dấu, chữ số, gạch nối, ví dụ giao-hieu"),
            Option("ten", None, 'Tên xã, ví dụ "Xã Giáo Hiệu"'),
            Option("year", None, "Năm kế hoạch đầu tiên, ví dụ 2024"),
            Option("loai", None, "xã (mặc định), phường, đặc khu (hoặc thị trấn, trước 01/7/2025); mặc định lấy từ tên"),
            Option("tinh", None, 'tên tỉnh, ví dụ "Thanh Hóa"; mặc định lấy từ các xã đã có hoặc bản tổng hợp'),
            Option(
                "excel",
                False,
                "Ghi bảng tính data/<mã xã>/<năm>/so-lieu.xlsx (mỗi bảng một trang, có công thức) thay cho don_vi.csv",
            ),
        ),
    ),
    "tong-hop": Command(
        "Tổng hợp mọi xã: build/tong-hop/<năm>/tong-hop-giam-ngheo-<năm>.docx và .xlsx (như build --kind tong-hop).",
        (YEAR, Option("draft", False, "Vẫn ghi khi còn lỗi, đánh dấu DỰ THẢO")),
    ),
    "setup-git": Command("Cấu hình git (một lần) để xem thay đổi của tệp .docx và CSV dưới dạng chữ."),
    "bench": Command(
        "Đo tốc độ: tạo văn bản so với mức sàn và pandoc, kiểm tra, tạo lại khi không đổi, bảng lớn.",
        (
            Option("sizes", "", "Số dòng của các bảng sinh ra, mặc định 10,100,1000,5000"),
            Option("repeat", 0, "Số lần đo mỗi lệnh, mặc định 5"),
            Option("output", "", "Thư mục kết quả, mặc định build/bench"),
            Option("communes", 166, "Số xã sinh ra cho phép đo nhiều xã (build --all, tong-hop), mặc định 166; 0 để bỏ qua"),
        ),
    ),
    "serve": Command(
        "Xem trước văn bản trong trình duyệt, tự cập nhật khi lưu tệp (nhấn Ctrl+C để dừng).",
        (
            Option("year", None, "Chỉ xem trước các văn bản của năm này"),
            Option("commune", None, "Chỉ xem trước các văn bản của xã này (và bản tổng hợp)"),
            Option("kind", None, "Chỉ một loại văn bản: ke-hoach, bao-cao hoặc tong-hop"),
            Option("port", 8000, "Cổng của trang xem trước, mặc định 8000"),
            Option("host", "127.0.0.1", "Địa chỉ mở trang, mặc định 127.0.0.1 (chỉ máy này)"),
            Option("allow_remote", False, "Cho phép mở trang cho máy khác trong mạng (dữ liệu chưa ban hành: chỉ khi thật cần)"),
        ),
    ),
}
POSITIONAL = {name: c.positional for name, c in COMMANDS.items() if c.positional}


EXIT_STOPPED = 130  # as a shell reports a command ended by Ctrl+C (128 + SIGINT)


class Stopped(KeyboardInterrupt):
    """A stop signal other than Ctrl+C (SIGTERM; Ctrl+Break on Windows), raised where the program is."""


@contextlib.contextmanager
def _signals_stop() -> Iterator[None]:
    """While a command runs, SIGTERM (and Windows' SIGBREAK) unwind like Ctrl+C does: every ``finally``
    runs, so a running LibreOffice's process tree is ended and temporary folders are removed
    (``office.pdf.run_tree``). Restored afterwards; only the main thread may set handlers."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Stopped(signum)

    names = [name for name in ("SIGTERM", "SIGBREAK") if hasattr(signal, name)]
    previous = {name: signal.signal(getattr(signal, name), stop) for name in names}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def run(root: Path, command: str, **options: object) -> int:
    """Run ``command`` with invoke-style ``options`` (``all``, ``from``); the exit status.

    Ctrl+C or SIGTERM end it with a short message and ``EXIT_STOPPED``: no traceback, nothing of ours left running."""
    try:
        with _signals_stop():
            return _dispatch(root, command, **options)
    except KeyboardInterrupt:
        print(
            "\nĐã dừng theo yêu cầu (Ctrl+C hoặc lệnh dừng). LibreOffice và các tệp tạm đã được dọn; "
            "văn bản đang ghi dở không được ghi. Chạy lại lệnh khi cần.",
            file=sys.stderr,
        )
        return EXIT_STOPPED


def _os_errors_said(command: Callable[[], int], root: Path) -> int:
    """A file in the way or a full disk is the user's to fix, not a bug of ours: said in words (F011), exit 2."""
    try:
        return command()
    except OSError as exc:
        from vanban.commands.cli import print_os_error

        return print_os_error(exc, root)


def _dispatch(root: Path, command: str, **options: object) -> int:
    from vanban.commands import bug, cli

    o = options.get
    calls: dict[str, Callable[[], int]] = {
        "build": lambda: (
            cli.build_all(root, draft=bool(o("draft")), year=o("year"), lint=bool(o("lint")), kind=o("kind"), ky=o("ky"))
            if o("all")
            else cli.build(
                root, o("year"), draft=bool(o("draft")), lint=bool(o("lint")), commune=o("commune"), kind=o("kind"), ky=o("ky")
            )
        ),
        "check": lambda: cli.check(
            root, o("year"), output_format=str(o("format") or "text"), commune=o("commune"), kind=o("kind"), ky=o("ky")
        ),
        "pdf": lambda: cli.pdf(
            root, o("year"), draft=bool(o("draft")), every=bool(o("all")), commune=o("commune"), kind=o("kind"), ky=o("ky")
        ),
        "preview": lambda: cli.preview(
            root,
            o("year"),
            resolution=o("resolution"),
            draft=bool(o("draft")),
            every=bool(o("all")),
            commune=o("commune"),
            kind=o("kind"),
            ky=o("ky"),
        ),
        "lint": lambda: cli.lint(
            o("path"), select=str(o("select") or ""), ignore=str(o("ignore") or ""), render=bool(o("render"))
        ),
        "new": lambda: cli.new(root, o("year"), kind=o("kind"), commune=o("commune"), ky=o("ky"), excel=bool(o("excel"))),
        "new-year": lambda: cli.new_year(root, o("year"), commune=o("commune"), merge=o("gop"), excel=bool(o("excel"))),
        "import": lambda: cli.import_plan(
            root, o("path"), o("year"), commune=o("commune"), kind=str(o("kind") or "ke-hoach"), ky=o("ky")
        ),
        "diff": lambda: cli.diff(
            root,
            year_from=o("from"),
            year_to=o("to"),
            year=o("year"),
            rev=o("rev"),
            commune=o("commune"),
            kind=o("kind"),
            ky=o("ky"),
        ),
        "init": lambda: cli.init(
            root, commune=o("commune"), name=o("ten"), year=o("year"), kind=o("loai"), province=o("tinh"), excel=bool(o("excel"))
        ),
        "tong-hop": lambda: cli.tong_hop(root, o("year"), draft=bool(o("draft"))),
        "setup-git": lambda: cli.setup_git(root),
        "bench": lambda: cli.bench(
            root,
            sizes=str(o("sizes") or ""),
            repeat=o("repeat"),
            output=str(o("output") or ""),
            communes=o("communes"),
        ),
        "serve": lambda: cli.serve(
            root,
            year=o("year"),
            commune=o("commune"),
            kind=o("kind"),
            port=o("port"),
            host=o("host"),
            allow_remote=bool(o("allow_remote")),
        ),
    }
    return bug.guarded(root, lambda: _os_errors_said(calls[command], root))


def finish(status: int) -> None:
    """End the process now with ``status``: flush what was printed, skip the interpreter's teardown."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


def project_root(start: Path) -> Path:
    """Like invoke: the nearest folder from ``start`` upwards with a ``tasks.py``; else ``start``."""
    for folder in (start, *start.parents):
        if (folder / "tasks.py").is_file():
            return folder
    return start


def parse(argv: Sequence[str]) -> tuple[str, dict[str, object]] | int:
    """``[command, options…]`` as invoke reads them (``--year 2024``, ``-y 2024``, ``--draft``); or an exit status."""
    import argparse

    parser = argparse.ArgumentParser(prog="vanban", description="Các lệnh của vanban, như invoke <lệnh>.")
    commands = parser.add_subparsers(dest="command", metavar="<lệnh>")
    for name, spec in COMMANDS.items():
        sub = commands.add_parser(name, help=spec.doc, description=spec.doc)
        taken = {"h"}
        for option in spec.options:
            flags = [f"--{option.name.replace('_', '-')}"]  # as invoke spells allow_remote: --allow-remote
            if option.name[0] not in taken:  # invoke gives each option its first free initial
                taken.add(option.name[0])
                flags.insert(0, f"-{option.name[0]}")
            if isinstance(option.default, bool):
                sub.add_argument(*flags, dest=option.name, action="store_true", help=option.help)
            else:
                sub.add_argument(*flags, dest=option.name, default=option.default, help=option.help)
        if name in POSITIONAL:
            sub.add_argument(f"{POSITIONAL[name]}_positional", nargs="?", default=None)
    try:
        parsed = vars(parser.parse_args(list(argv)))
    except SystemExit as exc:  # --help, or a mistyped option: argparse has printed why
        return int(exc.code or 0)
    command = parsed.pop("command")
    if command is None:
        parser.print_help()
        return 0
    if command in POSITIONAL:
        positional = parsed.pop(f"{POSITIONAL[command]}_positional")
        parsed[POSITIONAL[command]] = parsed.get(POSITIONAL[command]) or positional
    return command, parsed


def main(argv: Sequence[str] | None = None) -> None:
    """The ``vanban`` console script."""
    parsed = parse(sys.argv[1:] if argv is None else argv)
    if isinstance(parsed, int):
        finish(parsed)
        return
    command, options = parsed
    finish(run(project_root(Path.cwd()), command, **options))


if __name__ == "__main__":
    main()
