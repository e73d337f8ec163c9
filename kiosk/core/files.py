"""The one way into a bundle's files, for folders and zip files alike.

A bundle may come on a USB stick from anyone, so every path is checked:
no absolute paths, no ``..``, no symlinks leading out of the bundle.  Zip
files are read in place (never extracted) and refused when they look like
zip bombs.
"""

from __future__ import annotations

import os
import stat
import unicodedata
import zipfile
import zlib
from pathlib import Path, PurePosixPath

MANIFEST_NAME = "bundle.yaml"

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_TOTAL_BYTES = 512 * 1024 * 1024
MAX_ZIP_RATIO = 100  # uncompressed / compressed, for members over a megabyte
MAX_FOLDER_FILES = 5_000
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX"}


class BundleFileError(Exception):
    """A file of the bundle cannot be read safely; ``message`` is Chinese."""

    def __init__(self, message: str, message_en: str, file: str = "", *, missing: bool = False) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
        self.file = file
        self.missing = missing  # simply not there: not refused for being unsafe or unreadable


def name_key(name: str) -> str:
    """What ``name`` is on a disk that ignores case and Unicode normalisation (Windows, macOS).

    Canonical caseless matching: ``Photo.PNG`` and ``photo.png``, or ``é`` as one
    code point and as ``e`` with a combining accent, give the same key.
    """
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())


def same_names_error(first: str, second: str, *, in_zip: bool) -> BundleFileError:
    """Two members of one bundle that a person would see as one file."""
    where, where_en = ("压缩包里", "the zip") if in_zip else ("数据包文件夹里", "the bundle folder")
    if first == second:
        return BundleFileError(
            f"{where}有两个同名文件“{first}”。解压后只能看到其中一个，展台读到的却可能是另一个。请重新打包。",
            f"{where_en} holds two members named {first!r}: unzip shows one, the kiosk may read the other; repack it",
            first,
        )
    if first.casefold() != second.casefold():
        how, how_en = "只是 Unicode 写法不同（看起来一样）", "differ only in Unicode normalisation (NFC/NFD)"
    else:
        how, how_en = "只差大小写", "differ only in case"
    return BundleFileError(
        f"{where}的“{first}”和“{second}”{how}，在 Windows 和 Mac 上是同一个文件，复制时会互相覆盖。"
        f"请改名或删掉其中一个{'后重新打包' if in_zip else ''}。",
        f"{where_en} holds {first!a} and {second!a}, which {how_en}: "
        f"on Windows and macOS they are one file; rename or remove one",
        second,
    )


def refuse_same_names(names: list[str], *, in_zip: bool) -> None:
    """:class:`BundleFileError` for the first two of ``names`` that are one file to a person."""
    seen: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key in seen:
            raise same_names_error(seen[key], name, in_zip=in_zip)
        seen[key] = name


def safe_relpath(name: str) -> str:
    """``name`` as a clean path inside the bundle, or :class:`BundleFileError`."""
    if not name or "\x00" in name:
        raise BundleFileError("文件名是空的。", "empty file name", name)
    if "\\" in name:
        raise BundleFileError(
            f"路径“{name}”里有反斜杠。请用 / 分隔目录，例如 images/a.png。",
            f"path {name!r} contains a backslash: separate folders with /",
            name,
        )
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise BundleFileError(
            f"路径“{name}”是绝对路径，会指向数据包以外。请写相对路径，例如 images/a.png。",
            f"absolute path {name!r} escapes the bundle",
            name,
        )
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise BundleFileError(
            f"路径“{name}”含有“..”，会指向数据包以外。请把文件放进数据包里。",
            f"path {name!r} escapes the bundle",
            name,
        )
    clean = "/".join(p for p in parts if p not in (".", ""))
    if not clean:
        raise BundleFileError("文件名是空的。", "empty file name", name)
    return clean


