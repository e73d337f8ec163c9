"""What every command shares: writing to the terminal, exit codes, and which bundle to open.

Qt-free and small, so the command line and the composition root both use it
without importing each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.core.text_safety import for_terminal

EXIT_OK = 0
EXIT_INVALID = 1  # an invalid bundle, a missing display, Qt that will not load: something to fix
EXIT_USAGE = 2
EXIT_ALREADY_RUNNING = 1
EXIT_INTERRUPTED = 130


def out(text: str = "") -> None:
    """Write a line for the person at the terminal (a frozen GUI build has no stdout).

    Bundle text in it cannot drive the terminal: control and format characters are
    shown as ``\\uXXXX`` escapes, which inside ``--json`` output mean the same character.
    """
    stream = sys.stdout
    if stream is not None:
        stream.write(for_terminal(text) + "\n")


def err(text: str) -> None:
    stream = sys.stderr
    if stream is not None:
        stream.write(for_terminal(text) + "\n")


def bundle_path(explicit: Path | None, configured: Path | None = None) -> Path:
    """The bundle to open: the one named on the command line, else the configured one, else the one
    installed from the content feed, else the shipped deck."""
    if explicit is not None:
        return explicit
    if configured is not None:
        return configured
    from kiosk.core import places
    from kiosk.feed import installed_bundle

    installed = installed_bundle(places.data_dir())  # what the content feed installed, if anything
    if installed is not None:
        return installed
    from kiosk.resources import default_bundle

    return default_bundle()
