"""Files used: every file of the bundle is one a card, a source or the fonts name."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kiosk.core.files import BundleFileError, BundleFiles, safe_relpath
from kiosk.core.problems import ProblemList

# Files a bundle may carry for people rather than for the screen.
NOT_UNUSED = re.compile(r"(^|/)(readme|license|licence|copying|ofl)[^/]*$", re.IGNORECASE)


def check_unused_files(files: BundleFiles, referenced: Iterable[str], problems: ProblemList) -> None:
    """A warning for each file that nothing names: ``referenced`` as the manifest writes them."""
    used = set()
    for name in referenced:  # as written (./images/a.png), as listed (images/a.png)
        try:
            used.add(safe_relpath(name))
        except BundleFileError:
            continue  # reported where it is used
    for name in files.names():
        if name not in used and not NOT_UNUSED.search(name):
            problems.warning(
                "unused-file",
                f"文件“{name}”没有被任何卡片用到。",
                hint="如果不需要，可以把它删掉，让数据包更小。",
                en=f"{name} is not used by any card",
                file=name,
            )
