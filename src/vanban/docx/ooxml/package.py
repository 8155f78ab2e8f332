"""Reading the parts of a package (a .docx or .xlsx is a zip of XML parts) and writing one deterministically.

Every package we write goes through ``package``: fixed timestamps and attributes, the parts in the order
given, the same compression, so the same parts give the same bytes on every machine. Tools that save a
package (python-docx, openpyxl) stamp members with the time of saving; ``normalize`` rewrites their output.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's epoch


def parts(data: bytes) -> dict[str, bytes]:
    """Every part of the package, by name, in the order the package lists them."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def part(data: bytes, name: str) -> bytes:
    """One part of the package (``word/document.xml``)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def package(members: Mapping[str, bytes]) -> bytes:
    """The package of ``members`` (name -> bytes), in their order, with fixed timestamps and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()


def normalize(data: bytes) -> bytes:
    """The same package, written deterministically."""
    return package(parts(data))


def replace(data: bytes, changed: Mapping[str, bytes]) -> bytes:
    """The package with the parts of ``changed`` replaced (each must exist), written deterministically."""
    members = parts(data)
    missing = sorted(set(changed) - set(members))
    if missing:
        raise KeyError(f"no such part: {', '.join(missing)}")
    return package({**members, **changed})
