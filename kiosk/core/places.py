"""Where the kiosk keeps its own files: settings, resume state, statistics, logs.

Each OS has its place for these (platformdirs knows them).  A portable install
on a USB stick, and every test, sets ``UNION_KIOSK_HOME`` instead: one folder
holding ``config/``, ``data/`` and ``logs/``, so nothing leaks into the user's
profile.  Folders are created when asked for, never at import.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "union-kiosk"
HOME_ENV = "UNION_KIOSK_HOME"


def home() -> Path | None:
    """The portable home folder from ``UNION_KIOSK_HOME``, or ``None`` for the OS's places."""
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser() if value else None


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """``kiosk.yaml`` lives here: what staff set up on this machine."""
    portable = home()
    if portable is not None:
        return _ensure(portable / "config")
    import platformdirs  # ~20 ms: only when a folder is wanted

    return _ensure(platformdirs.user_config_path(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """Statistics and the resume state: what the kiosk writes while it runs."""
    portable = home()
    if portable is not None:
        return _ensure(portable / "data")
    import platformdirs

    return _ensure(platformdirs.user_data_path(APP_NAME, appauthor=False))


def log_dir() -> Path:
    portable = home()
    if portable is not None:
        return _ensure(portable / "logs")
    import platformdirs

    return _ensure(platformdirs.user_log_path(APP_NAME, appauthor=False))
