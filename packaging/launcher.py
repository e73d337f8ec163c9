"""Entry point of the frozen build (PyInstaller): the same as ``python -m kiosk``."""

import sys

from kiosk.cli import program

if __name__ == "__main__":
    sys.exit(program())
