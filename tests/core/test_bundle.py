"""Loading a bundle: ``inspect_bundle`` collects every problem, ``load_bundle`` refuses the same.

One gate: ``union-kiosk validate`` (``inspect_bundle``) and the kiosk's start
and hot reload (``load_bundle``) refuse the same bundles for the same errors.
Images are decoded in full and fonts parsed on every load, so a file that
only starts like a picture or a font is refused by both.  And whatever the
manifest holds, random documents or random damage to the default bundle's,
inspecting it never raises: it returns an Inspection with a manifest or with
errors that say why not, and ``load_bundle`` raises only BundleError.
"""

from __future__ import annotations

import copy
import logging
import shutil
import subprocess
import sys
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.bundle import BundleError, Inspection, inspect_bundle, load_bundle
from kiosk.core.problems import Severity
from kiosk.resources import default_bundle
from tests.bundles import SOURCE_TEXT, check, codes, dump, line_of, minimal_manifest, only, png, write_zip
from tests.hostile_cases import ANY_ERROR, CASES, Case, manifest_with, with_font


def test_minimal_bundle_is_valid_without_warnings(make_bundle):
    inspection = check(make_bundle())
    assert inspection.ok
    assert inspection.problems.items == []
    assert [c.id for c in inspection.manifest.cards] == ["unions", "stations"]


def test_zip_without_manifest_is_refused(tmp_path):
    path = write_zip(tmp_path / "empty.zip", {"a/readme.txt": "x", "b/readme.txt": "y"})
    problem = only(check(path), "no-manifest")
    assert "bundle.yaml" in problem.message


def test_folder_without_manifest_is_refused(tmp_path):
    problem = only(check(tmp_path), "no-manifest")
    assert "bundle.yaml" in problem.message


