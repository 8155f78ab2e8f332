"""Opening a file we did not make: a readable Word document, or an InputError naming the real cause.

Users feed the linter and the importer what they have: a .docx protected with a password, a copy cut short by a download,
a .doc from Word 2003, a PDF or a scan renamed .docx. Each gets its own message (code L001, exit status 2),
never a raw ``KeyError``/``BadZipFile``. The cause is read from the bytes, not from the file's extension:

- an OLE compound file (``D0 CF 11 E0``) holding ``EncryptionInfo`` and ``EncryptedPackage`` streams is a
  .docx encrypted with a password (Office wraps the encrypted package that way); one holding a
  ``WordDocument`` stream is a Word 97–2003 .doc; ``Workbook``/``PowerPoint Document``: Excel, PowerPoint.
  The compound file's directory is read with ``olefile``.
- a zip that is cut short or fails its checksums is damaged; a zip without ``word/document.xml`` is
  another kind of package (Excel, PowerPoint, OpenDocument) or not a document at all; a
  ``word/document.xml`` that is not well-formed XML is damaged.
- other files are named by their signature: PDF, image, RTF, HTML/XML, plain text.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from vanban.engine import limits
from vanban.engine.findings import InputError, Place, error

_W_DOCUMENT, _W_BODY = qn("w:document"), qn("w:body")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_RESAVE = "hãy mở bằng Word và lưu lại dạng .docx (File > Save As > Word Document)"


def open_docx(path: Path, shown: str | None = None, *, code: str = "L001") -> Any:
    """The python-docx Document, or an InputError (exit status 2, finding ``code``) saying why it cannot be read.

    The one place that tells a Word document from what users hand us as one (an old .doc renamed, a PDF, a
    password-protected or damaged file): the linter and the importer both open files through it.
    """
    place = Place(shown or str(path))

    def refuse(message: str) -> InputError:
        return InputError([error(code, place, message)])

    if not path.is_file():
        raise refuse("không tìm thấy tệp.")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise refuse("tệp rỗng (0 byte), không phải tệp .docx; có thể tệp chưa được lưu hoặc sao chép bị lỗi.")
    if head.startswith(_OLE_MAGIC):
        raise refuse(_ole_cause(path))
    if not zipfile.is_zipfile(path):
        if head.startswith(_ZIP_MAGIC):
            raise refuse(
                "tệp .docx bị hỏng: gói nén không đầy đủ (thiếu phần cuối, thường do tải về hoặc sao chép bị dở); "
                "hãy lấy lại bản gốc."
            )
        raise refuse(f"không phải tệp .docx (Word 2007 trở lên): {_signature_cause(head)}")
    cause = _package_cause(path, place)
    if cause:
        raise refuse(cause)
    try:
        document = Document(str(path))
    except etree.XMLSyntaxError as exc:
        part = _broken_xml_part(path)  # reads within the limits checked above
        where = f"phần «{part}»" if part else "một phần XML bên trong"
        raise refuse(f"tệp .docx bị hỏng: {where} không phải XML hợp lệ ({exc}); hãy lấy lại bản gốc.") from None
    except KeyError as exc:
        raise refuse(missing_part(exc)) from None
    except ValueError as exc:
        if "content type" in str(exc):
            raise refuse(
                "không phải tệp .docx: đây là tệp Word có macro (.docm) hoặc tệp mẫu (.dotx, .dotm); " + _RESAVE + "."
            ) from None
        raise refuse(f"không đọc được tệp .docx ({type(exc).__name__}: {exc}).") from None
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise refuse(f"không đọc được tệp .docx ({type(exc).__name__}: {exc}).") from None
    if document.element.tag != _W_DOCUMENT or document.element.find(_W_BODY) is None:
        raise refuse("tệp .docx bị hỏng: word/document.xml không có phần thân văn bản (w:body); hãy lấy lại bản gốc.")
    return document


def missing_part(exc: KeyError) -> str:
    """The message for a part or relationship the package names but does not hold."""
    text = str(exc.args[0]) if exc.args else ""
    if match := re.search(r"no item named '([^']+)'", text):
        what = f"thiếu phần «{match.group(1)}»"
    elif match := re.search(r"no relationship of type '[^']*/([^'/]+)'", text):
        what = f"thiếu liên kết tới phần «{match.group(1)}»"
    else:
        what = f"tham chiếu nội bộ «{text}» không trỏ tới phần nào (thiếu hoặc sai word/_rels/document.xml.rels)"
    return f"tệp .docx bị hỏng: {what}; hãy lấy lại bản gốc."


def _ole_cause(path: Path) -> str:
    """What an OLE compound file holds, in words."""
    import olefile  # only a file that is not a zip needs it: not imported by every lint and import

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir(streams=True, storages=False)}
    except Exception:  # olefile raises OSError and others for a cut or garbled compound file
        return "tệp Office dạng cũ (OLE) bị hỏng, không đọc được cấu trúc bên trong; hãy lấy lại bản gốc."
    if {"EncryptionInfo", "EncryptedPackage"} <= streams:
        return (
            "tệp .docx được đặt mật khẩu (mã hóa) nên không đọc được nội dung; hãy mở bằng Word, gỡ mật khẩu "
            "(File > Info > Protect Document > Encrypt with Password, để trống) rồi lưu lại và kiểm tra tệp đó."
        )
    if "WordDocument" in streams:
        return (
            f"không phải tệp .docx: đây là tệp Word 97–2003 (.doc); {_RESAVE}, "
            "hoặc chuyển bằng LibreOffice: soffice --headless --convert-to docx «tệp.doc»."
        )
    if "Workbook" in streams or "Book" in streams:
        return "không phải tệp .docx: đây là bảng tính Excel dạng cũ (.xls), không phải văn bản Word."
    if "PowerPoint Document" in streams:
        return "không phải tệp .docx: đây là tệp PowerPoint dạng cũ (.ppt), không phải văn bản Word."
    return "không phải tệp .docx: đây là tệp Office dạng cũ (OLE) không chứa văn bản Word."


def _check_elements(archive: zipfile.ZipFile, place: Place) -> None:
    """Refuse a body of millions of elements (326 KB of zip can hold 3 million paragraphs) before it is parsed:
    every start tag is a ``<`` not followed by ``/``, ``?`` or ``!``."""
    data = limits.read_member(archive, "word/document.xml", place)
    tags = data.count(b"<") - data.count(b"</") - data.count(b"<?") - data.count(b"<!")
    if tags > limits.XML_ELEMENTS.value:
        raise limits.refuse(limits.XML_ELEMENTS, replace(place, field="word/document.xml"), tags)


def _package_cause(path: Path, place: Place) -> str | None:
    """Why a zip is not a readable Word package, or None when it looks like one (InputError F010 for one
    beyond the limits)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                return _other_package(names)
            limits.check_package(archive, place)
            broken = archive.testzip()  # reads every member: a cut or corrupted copy fails its CRC here
            if broken is None:
                _check_elements(archive, place)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        return f"tệp .docx bị hỏng: gói nén không giải nén được ({exc}); hãy lấy lại bản gốc."
    if broken is not None:
        return f"tệp .docx bị hỏng: phần «{broken}» trong gói nén sai mã kiểm tra (CRC); hãy lấy lại bản gốc."
    return None


