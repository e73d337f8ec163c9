"""Shared fixtures.  Bundle builders live in ``tests/bundles.py``."""

from __future__ import annotations

import pytest

from tests.bundles import BundleMaker


@pytest.fixture
def make_bundle(tmp_path):
    """``make_bundle(manifest=None, *, files=None, as_zip=False, top_folder=None)`` -> bundle path."""
    return BundleMaker(tmp_path)