class BundleFiles:
    """Read-only access to the files of one bundle."""

    location: Path

    @property
    def label(self) -> str:
        return str(self.location)

    def read(self, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
        raise NotImplementedError

    def head(self, name: str, count: int) -> bytes:
        """The first ``count`` bytes of a file, without reading the rest."""
        raise NotImplementedError

    def exists(self, name: str) -> bool:
        raise NotImplementedError

    def size(self, name: str) -> int:
        raise NotImplementedError

    def names(self) -> list[str]:
        raise NotImplementedError

    def fingerprint(self) -> str:
        """Changes whenever the bundle's content may have changed (for reloads)."""
        raise NotImplementedError

    def local_path(self, name: str) -> Path | None:
        """A real file path, for folders; zip members have none."""
        return None

    def close(self) -> None:
        pass

    def _too_big(self, name: str, size: int, limit: int) -> BundleFileError:
        return BundleFileError(
            f"文件太大（{size // 1024 // 1024} MB，上限 {limit // 1024 // 1024} MB）。请压缩或缩小后再放入。",
            f"file too large: {size} bytes",
            name,
        )


class FolderFiles(BundleFiles):
    def __init__(self, folder: Path) -> None:
        self.location = folder
        self.root = folder.resolve()
        # Two names that differ only in case or normalisation can live side by side
        # on Linux, but become one file when the bundle is copied to Windows or a Mac.
        refuse_same_names(self.names(), in_zip=False)

    def _path(self, name: str) -> Path:
        clean = safe_relpath(name)
        path = self.root / clean
        try:
            real = path.resolve(strict=True)
        except (FileNotFoundError, NotADirectoryError):
            raise BundleFileError(f"找不到文件“{clean}”。", f"file not found: {clean}", clean, missing=True) from None
        except (OSError, RuntimeError) as exc:
            raise BundleFileError(f"无法读取“{clean}”：{exc}", f"cannot read {clean}: {exc}", clean) from None
        if not real.is_relative_to(self.root):
            raise BundleFileError(
                f"“{clean}”是指向数据包以外的链接，不能使用。请把文件本身复制进数据包。",
                f"{clean} links outside the bundle",
                clean,
            )
        if not real.is_file():
            raise BundleFileError(f"“{clean}”不是文件。", f"{clean} is not a file", clean)
        return real

    def read(self, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
        path = self._path(name)
        try:
            size = path.stat().st_size
            if size > limit:
                raise self._too_big(name, size, limit)
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            raise BundleFileError(
                f"无法读取“{name}”：{exc.strerror or exc}", f"cannot read {name}: {exc}", name
            ) from None
        if len(data) > limit:
            raise self._too_big(name, len(data), limit)
        return data

    def head(self, name: str, count: int) -> bytes:
        path = self._path(name)
        try:
            with path.open("rb") as handle:
                return handle.read(count)
        except OSError as exc:
            raise BundleFileError(
                f"无法读取“{name}”：{exc.strerror or exc}", f"cannot read {name}: {exc}", name
            ) from None

    def exists(self, name: str) -> bool:
        try:
            self._path(name)
        except BundleFileError:
            return False
        return True

    def size(self, name: str) -> int:
        return self._path(name).stat().st_size

    def local_path(self, name: str) -> Path | None:
        return self._path(name)

    def names(self) -> list[str]:
        found: list[str] = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in IGNORED_NAMES)
            for file in sorted(files):
                if file.startswith(".") or file in IGNORED_NAMES:
                    continue
                found.append(Path(folder, file).relative_to(self.root).as_posix())
                if len(found) >= MAX_FOLDER_FILES:
                    return found
        return found

    def fingerprint(self) -> str:
        import hashlib  # OpenSSL's start-up: only the watcher needs it, never a screenshot

        digest = hashlib.sha256()
        for name in self.names():
            try:
                info = (self.root / name).stat()
            except OSError:
                continue
            digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
        return digest.hexdigest()


class ZipFiles(BundleFiles):
    def __init__(self, path: Path) -> None:
        self.location = path
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise BundleFileError(
                "这个 zip 文件损坏或不完整（可能还没复制完）。请重新打包或重新复制。",
                f"not a readable zip file: {exc}",
                path.name,
            ) from None
        self._members: dict[str, zipfile.ZipInfo] = {}
        try:
            self._check_members()
        except BundleFileError:
            self._zip.close()
            raise

    def _check_members(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise BundleFileError(
                f"zip 里文件太多（{len(infos)} 个，上限 {MAX_ZIP_ENTRIES} 个）。",
                f"too many zip entries: {len(infos)}",
                self.location.name,
            )
        total = 0
        members: dict[str, zipfile.ZipInfo] = {}
        names: list[str] = []
        for info in infos:
            if info.is_dir():
                continue
            name = safe_relpath(info.filename)
            names.append(name)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise BundleFileError(
                    f"zip 里的“{name}”是符号链接，不能使用。请放入文件本身。",
                    f"zip member {name} is a symlink",
                    name,
                )
            if info.flag_bits & 0x1:
                raise BundleFileError(f"zip 里的“{name}”加了密码，无法读取。", f"{name} is encrypted", name)
            total += info.file_size
            if total > MAX_ZIP_TOTAL_BYTES:
                raise BundleFileError(
                    f"zip 解压后太大（超过 {MAX_ZIP_TOTAL_BYTES // 1024 // 1024} MB）。",
                    "zip uncompressed size over the limit",
                    self.location.name,
                )
            if info.file_size > 1024 * 1024 and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                raise BundleFileError(
                    f"zip 里的“{name}”压缩比异常（可能是“压缩炸弹”），不能使用。",
                    f"suspicious compression ratio for {name}",
                    name,
                )
            members[name] = info
        # zipfile reads the last of two members with one name, unzip and Explorer
        # show the first: what plays would not be what a person sees.
        refuse_same_names(names, in_zip=True)
        # A zip made by right-clicking a folder holds that folder: look inside it
        # (a Mac adds __MACOSX/ and .DS_Store beside it).
        if MANIFEST_NAME not in members:
            tops = {name.split("/", 1)[0] for name in members} - IGNORED_NAMES
            tops = {top for top in tops if not top.startswith(".")}
            if len(tops) == 1:
                prefix = tops.pop() + "/"
                members = {n[len(prefix) :]: i for n, i in members.items() if n.startswith(prefix)}
        self._members = members

    def _info(self, name: str) -> zipfile.ZipInfo:
        clean = safe_relpath(name)
        info = self._members.get(clean)
        if info is None:
            raise BundleFileError(f"zip 里找不到文件“{clean}”。", f"file not found: {clean}", clean, missing=True)
        return info

    def read(self, name: str, limit: int = MAX_FILE_BYTES) -> bytes:
        info = self._info(name)
        if info.file_size > limit:
            raise self._too_big(name, info.file_size, limit)
        try:
            with self._zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise BundleFileError(
                f"zip 里的“{name}”读不出来（文件损坏？）。", f"cannot read {name}: {exc}", name
            ) from None
        if len(data) > limit:
            raise self._too_big(name, len(data), limit)
        return data

    def head(self, name: str, count: int) -> bytes:
        info = self._info(name)
        try:
            with self._zip.open(info) as handle:
                return handle.read(count)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise BundleFileError(
                f"zip 里的“{name}”读不出来（文件损坏？）。", f"cannot read {name}: {exc}", name
            ) from None

    def exists(self, name: str) -> bool:
        try:
            self._info(name)
        except BundleFileError:
            return False
        return True

    def size(self, name: str) -> int:
        return self._info(name).file_size

    def names(self) -> list[str]:
        return sorted(
            n for n in self._members if not any(p.startswith(".") or p in IGNORED_NAMES for p in n.split("/"))
        )

    def fingerprint(self) -> str:
        info = self.location.stat()
        return f"{info.st_size}:{info.st_mtime_ns}"

    def close(self) -> None:
        self._zip.close()


def open_files(path: Path) -> BundleFiles:
    """Open a bundle folder or zip file."""
    if path.is_dir():
        return FolderFiles(path)
    if path.is_file():
        if path.name == MANIFEST_NAME:
            return FolderFiles(path.parent)
        return ZipFiles(path)
    raise BundleFileError(
        f"找不到数据包“{path}”。请给出数据包文件夹或 .zip 文件的路径。",
        f"no bundle at {path}",
        str(path),
    )
