"""What a publish comes to: a :class:`PublishResult`, or a :class:`PublishError` saying why nothing was published."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core.problems import Problem
from kiosk.feed.notices import Notice


class PublishError(Exception):
    """Nothing was published.  ``problems``: Chinese, with English after a slash;
    ``bundle_problems``: the gate's problems when the bundle was refused."""

    def __init__(self, problems: Sequence[str], bundle_problems: Sequence[Problem] = ()) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)
        self.bundle_problems = list(bundle_problems)


@dataclass
class PublishResult:
    changed: list[str]  # target paths added, replaced or removed
    targets_version: int
    snapshot_version: int
    timestamp_version: int
    trusted_root: Path  # the root metadata to give each kiosk (its ``--trust`` file)
    created: bool = False  # this publish created the keys and the root
    sha256: str | None = None  # of the bundle just published
    notice: Notice | None = None
    warnings: list[str] = field(default_factory=list)
