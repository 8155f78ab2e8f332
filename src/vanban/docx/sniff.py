"""What a file handed to us as a Word document really is, from its bytes, not its name.

Users pick files by name; a ``.docx`` may be an old ``.doc`` renamed, a PDF, a
password-protected file (Word wraps it in an OLE2 container) or a truncated
download. ``sniff`` tells them apart so each gets a message saying what to do.
Shared by the importer and (to be merged) the linter.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, and encrypted .docx
CONVERT_HINT = (
    "hãy mở tệp trong Word và chọn Tệp > Lưu thành > «Tài liệu Word (*.docx)», "
    "hoặc chuyển bằng LibreOffice: soffice --headless --convert-to docx «tệp.doc»"
)


@dataclass(frozen=True)
class Sniffed:
    kind: str  # docx | doc | encrypted | pdf | rtf | odt | zip | damaged | empty | missing | unknown
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.kind == "docx"


def sniff(path: Path) -> Sniffed:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        return Sniffed("missing")
    except OSError as exc:
        return Sniffed("damaged", str(exc))
    if not head:
        return Sniffed("empty")
    if head.startswith(b"%PDF"):
        return Sniffed("pdf")
    if head.startswith(b"{\\rtf"):
        return Sniffed("rtf")
    if head == OLE2_MAGIC:
        # An encrypted OOXML file is an OLE2 container holding these two streams.
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            return Sniffed("encrypted")
        return Sniffed("doc")
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                broken = archive.testzip()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            return Sniffed("damaged", str(exc))
        if broken is not None:
            return Sniffed("damaged", f"phần «{broken}» bị hỏng")
        if "word/document.xml" in names:
            return Sniffed("docx")
        if "content.xml" in names:
            return Sniffed("odt")
        return Sniffed("zip")
    return Sniffed("unknown")


def message(found: Sniffed) -> str:
    """Why the file cannot be read as a .docx and what to do, in Vietnamese."""
    return {
        "missing": "không tìm thấy tệp.",
        "empty": "tệp rỗng (0 byte).",
        "pdf": "đây là tệp PDF, không phải văn bản Word: cần bản Word (.docx) gốc của văn bản; "
        "nếu chỉ có PDF, hãy mở bằng Word (Word tự chuyển PDF sang .docx) rồi lưu thành .docx.",
        "doc": f"đây là tệp Word 97-2003 (.doc), không phải .docx: {CONVERT_HINT}.",
        "encrypted": "tệp được đặt mật khẩu (mã hóa): hãy mở bằng Word, bỏ mật khẩu "
        "(Tệp > Thông tin > Bảo vệ tài liệu > Mã hóa bằng mật khẩu, xóa mật khẩu) rồi lưu lại.",
        "rtf": "đây là tệp RTF, không phải .docx: hãy mở bằng Word và lưu thành «Tài liệu Word (*.docx)».",
        "odt": "đây là tệp OpenDocument (.odt), không phải .docx: hãy lưu lại thành .docx "
        "(LibreOffice: soffice --headless --convert-to docx «tệp.odt»).",
        "zip": "tệp nén này không phải văn bản Word (.docx).",
        "damaged": "tệp bị hỏng, không mở được"
        + (f" ({found.detail})" if found.detail else "")
        + ": hãy lấy lại bản gốc hoặc mở bằng Word (Word đề nghị sửa) rồi lưu lại.",
        "unknown": "không nhận ra định dạng tệp: cần văn bản Word (.docx).",
    }.get(found.kind, "không đọc được tệp.")
