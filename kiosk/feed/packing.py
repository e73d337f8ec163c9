"""A bundle packed as a zip that depends only on its content: same files, same bytes.

Members are sorted by name, stored at the top of the zip (no folder around
them), with one fixed timestamp, the same permissions and no extra fields,
compressed with the same settings.  Publishing the same content twice then
gives the same hash: the feed does not change, and no kiosk downloads it again.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from kiosk.core.files import open_files

FIXED_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold
MEMBER_MODE = 0o100644  # a regular file, rw-r--r--
UNIX = 3  # "made by" a Unix system: the permissions above are read from external_attr
COMPRESS_LEVEL = 9


def pack_bundle(path: Path) -> bytes:
    """The bundle at ``path`` (a folder or a zip) as reproducible zip bytes.

    Reads through :func:`kiosk.core.files.open_files`, the same way into a
    bundle as the gate, so what is packed is what was checked: hidden files,
    ``__MACOSX`` and the like are left out, and a zip's single top folder is
    taken away.  Raises :class:`kiosk.core.files.BundleFileError`.
    """
    files = open_files(path)
    try:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in sorted(files.names()):
                info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = UNIX
                info.external_attr = MEMBER_MODE << 16
                archive.writestr(info, files.read(name), compresslevel=COMPRESS_LEVEL)
        return buffer.getvalue()
    finally:
        files.close()
