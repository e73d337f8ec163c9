"""Whatever the manifest holds, inspecting it never raises.

Random YAML documents and random damage to the default bundle's manifest:
``inspect_bundle`` always returns an Inspection with a manifest or with
errors that say why not, and ``load_bundle`` raises only BundleError.
"""

from __future__ import annotations

import copy
import shutil
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.core.bundle import BundleError, Inspection, load_bundle
from kiosk.resources import default_bundle
from tests.bundles import check

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


def dump(document: Any) -> bytes:
    return yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False).encode()


# ---------------------------------------------------------------- random documents

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["近1000个", "15.1万个", "97%以上", "#FFFFFF", "bar", "pie", "article", "source.md", "..", "/etc/passwd"]),
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
    inspect_text(workdir, dump(document))


@settings(SETTINGS, max_examples=100)
@given(st.dictionaries(st.sampled_from(KNOWN_KEYS), documents, min_size=1, max_size=8))
def test_random_manifest_shaped_documents_never_raise(workdir, document):
    inspect_text(workdir, dump(document))


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
    inspect_text(workdir, dump(document))


@settings(SETTINGS, max_examples=100)  # each example inspects the whole default bundle twice
@given(st.sampled_from(ALL_PATHS), documents)
def test_replacing_any_value_never_raises(workdir, path, value):
    document = copy.deepcopy(DEFAULT_MANIFEST)
    parent_of(document, path)[path[-1]] = value
    inspect_text(workdir, dump(document))


@settings(SETTINGS, max_examples=40)
@given(st.integers(0, len(DEFAULT_MANIFEST["cards"]) - 1), st.integers(0, len(DEFAULT_MANIFEST["cards"])))
def test_duplicating_a_card_is_an_error_not_a_crash(workdir, card, where):
    document = copy.deepcopy(DEFAULT_MANIFEST)
    document["cards"].insert(where, copy.deepcopy(document["cards"][card]))
    inspection = inspect_text(workdir, dump(document))
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