def test_load_bundle_raises_bundle_error_with_every_problem(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["section"] = "nowhere"
    manifest["cards"][1]["headline"] = "近1001个"
    with pytest.raises(BundleError) as caught:
        load_bundle(make_bundle(manifest))
    assert {p.code for p in caught.value.problems} == {"unknown-section", "figure-not-in-quote"}
    assert "bundle.yaml:" in str(caught.value)


def test_load_bundle_returns_warnings_with_a_valid_bundle(make_bundle):
    bundle = load_bundle(make_bundle(files={"extra.txt": "x"}))
    try:
        assert [p.code for p in bundle.warnings] == ["unused-file"]
        assert bundle.files.read("source.md") == SOURCE_TEXT.encode()
    finally:
        bundle.close()


def test_every_error_of_a_badly_broken_bundle_is_reported_at_once(make_bundle):
    manifest = minimal_manifest()
    manifest["cards"][0]["section"] = "nowhere"
    manifest["cards"][0]["image"] = "none.png"
    manifest["cards"][1]["related"] = ["ghost"]
    manifest["cards"][1]["source"]["source"] = "nope"
    inspection = check(make_bundle(manifest))
    assert {"unknown-section", "missing-file", "unknown-card", "unknown-source"} <= codes(inspection)


def test_reading_a_bundle_leaves_the_garbage_collector_as_it_was(make_bundle):
    import gc

    broken = dump(minimal_manifest()).replace("label: 全省已建立基层工会", "label: 全省: 基层工会")
    for bundle in (make_bundle(), make_bundle(broken)):
        assert gc.isenabled()
        check(bundle)
        assert gc.isenabled()
    gc.disable()
    try:
        check(make_bundle())
        assert not gc.isenabled()
    finally:
        gc.enable()


# ---------------------------------------------------------------- one gate


NEW_HOSTILE_IMAGES = [
    "png-cut-at-60-percent",
    "png-header-with-garbage-idat",
    "png-with-bad-crc",
    "jpeg-cut-in-half",
    "gif-header-only",
    "webp-with-garbage",
    "bmp-cut-short",
    "svg-icon-with-external-entity",
    "svg-icon-with-doctype",
    "svg-icon-cut-short",
]
NEW_HOSTILE_FONTS = ["font-4-byte-signature-only", "font-header-only", "font-cut-in-half", "font-with-damaged-cmap"]
BY_ID = {c.id: c for c in CASES}


def error_codes(problems) -> list[str]:
    return sorted(p.code for p in problems if p.severity is Severity.ERROR)


@pytest.mark.parametrize("hostile", CASES, ids=[c.id for c in CASES])
def test_validate_and_the_kiosk_refuse_the_same_bundles_for_the_same_errors(make_bundle, tmp_path, hostile: Case):
    path = hostile.build(make_bundle, tmp_path)
    inspection = check(path)
    validated = check(path, check_fonts=True)
    assert error_codes(validated.problems.items) == error_codes(inspection.problems.items)
    try:
        loaded = load_bundle(path)
    except BundleError as exc:
        refused = error_codes(exc.problems)
    else:
        loaded.close()
        refused = []
    assert inspection.ok == (not refused)
    assert refused == error_codes(inspection.problems.items)
    if hostile.errors == ANY_ERROR:
        assert refused
    else:
        assert set(refused) == hostile.errors, [p.describe() for p in inspection.problems.items]


@pytest.mark.parametrize("name", NEW_HOSTILE_IMAGES)
def test_damaged_picture_is_refused_naming_file_line_card_and_field(make_bundle, tmp_path, name):
    bundle = BY_ID[name].build(make_bundle, tmp_path)
    problem = only(check(bundle), "bad-image")
    assert problem.field in ("image", "icon")
    assert (problem.card, problem.line) == ("stations", line_of(bundle, f"{problem.field}: "))
    assert "“images/card." in problem.message or "“icons/" in problem.message


def test_truncated_picture_says_it_ends_halfway_and_what_to_do(make_bundle, tmp_path):
    problem = only(check(BY_ID["png-cut-at-60-percent"].build(make_bundle, tmp_path)), "bad-image")
    assert problem.message == "图片“images/card.png”已损坏或不完整（读到一半就结束了）。"
    assert problem.hint == "请重新导出或重新复制这个文件。"


def test_svg_icon_with_a_doctype_is_refused_as_unsafe_not_as_damaged(make_bundle, tmp_path):
    problem = only(check(BY_ID["svg-icon-with-external-entity"].build(make_bundle, tmp_path)), "bad-image")
    assert problem.message.startswith("图标“icons/heart.svg”里面有 DOCTYPE 或 ENTITY 声明")
    assert problem.field == "icon"


@pytest.mark.parametrize("name", NEW_HOSTILE_FONTS)
def test_font_that_only_starts_like_a_font_is_refused_by_the_kiosk_too(make_bundle, tmp_path, name):
    bundle = BY_ID[name].build(make_bundle, tmp_path)
    problem = only(check(bundle), "bad-font")
    assert (problem.field, problem.line) == ("fonts", line_of(bundle, "fonts:"))
    with pytest.raises(BundleError) as caught:
        load_bundle(bundle)
    assert [p.code for p in caught.value.problems] == ["bad-font"]


def test_font_that_is_a_renamed_png_says_it_is_a_picture(make_bundle, tmp_path):
    problem = only(check(BY_ID["font-that-is-a-renamed-png"].build(make_bundle, tmp_path)), "bad-font")
    assert problem.message == "“fonts/test.ttf”不是能用的字体文件（它其实是一张 PNG 图片）。"


def test_shipped_font_passes_the_gate_and_counts_for_coverage(make_bundle, tmp_path):
    from kiosk.resources import resource_path

    data = resource_path("fonts/UnionHallSansSC-Regular.otf").read_bytes()
    bundle = with_font(data)(make_bundle, tmp_path)
    assert check(bundle, check_fonts=True).problems.items == []
    load_bundle(bundle).close()


def test_glyph_coverage_warning_is_the_only_difference_validate_makes(make_bundle):
    bundle = make_bundle(manifest_with(label="囍龘"), source=None)
    quiet, validated = check(bundle), check(bundle, check_fonts=True)
    assert codes(validated) - codes(quiet) == {"glyphs"}
    assert only(validated, "glyphs", Severity.WARNING).severity is Severity.WARNING
    assert error_codes(validated.problems.items) == error_codes(quiet.problems.items)


def test_defaults_of_inspect_and_load_agree(make_bundle):
    import inspect

    defaults = {
        name: inspect.signature(func).parameters["check_fonts"].default
        for name, func in (("inspect", inspect_bundle), ("load", load_bundle))
    }
    assert defaults["inspect"] == defaults["load"]


def test_a_bundle_without_pictures_or_fonts_loads_without_pillow_or_fonttools():
    code = (
        "import sys\n"
        "from kiosk.core.bundle import load_bundle\n"
        "from kiosk.resources import default_bundle\n"
        "load_bundle(default_bundle()).close()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PIL', 'fontTools'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_picture_qt_cannot_decode_leaves_the_card_without_it(qapp, make_bundle, caplog):
    from kiosk.ui import snapshot

    bundle = load_bundle(make_bundle(manifest_with(image="images/card.png"), files={"images/card.png": png(2, 2)}))
    try:
        card = bundle.manifest.cards[1]
        assert snapshot.card_image(bundle, card) is not None
        bundle.files.read = lambda *_args, **_kw: b"\x89PNG not what was verified"  # type: ignore[method-assign]
        with caplog.at_level(logging.WARNING):
            assert snapshot.card_image(bundle, card) is None
        assert "could not be decoded" in caplog.text
        scene = snapshot.scene_for(bundle, card.id)
        assert not snapshot.render(scene, 320, 180).isNull()
    finally:
        bundle.close()


def test_every_new_hostile_case_is_in_the_corpus():
    assert set(NEW_HOSTILE_IMAGES + NEW_HOSTILE_FONTS + ["font-that-is-a-renamed-png", "shipped-otf-font"]) <= set(
        BY_ID
    )


# ---------------------------------------------------------------- whatever the manifest holds


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DEFAULT = default_bundle()
DEFAULT_TEXT = (DEFAULT / "bundle.yaml").read_text(encoding="utf-8")
DEFAULT_MANIFEST: dict[str, Any] = yaml.safe_load(DEFAULT_TEXT)

# Keys the manifest knows, so that random documents reach past the first check.
KNOWN_KEYS = [
    "format", "id", "title", "organisation", "sources", "display", "sections", "cards", "fonts",
    "section", "headline", "label", "source", "quote", "figures", "figure", "detail", "chart", "type",
    "categories", "series", "values", "name", "csv", "related", "image", "theme", "text", "value",
    "unit", "qualifier", "qualifier_position", "count_up", "file", "card_duration",
]  # fmt: skip


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """One bundle folder, its manifest rewritten for each example."""
    folder = tmp_path_factory.mktemp("property-bundle")
    shutil.copy(DEFAULT / "source.md", folder / "source.md")
    return folder


def inspect_text(folder, data: bytes) -> Inspection:
    (folder / "bundle.yaml").write_bytes(data)
    inspection = check(folder)  # returns, and every problem is complete
    assert isinstance(inspection, Inspection)
    assert inspection.manifest is not None or inspection.problems.errors
    try:
        bundle = load_bundle(folder)
    except BundleError as exc:
        assert exc.problems
        assert not inspection.ok
    else:
        bundle.close()
        assert inspection.ok
    return inspection


def yaml_bytes(document: Any) -> bytes:
    return yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False).encode()


# ---------------------------------------------------------------- random documents

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        ["近1000个", "15.1万个", "97%以上", "#FFFFFF", "bar", "pie", "article", "source.md", "..", "/etc/passwd"]
    ),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=10))
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
    ),
    max_leaves=40,
)


