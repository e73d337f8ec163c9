"""The manifest's YAML: safe, line-numbered and bounded while it is composed."""

from __future__ import annotations

import pytest

from kiosk.core import yamlsafe
from kiosk.core.yamlsafe import MAX_COMPOSED_NODES, YamlSyntaxError, compose


def test_a_manifest_of_too_many_nodes_is_refused_while_it_is_composed():
    text = "cards:\n  - [" + ",".join(["1"] * (MAX_COMPOSED_NODES + 10)) + "]\n"
    assert len(text) < yamlsafe.MAX_MANIFEST_BYTES
    with pytest.raises(YamlSyntaxError) as caught:
        compose(text.encode())
    assert "清单太复杂" in caught.value.message
    assert str(MAX_COMPOSED_NODES) in caught.value.message_en


def test_a_large_manifest_within_the_node_cap_composes_in_either_path(monkeypatch):
    text = "cards:\n" + "".join(f"  - {{id: c{i}, headline: {i}个}}\n" for i in range(2000))
    fast = compose(text.encode())
    monkeypatch.setattr(yamlsafe, "_most_nodes", lambda _text: MAX_COMPOSED_NODES + 1)  # the counting path
    counted = compose(text.encode())
    assert fast is not None and counted is not None
    assert len(fast.value[0][1].value) == len(counted.value[0][1].value) == 2000
    assert yamlsafe.line_of(counted.value[0][1].value[1999]) == 2001


def test_the_cheap_estimate_is_an_upper_bound_on_the_nodes():
    for text in ("a: b", "- - - x", "{a: 1, b: [1, 2, {c: d}]}", "? a\n: b\n", "x"):
        loader = yamlsafe._CountingLoader(text)
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
        assert loader.composed <= yamlsafe._most_nodes(text), text
