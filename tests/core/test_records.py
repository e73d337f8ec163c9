"""Records compare, hash and show themselves exactly as the dataclasses they stand for."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import pytest

from kiosk.core.model import Card, Theme
from kiosk.core.records import MutableRecord, Record
from kiosk.core.schema import Text


@dataclass(frozen=True)
class Plain:
    name: str
    count: int = 0
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    settled: str = field(default="", compare=True, hash=False)


@dataclass(frozen=True, eq=False, repr=False)
class Kept(Record):
    name: str
    count: int = 0
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    settled: str = field(default="", compare=True, hash=False)


@dataclass(frozen=True, eq=False, repr=False)
class Other(Record):
    name: str
    count: int = 0


CASES = [("a", 1, {"x": 1}, ""), ("a", 1, {"y": 2}, ""), ("a", 2, {}, ""), ("b", 1, {}, "s"), ("a", 1, {}, "s")]


@pytest.mark.parametrize("first", CASES)
@pytest.mark.parametrize("second", CASES)
def test_equal_and_hash_as_a_dataclass(first, second):
    assert (Kept(*first) == Kept(*second)) is (Plain(*first) == Plain(*second))
    if Kept(*first) == Kept(*second):
        assert hash(Kept(*first)) == hash(Kept(*second))


def test_hash_repr_and_frozenness_as_a_dataclass():
    kept, plain = Kept("a", 1, {"x": 1}, "s"), Plain("a", 1, {"x": 1}, "s")
    assert hash(kept) == hash(plain)  # the same tuple of fields: those compared, less hash=False
    assert repr(kept) == repr(plain).replace("Plain", "Kept")
    with pytest.raises(AttributeError):
        kept.name = "b"  # type: ignore[misc]


def test_a_record_never_equals_another_class_with_the_same_fields():
    assert Kept("a", 1) != Other("a", 1)
    assert Kept("a") != ("a", 0, {}, "")


@dataclass(eq=False, repr=False)
class Changing(MutableRecord):
    name: str
    count: int = 0


def test_a_record_that_is_not_frozen_compares_but_does_not_hash_as_a_dataclass():
    assert Changing("a", 1) == Changing("a", 1) != Changing("a", 2)
    assert repr(Changing("a")) == "Changing(name='a', count=0)"
    with pytest.raises(TypeError):
        hash(Changing("a"))


def _all_subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    return found.union(*(_all_subclasses(sub) for sub in found))


def test_every_record_of_the_kiosk_leaves_these_methods_to_record():
    """A record whose dataclass generated them again would pay the compile this base saves."""
    records = {cls for cls in _all_subclasses(Record) if cls.__module__.startswith("kiosk.")}
    assert {Card, Theme, Text} <= records
    for cls in records:
        for name in ("__eq__", "__hash__", "__repr__"):
            method = vars(cls).get(name)
            if callable(method):  # a dataclass's own are compiled from a string (its repr wrapped once)
                filename = inspect.unwrap(method).__code__.co_filename
                assert filename != "<string>", f"{cls.__qualname__}.{name} was generated"
