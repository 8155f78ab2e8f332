"""Hostile packages made cheaply: a zip member that inflates to a gigabyte, written without compressing one.

Deflate output after a full flush does not depend on what came before, so one compressed megabyte,
repeated, is a valid stream of many megabytes. The archive is written by hand (local headers, central
directory) around those raw bytes; the CRC is computed by ``zlib.crc32`` over the repeated chunk.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

CHUNK = 1 << 20


def _deflated_repeat(chunk: bytes, times: int) -> tuple[bytes, int]:
    """Raw deflate of ``chunk`` × ``times`` and its CRC-32, at the cost of compressing ``chunk`` once."""
    one = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = one.compress(chunk) + one.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return block * times + end, crc


def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> None:
    """members: (name, raw data, method (0 stored, 8 deflated), crc, uncompressed size)."""
    out, central = bytearray(), bytearray()
    for name, data, method, crc, size in members:
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))


def docx_with_document(base: Path, target: Path, *, megabytes: int | None = None, body: bytes | None = None) -> Path:
    """``base`` with its word/document.xml replaced: ``megabytes`` MiB of spaces inside the body, or ``body``."""
    members = []
    with zipfile.ZipFile(base) as archive:
        for info in archive.infolist():
            if info.filename == "word/document.xml":
                continue
            data = archive.read(info.filename)
            members.append((info.filename, data, 0, zlib.crc32(data), len(data)))
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    tail = b"</w:body></w:document>"
    if body is not None:
        xml = head + body + tail
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        members.append(("word/document.xml", compressor.compress(xml) + compressor.flush(), 8, zlib.crc32(xml), len(xml)))
    else:
        assert megabytes is not None
        raw, crc = _deflated_repeat(b" " * CHUNK, megabytes)
        # The spaces alone (no head or tail): what matters is the size the directory states and what inflating costs.
        members.append(("word/document.xml", raw, 8, crc, CHUNK * megabytes))
    write_zip(target, members)
    return target
