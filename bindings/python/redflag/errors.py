"""Exceptions raised by the redflag Python binding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

__all__ = [
    "RedflagError",
    "LibraryNotFoundError",
    "LoadError",
    "AnswerError",
    "AnswerProblem",
    "Diagnostic",
]


class RedflagError(Exception):
    """Base class of every error raised by this package.

    ``status`` is the C API status code (``RF_E*``, a negative number) when the error came from
    the library, else ``None``.
    """

    def __init__(self, message: str, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.message: str = message
        self.status: Optional[int] = status


class LibraryNotFoundError(ImportError, RuntimeError):
    """The shared library ``libredflag_c`` could not be found or loaded.

    Both an :class:`ImportError` and a :class:`RuntimeError`; ``searched`` lists every place
    that was tried, in order.
    """

    def __init__(self, message: str, searched: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.searched: List[str] = list(searched)


@dataclass(frozen=True)
class Diagnostic:
    """One error or warning of a rule-file load.

    ``severity`` is ``"error"`` or ``"warning"``; ``line`` and ``column`` are 1-based (0 when
    the diagnostic has no position).
    """

    code: str
    message: str
    file: str
    line: int
    column: int
    severity: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"


class LoadError(RedflagError):
    """A rule file (or rule text) could not be loaded.

    ``diagnostics`` lists every :class:`Diagnostic` of the load (errors and warnings, in file
    order); ``file``, ``line`` and ``column`` locate the first error (``line`` and ``column``
    are 0 when unknown, e.g. for a file that could not be read). ``str()`` gives the formatted
    diagnostics, with the source line and a caret.
    """

    def __init__(
        self,
        message: str,
        diagnostics: Sequence[Diagnostic] = (),
        *,
        status: Optional[int] = None,
        file: str = "",
        line: int = 0,
        column: int = 0,
    ) -> None:
        super().__init__(message, status)
        self.diagnostics: List[Diagnostic] = list(diagnostics)
        first = next((d for d in self.diagnostics if d.severity == "error"), None)
        self.file: str = first.file if first else file
        self.line: int = first.line if first else line
        self.column: int = first.column if first else column

    @property
    def errors(self) -> List[Diagnostic]:
        """The diagnostics of severity ``"error"``."""
        return [d for d in self.diagnostics if d.severity == "error"]

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class AnswerProblem:
    """One rejected answer: the question id, an error code and a readable message.

    Codes (docs/result-json.md): ``unknown-question``, ``wrong-type``, ``out-of-range``,
    ``unknown-option``, ``not-an-integer``, ``duplicate-answer``, ``invalid-json``,
    ``wrong-ruleset``. ``question`` is ``""`` for a problem with the document as a whole.
    """

    question: str
    code: str
    message: str

    def as_dict(self) -> dict:
        """``{"question", "code", "message"}``, as in the result JSON's ``errors``."""
        return {"question": self.question, "code": self.code, "message": self.message}


class AnswerError(RedflagError):
    """One or more answers were rejected; no level was computed.

    ``errors`` lists every rejected answer (:class:`AnswerProblem`), so that a form can mark
    every bad field at once. ``question``, ``code`` and ``message`` repeat the first one.
    ``result`` is the error :class:`~redflag.Result` when an evaluation produced one.
    """

    def __init__(self, errors: Sequence[AnswerProblem], result: "Optional[object]" = None) -> None:
        self.errors: List[AnswerProblem] = list(errors)
        first = self.errors[0] if self.errors else AnswerProblem("", "invalid", "answers rejected")
        self.question: str = first.question
        self.code: str = first.code
        self.result = result
        lines = [f"{len(self.errors)} answer(s) rejected:"] + [
            f"  {e.question or '<answers>'}: {e.code}: {e.message}" for e in self.errors
        ]
        super().__init__("\n".join(lines), -5)

    def as_dict(self) -> dict:
        """``{"errors": [{"question", "code", "message"}, ...]}`` (e.g. for an HTTP 400 body)."""
        return {"errors": [e.as_dict() for e in self.errors]}
