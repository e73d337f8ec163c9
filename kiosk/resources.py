"""The one way in to the files the kiosk ships: fonts, the default bundle, images.

Installed, they live inside the package (``kiosk/_resources``, ``kiosk/_data``);
in a source checkout, at the top of the tree (``resources/``, ``data/``); in a
frozen build, wherever PyInstaller put the package.  Names are relative and may
not climb out of their folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath

_PACKAGE = Path(__file__).resolve().parent
DEFAULT_BUNDLE = "shandong"


class ResourceError(LookupError):
    pass


def _clean(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not name:
        raise ResourceError(f"resource names must be relative and stay inside: {name!r}")
    return path


@cache
def _root(kind: str) -> Path:
    for candidate in (_PACKAGE / f"_{kind}", _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    raise ResourceError(f"the kiosk's {kind} folder is missing (looked in {_PACKAGE})")


def resource_path(name: str) -> Path:
    """A file under ``resources/``, e.g. ``fonts/UnionHallSansSC-Regular.otf``."""
    return _root("resources").joinpath(*_clean(name).parts)


def data_path(name: str = DEFAULT_BUNDLE) -> Path:
    """A bundle under ``data/``; the default bundle without a name."""
    return _root("data").joinpath(*_clean(name).parts)


def default_bundle() -> Path:
    return data_path(DEFAULT_BUNDLE)
