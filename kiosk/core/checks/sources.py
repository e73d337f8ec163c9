"""Sources: each named once, and the texts the bundle carries read for the provenance check."""

from __future__ import annotations

from kiosk.core import model
from kiosk.core.checks import MAX_TEXT_BYTES
from kiosk.core.checks.provenance import normalise_source_text
from kiosk.core.files import BundleFileError, BundleFiles
from kiosk.core.model import line_of_field
from kiosk.core.problems import ProblemList


def read_sources(manifest: model.Manifest, files: BundleFiles, problems: ProblemList) -> dict[str, str]:
    """Each source's normalised text, where the bundle carries it."""
    texts: dict[str, str] = {}
    seen: set[str] = set()
    for source in manifest.sources:
        if source.id in seen:
            problems.error(
                "duplicate-id",
                f"来源编号“{source.id}”重复。",
                en=f"duplicate source id {source.id}",
                line=line_of_field(source, "id"),
                field="sources.id",
            )
        seen.add(source.id)
        if not source.file:
            continue
        try:
            raw = files.read(source.file, MAX_TEXT_BYTES)
            texts[source.id] = normalise_source_text(raw.decode("utf-8-sig"))
        except BundleFileError as exc:
            problems.error(
                "missing-file", exc.message, en=exc.message_en, line=line_of_field(source, "file"), field="sources.file"
            )
        except UnicodeDecodeError:
            problems.error(
                "encoding",
                f"原文文件“{source.file}”不是 UTF-8 编码。",
                hint="请用 UTF-8 另存。",
                en=f"{source.file} is not UTF-8",
                line=line_of_field(source, "file"),
                field="sources.file",
            )
    return texts
