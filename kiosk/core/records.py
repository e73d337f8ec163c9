"""Frozen records: dataclasses whose comparison, hash and repr are written once, here.

A dataclass compiles each method it generates from source as its module is
imported: six for a frozen one (``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__``, ``__delattr__``), about a tenth of a
millisecond each, and the first card's start-up imports some twenty frozen
dataclasses.  Three of the six are the same for every record and need no code
of their own, so a record is declared as::

    @dataclass(frozen=True, eq=False, repr=False)
    class Card(Record): ...

and :class:`Record` compares, hashes and shows it exactly as the dataclass
would have: the fields it compares (``compare=True``, in order) for the same
class only, their hash (``hash=`` where a field says), those with
``repr=True`` in its repr.
"""

from __future__ import annotations

from dataclasses import fields

_Names = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]
_known: dict[type, _Names] = {}


def _names(cls: type) -> _Names:
    """The fields ``cls`` compares, hashes and shows, in the order of its fields."""
    found = _known.get(cls)
    if found is None:
        own = fields(cls)
        compared = tuple(f.name for f in own if f.compare)
        hashed = tuple(f.name for f in own if (f.compare if f.hash is None else f.hash))
        shown = tuple(f.name for f in own if f.repr)
        found = _known[cls] = (compared, hashed, shown)
    return found


class Record:
    """The base of a frozen dataclass declared with ``eq=False, repr=False``."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _names(self.__class__)[0]
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in _names(self.__class__)[1]))

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _names(self.__class__)[2])
        return f"{self.__class__.__qualname__}({shown})"


class MutableRecord(Record):
    """The base of a dataclass that is not frozen, declared with ``eq=False, repr=False``: unhashable, as it would be."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]
