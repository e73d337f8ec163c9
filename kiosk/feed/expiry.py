"""How long each signature of the feed holds, and when it is renewed.

A kiosk refuses a feed whose metadata has expired and keeps showing its last
good bundle, so a short life costs only updates, never the screen.
"""

from __future__ import annotations

from datetime import timedelta

TIMESTAMP_EXPIRY = timedelta(days=1)
"""Freshness: a mirror or proxy replaying an old feed is noticed within a day.
Renewed by every publish and by ``publish --refresh`` from cron (every few hours)."""
SNAPSHOT_EXPIRY = timedelta(days=7)
"""Signed with an online key by every publish and renewed by ``--refresh``; a
week covers a long holiday weekend without a publish."""
TARGETS_EXPIRY = timedelta(days=90)
"""What may be shown.  A quarter: content that nobody has looked at for three
months stops being accepted as current, yet a lost key's harm is bounded."""
ROOT_EXPIRY = timedelta(days=365)
"""The root of trust, signed offline: once a year is the ceremony staff can plan for."""
RENEW_AT_FRACTION = 0.5  # --refresh re-signs snapshot and targets once half their life is gone
ROOT_WARNING = timedelta(days=30)  # publish and --refresh warn this long before root expires
