"""The one error type the core raises for bad input, carrying every problem found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where it is (file, fact, line) and what is wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class OpinionDeskError(Exception):
    """Bad input the user can fix; `problems` lists each one, worded for counsel."""

    def __init__(self, problems: list[Problem] | Problem | str, where: str = "") -> None:
        if isinstance(problems, str):
            problems = [Problem(where, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def located(self, where: str, unless_named: bool = False) -> OpinionDeskError:
        """Return the same problems prefixed with a file name or other outer location;
        `unless_named` leaves a problem whose place starts with it already as it is."""
        return OpinionDeskError(
            [
                p
                if unless_named and p.where.startswith(where)
                else Problem(f"{where}: {p.where}" if p.where else where, p.message)
                for p in self.problems
            ]
        )


class MissingFactsError(OpinionDeskError):
    """A final copy was asked for while required facts are still missing."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        self.missing = missing
        super().__init__(
            [
                Problem(f"fact '{fid}'", f"{label} is required for a final copy")
                for fid, label in missing
            ]
        )


def shown(value: Any, limit: int = 40) -> str:
    """Return a value quoted for a message, cut short: a bad value is named, never echoed whole."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[:limit] + "\u2026")
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "\u2026"
