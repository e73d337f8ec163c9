"""Problems found in a bundle, worded for the person who edits it.

Every problem names the file, the line, the card and the field, says what is
wrong and what to do about it, in Chinese first and English second.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from kiosk.core.limits import MAX_PROBLEMS, MAX_PROBLEMS_PER_CODE
from kiosk.core.records import MutableRecord, Record
from kiosk.core.text_safety import for_terminal


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "提醒"}

# The stages a bundle is checked in, as problems are listed: a file that could
# not be read comes before what was read wrong, and both before the cross-checks
# (ids, sources, figures, pictures, charts…), which only see what was read.
READ_CODES = frozenset(
    {"open", "no-manifest", "read", "yaml", "empty", "too-large", "missing-file", "encoding", "csv", "csv-limit"}
)
SCHEMA_CODES = frozenset({"schema", "unsafe-character", "not-one-line", "number-split", "figure-no-unit"})


def stage(code: str) -> int:
    """0 for a file that could not be read, 1 for a key or value read wrong, 2 for a cross-check."""
    return 0 if code in READ_CODES else 1 if code in SCHEMA_CODES else 2


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Problem(Record):
    """One thing wrong with a bundle: where (file, line, card, field), what, and what to do."""

    severity: Severity
    code: str
    message: str  # Chinese: what is wrong
    hint: str = ""  # Chinese: what to do
    message_en: str = ""
    file: str = "bundle.yaml"
    line: int | None = None
    card: str | None = None
    field: str | None = None

    def where(self) -> str:
        place = self.file + (f":{self.line}" if self.line else "")
        parts = [place]
        if self.card:
            parts.append(f"卡片 {self.card}")
        if self.field:
            parts.append(f"字段 {self.field}")
        return "，".join(parts)

    def describe(self) -> str:
        """One or two lines for a terminal or a log.

        File names, card ids and messages may echo the bundle: control and
        format characters in them are shown as escapes (``\\u001b``), never sent raw.
        """
        text = for_terminal(f"{self.where()}：{SEVERITY_ZH[self.severity]}：{self.message}", multiline=False)
        if self.hint:
            text += " " + for_terminal(self.hint, multiline=False)
        if self.message_en:
            text += f"\n    ({for_terminal(self.message_en, multiline=False)})"
        return text

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Omitted(Record):
    """Problems of one kind past the cap: counted, not kept."""

    severity: Severity
    code: str
    count: int

    def describe(self) -> str:
        return (
            f"{SEVERITY_ZH[self.severity]}：……还有 {self.count} 个同类问题（{self.code}）"
            f"\n    (…and {self.count} more of the same kind: {self.code})"
        )

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(eq=False, repr=False)
class ProblemList(MutableRecord):
    """Collects every problem of one load, so all of them are shown together.

    Every problem is shown up to ``MAX_PROBLEMS_PER_CODE`` of one kind and
    ``MAX_PROBLEMS`` in all; past that they are only counted (``omitted``),
    so a hostile bundle with a million bad cells costs a counter, not a
    million messages.  Errors are kept before warnings: when the list is
    full, an error takes the place of the last warning kept.
    """

    file: str = "bundle.yaml"
    items: list[Problem] = field(default_factory=list)
    max_problems: int = MAX_PROBLEMS
    max_per_code: int = MAX_PROBLEMS_PER_CODE
    _kept: dict[tuple[Severity, str], int] = field(default_factory=dict, repr=False)
    _omitted: dict[tuple[Severity, str], int] = field(default_factory=dict, repr=False)

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        hint: str = "",
        en: str = "",
        line: int | None = None,
        card: str | None = None,
        field: str | None = None,
        file: str | None = None,
    ) -> None:
        kind = (severity, code)
        if self._kept.get(kind, 0) >= self.max_per_code or not self._make_room(severity):
            self._omitted[kind] = self._omitted.get(kind, 0) + 1
            return
        self._kept[kind] = self._kept.get(kind, 0) + 1
        self.items.append(
            Problem(
                severity=severity,
                code=code,
                message=message,
                hint=hint,
                message_en=en,
                file=file or self.file,
                line=line,
                card=card,
                field=field,
            )
        )

    def would_omit(self, severity: Severity, code: str) -> bool:
        """Whether another problem of this kind would only be counted: then it need not be worded."""
        if self._kept.get((severity, code), 0) >= self.max_per_code:
            return True
        return len(self.items) >= self.max_problems and severity is not Severity.ERROR

    def _make_room(self, severity: Severity) -> bool:
        if len(self.items) < self.max_problems:
            return True
        if severity is not Severity.ERROR:
            return False
        for index in range(len(self.items) - 1, -1, -1):
            dropped = self.items[index]
            if dropped.severity is Severity.WARNING:
                del self.items[index]
                kind = (dropped.severity, dropped.code)
                self._kept[kind] -= 1
                self._omitted[kind] = self._omitted.get(kind, 0) + 1
                return True
        return False

    def error(self, code: str, message: str, **kw: object) -> None:
        self.add(Severity.ERROR, code, message, **kw)  # type: ignore[arg-type]

    def warning(self, code: str, message: str, **kw: object) -> None:
        self.add(Severity.WARNING, code, message, **kw)  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity is Severity.WARNING]

    @property
    def omitted(self) -> list[Omitted]:
        """The kinds of problem past the cap, errors first, with how many were left out."""
        kinds = sorted(self._omitted.items(), key=lambda item: (item[0][0] is not Severity.ERROR, item[0][1]))
        return [Omitted(severity, code, count) for (severity, code), count in kinds]

    def count(self, severity: Severity) -> int:
        """Problems of ``severity`` found, kept or not."""
        kept = sum(1 for p in self.items if p.severity is severity)
        return kept + sum(n for (s, _code), n in self._omitted.items() if s is severity)

    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.items) or any(
            s is Severity.ERROR for s, _code in self._omitted
        )

    def sorted(self) -> list[Problem]:
        """Causes before their consequences: by stage, then the manifest before other
        files, then by line (problems without one last), errors before warnings on a line."""
        return sorted(
            self.items,
            key=lambda p: (
                stage(p.code),
                p.file != "bundle.yaml",
                p.file,
                p.line is None,
                p.line or 0,
                p.severity is not Severity.ERROR,
            ),
        )


class BundleError(Exception):
    """A bundle that cannot be shown; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].describe() if problems else "invalid bundle"
        super().__init__(first)