def _broken_xml_part(path: Path) -> str | None:
    """The first XML member of the package that is not well-formed (only looked for once one failed)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(limits.read_member(archive, name, Place(str(path))), parser)
                except etree.XMLSyntaxError:
                    return name
    return None


def _other_package(names: set[str]) -> str:
    if "xl/workbook.xml" in names:
        return "không phải tệp .docx: đây là bảng tính Excel (.xlsx), không phải văn bản Word."
    if "ppt/presentation.xml" in names:
        return "không phải tệp .docx: đây là tệp PowerPoint (.pptx), không phải văn bản Word."
    if "content.xml" in names and "mimetype" in names:
        return (
            f"không phải tệp .docx: đây là tệp OpenDocument (.odt, LibreOffice); {_RESAVE}, "
            "hoặc chuyển bằng LibreOffice: soffice --headless --convert-to docx «tệp.odt»."
        )
    if "[Content_Types].xml" in names:
        return "không đọc được tệp .docx: gói không có word/document.xml (phần nội dung văn bản), có thể tệp bị hỏng."
    return "không đọc được tệp .docx: đây là một tệp nén (zip) không có word/document.xml, không phải văn bản Word."


def _signature_cause(head: bytes) -> str:
    """What a file that is neither zip nor OLE is, from its first bytes."""
    if head.startswith(b"%PDF"):
        return "đây là tệp PDF; cần tệp Word gốc (.docx) đã dùng để xuất PDF."
    images = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")
    if head.startswith(images):
        return "đây là tệp ảnh (ảnh chụp hoặc bản quét); cần tệp Word gốc (.docx)."
    if head.lstrip().startswith(b"{\\rtf"):
        return f"đây là tệp RTF; {_RESAVE}."
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<?xml", b"<html", b"<!doctype", b"<w:")):
        return f"đây là tệp XML/HTML (có thể là «Word XML 2003» hoặc trang web); {_RESAVE}."
    text = head.decode("utf-8", errors="replace")  # a multi-byte letter may be cut at the 4 KiB edge
    if text.count("\ufffd") <= 2 and all(ch.isprintable() or ch in "\r\n\t\ufffd" for ch in text):
        return "đây là tệp văn bản thuần (text), không có định dạng; cần tệp Word (.docx)."
    return "không nhận ra loại tệp; cần tệp Word (.docx)."
