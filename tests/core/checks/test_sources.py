"""Source texts: read from the bundle, in UTF-8."""

from __future__ import annotations

from tests.bundles import SOURCE_TEXT, check, only


def test_source_file_missing_is_refused(make_bundle):
    problem = only(check(make_bundle(source=None)), "missing-file")
    assert "source.md" in problem.message
    assert problem.field == "sources.file"


def test_source_file_not_utf8_is_refused(make_bundle):
    bundle = make_bundle(files={"source.md": SOURCE_TEXT.encode("gbk")})
    problem = only(check(bundle), "encoding")
    assert "UTF-8" in problem.message