@SETTINGS
@given(documents)
def test_random_documents_never_raise(workdir, document):
    inspect_text(workdir, yaml_bytes(document))


@settings(SETTINGS, max_examples=100)
@given(st.dictionaries(st.sampled_from(KNOWN_KEYS), documents, min_size=1, max_size=8))
def test_random_manifest_shaped_documents_never_raise(workdir, document):
    inspect_text(workdir, yaml_bytes(document))


# ---------------------------------------------------------------- damage to the default manifest


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``node``, as keys and indices."""
    found = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        found.append((*prefix, key))
        found.extend(paths(child, (*prefix, key)))
    return found


def parent_of(document: Any, path: tuple) -> Any:
    for key in path[:-1]:
        document = document[key]
    return document


ALL_PATHS = paths(DEFAULT_MANIFEST)


@settings(SETTINGS, max_examples=100)  # each example inspects the whole default bundle twice
@given(st.sampled_from(ALL_PATHS))
def test_deleting_any_key_or_item_never_raises(workdir, path):
    document = copy.deepcopy(DEFAULT_MANIFEST)
    del parent_of(document, path)[path[-1]]
    inspect_text(workdir, yaml_bytes(document))


@settings(SETTINGS, max_examples=100)  # each example inspects the whole default bundle twice
@given(st.sampled_from(ALL_PATHS), documents)
def test_replacing_any_value_never_raises(workdir, path, value):
    document = copy.deepcopy(DEFAULT_MANIFEST)
    parent_of(document, path)[path[-1]] = value
    inspect_text(workdir, yaml_bytes(document))


@settings(SETTINGS, max_examples=40)
@given(st.integers(0, len(DEFAULT_MANIFEST["cards"]) - 1), st.integers(0, len(DEFAULT_MANIFEST["cards"])))
def test_duplicating_a_card_is_an_error_not_a_crash(workdir, card, where):
    document = copy.deepcopy(DEFAULT_MANIFEST)
    document["cards"].insert(where, copy.deepcopy(document["cards"][card]))
    inspection = inspect_text(workdir, yaml_bytes(document))
    assert "duplicate-id" in {p.code for p in inspection.problems.errors}


@SETTINGS
@given(st.integers(0, len(DEFAULT_TEXT.encode()) - 1))
def test_truncating_the_manifest_anywhere_never_raises(workdir, at):
    inspect_text(workdir, DEFAULT_TEXT.encode()[:at])


@SETTINGS
@given(st.integers(0, len(DEFAULT_TEXT.encode())), st.binary(min_size=1, max_size=16))
def test_inserting_random_bytes_never_raises(workdir, at, noise):
    data = DEFAULT_TEXT.encode()
    inspect_text(workdir, data[:at] + noise + data[at:])


@SETTINGS
@given(st.integers(0, len(DEFAULT_TEXT) - 1), st.text(min_size=1, max_size=8))
def test_inserting_random_text_never_raises(workdir, at, noise):
    inspect_text(workdir, (DEFAULT_TEXT[:at] + noise + DEFAULT_TEXT[at:]).encode())


def test_the_undamaged_default_manifest_is_valid(workdir):
    assert inspect_text(workdir, DEFAULT_TEXT.encode()).ok
