"""What a run did: articles read, skipped (with file, line and reason), records written.

Readers and stages never raise on one bad article: they call :meth:`RunReport.skip` and
go on. The CLI prints the summary and sets its exit code from :attr:`RunReport.skipped`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .errors import DetenteError

__all__ = ["Skip", "RunReport"]


@dataclass(frozen=True, slots=True)
class Skip:
    origin: str
    code: str
    reason: str

    def line(self) -> str:
        return f"{self.origin}: {self.code} {self.reason}"


@dataclass(slots=True)
class RunReport:
    read: int = 0  # records the readers produced (good and bad)
    processed: int = 0  # articles that went through every stage
    unchanged: int = 0  # articles already in the store (or repeated in the input): nothing to do
    skips: list[Skip] = field(default_factory=list)
    written: Counter = field(default_factory=Counter)  # table -> new rows
    echo: object = None  # callable(str) to print skips as they happen, or None

    def skip(self, error: DetenteError, origin: str | None = None) -> None:
        item = Skip(origin or error.origin or "<unknown>", error.code, error.message)
        self.skips.append(item)
        if callable(self.echo):
            self.echo(item.line())

    @property
    def skipped(self) -> int:
        return len(self.skips)

    def skipped_by_code(self) -> dict[str, int]:
        return dict(Counter(s.code for s in self.skips))

    def summary(self) -> str:
        lines = [f"articles read: {self.read}", f"articles processed: {self.processed}"]
        lines.append(f"articles already stored: {self.unchanged}")
        lines.append(f"articles skipped: {self.skipped}")
        for code, n in sorted(self.skipped_by_code().items()):
            lines.append(f"  {code}: {n}")
        if self.written:
            lines.append("records written: " + ", ".join(f"{k} {v}" for k, v in sorted(self.written.items())))
        return "\n".join(lines)
