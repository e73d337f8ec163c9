"""Loading and validating a data bundle.

``inspect_bundle`` reads everything it can and collects every problem, so an
editor sees all of them in one run.  ``load_bundle`` is what the kiosk uses:
it returns a :class:`Bundle` or raises :class:`BundleError`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.core import model
from kiosk.core.checks import charts, detail_text, files_used, fonts, ids, provenance, sources, theme
from kiosk.core.checks.csv_charts import with_csv_charts
from kiosk.core.checks.pictures import PictureChecks
from kiosk.core.collector import collector_paused
from kiosk.core.files import MANIFEST_NAME, BundleFileError, BundleFiles, open_files
from kiosk.core.manifest import read_manifest
from kiosk.core.problems import BundleError, Problem, ProblemList
from kiosk.core.records import MutableRecord
from kiosk.core.yamlsafe import MappingNode, Node, ScalarNode, YamlSyntaxError, compose, line_of

__all__ = ["Bundle", "BundleError", "Inspection", "Problem", "inspect_bundle", "load_bundle"]

log = logging.getLogger(__name__)


@dataclass(eq=False, repr=False)
class Bundle(MutableRecord):
    """A valid bundle, ready to show."""

    manifest: model.Manifest
    files: BundleFiles
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self.problems

    def close(self) -> None:
        self.files.close()


@dataclass(eq=False, repr=False)
class Inspection(MutableRecord):
    """Everything learnt about a bundle, valid or not."""

    path: Path
    manifest: model.Manifest | None
    problems: ProblemList
    files: BundleFiles | None = None

    @property
    def ok(self) -> bool:
        return self.manifest is not None and not self.problems.has_errors()


def inspect_bundle(path: Path | str, *, check_fonts: bool = False) -> Inspection:
    """Every problem of the bundle at ``path``.

    The errors are those :func:`load_bundle` refuses a bundle for, whatever
    ``check_fonts`` says: it adds only the warning about characters that no
    font covers (``validate`` asks for it).
    """
    with collector_paused():
        return _inspect(Path(path), check_fonts=check_fonts)


def _inspect(path: Path, *, check_fonts: bool) -> Inspection:
    problems = ProblemList()
    try:
        files = open_files(path)
    except BundleFileError as exc:
        problems.error("open", exc.message, en=exc.message_en, file=exc.file or str(path))
        return Inspection(path, None, problems)
    try:
        data = files.read(MANIFEST_NAME)
    except BundleFileError as exc:
        if exc.missing:
            problems.error(
                "no-manifest",
                f"数据包里没有 {MANIFEST_NAME}。",
                hint=f"数据包的最上层必须有一个名为 {MANIFEST_NAME} 的清单文件。",
                en=f"{MANIFEST_NAME} not found in the bundle",
            )
        else:
            problems.error("read", exc.message, en=exc.message_en)
        return Inspection(path, None, problems, files)
    try:
        node = compose(data)
    except YamlSyntaxError as exc:
        problems.error(
            "yaml", exc.message, hint=exc.hint, en=exc.message_en, line=exc.line, card=exc.card, field=exc.field
        )
        return Inspection(path, None, problems, files)
    manifest = read_manifest(node, problems)
    if manifest is not None:
        manifest = with_csv_charts(manifest, files, problems)
        _check(
            manifest,
            files,
            problems,
            ids.written_ids(node),
            check_fonts=check_fonts,
            fonts_line=_key_line(node, "fonts"),
        )
    return Inspection(path, manifest, problems, files)


def load_bundle(path: Path | str, *, check_fonts: bool = False) -> Bundle:
    """The bundle at ``path``, or :class:`BundleError` with every problem."""
    inspection = inspect_bundle(path, check_fonts=check_fonts)
    if not inspection.ok or inspection.manifest is None or inspection.files is None:
        if inspection.files is not None:
            inspection.files.close()
        raise BundleError(inspection.problems.sorted())
    for warning in inspection.problems.warnings:
        log.warning("%s", warning.describe())
    return Bundle(inspection.manifest, inspection.files, inspection.problems.warnings)


# ---------------------------------------------------------------- the checks


def _key_line(node: Node | None, key: str) -> int | None:
    """The line of a top-level ``key:`` of the manifest, if it is written."""
    if isinstance(node, MappingNode):
        for key_node, _value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return line_of(key_node)
    return None


def _check(
    manifest: model.Manifest,
    files: BundleFiles,
    problems: ProblemList,
    written: dict[str, set[str]],
    *,
    check_fonts: bool,
    fonts_line: int | None = None,
) -> None:
    """Every check of a read manifest.

    A check that needs data which could not be read is skipped, not failed
    again: a CSV chart whose file was refused is not also "without data"
    (see ``check_chart``), and characters are not reported missing from the
    fonts while a listed font could not be used.
    """
    ids.check_ids(manifest, problems, written)
    texts = provenance.SourceTexts(sources.read_sources(manifest, files, problems))
    referenced = {MANIFEST_NAME} | {s.file for s in manifest.sources if s.file}
    pictures = PictureChecks(files)
    for card in manifest.cards:
        provenance.check_card_source(card, manifest, texts, problems, written["sources"])
        provenance.check_figure_twice(card, texts, problems)
        provenance.check_repeated_sentences(card, problems)
        for attr in ("image", "icon"):
            name = getattr(card, attr)
            if name:
                referenced.add(name)
                pictures.check(name, problems, card=card.id, field=attr, line=model.line_of_field(card, attr))
        if card.detail and card.detail.chart:
            if card.detail.chart.csv:
                referenced.add(card.detail.chart.csv)
            charts.check_chart(card, card.detail.chart, problems)
        detail_text.check_detail_length(card, problems)
    theme.check_theme(manifest.display.theme, problems)
    referenced.update(manifest.fonts)
    referenced.update(written["files"])  # named by a card or source the schema refused: reported there
    usable = fonts.check_font_files(manifest, files, problems, fonts_line)
    if check_fonts and set(usable) == set(manifest.fonts):
        fonts.check_font_coverage(manifest, usable, problems)
    files_used.check_unused_files(files, referenced, problems)
