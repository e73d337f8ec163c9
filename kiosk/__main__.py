import sys

from kiosk.cli import program

sys.exit(program())
