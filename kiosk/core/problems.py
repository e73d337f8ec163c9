"""Problems found in a bundle, worded for the person who edits it.

Every problem names the file, the line, the card and the field, says what is
wrong and what to do about it, in Chinese first and English second.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "提醒"}


@dataclass(frozen=True, slots=True)
class Problem:
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
        """One or two lines for a terminal or a log."""
        text = f"{self.where()}：{SEVERITY_ZH[self.severity]}：{self.message}"
        if self.hint:
            text += f" {self.hint}"
        if self.message_en:
            text += f"\n    ({self.message_en})"
        return text

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class ProblemList:
    """Collects every problem of one load, so all of them are shown together."""

    file: str = "bundle.yaml"
    items: list[Problem] = field(default_factory=list)

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

    def has_errors(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.items)

    def sorted(self) -> list[Problem]:
        return sorted(
            self.items,
            key=lambda p: (p.severity is not Severity.ERROR, p.file, p.line or 0),
        )


class BundleError(Exception):
    """A bundle that cannot be shown; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0].describe() if problems else "invalid bundle"
        super().__init__(first)
