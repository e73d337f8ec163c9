"""工会数据展台 — Union Hall Kiosk."""

__version__ = "0.1.0"
