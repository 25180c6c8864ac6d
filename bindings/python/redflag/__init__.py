"""redflag: red-flag triage rules from Python (ctypes over the C ABI, libredflag_c).

Load a declarative rule file, evaluate questionnaire answers, get an urgency level with the
rationale behind it::

    import redflag

    with redflag.Ruleset.load("rules/low_back_pain.rf") as rules:
        result = rules.evaluate({"saddle_numbness": True})
        print(result.level, [r.id for r in result.fired])

The shared library is found through ``$REDFLAG_LIBRARY``, the build tree, the install prefix
or the system loader path (see :func:`library_path` and docs/python.md).
"""

from __future__ import annotations

from typing import Tuple

from . import _lib
from ._core import (AdviceItem, FiredRule, Level, Option, Parameter, Question, Result, Ruleset,
                    Scope, UnresolvedRule, Value)
from .errors import (AnswerError, AnswerProblem, Diagnostic, LibraryNotFoundError, LoadError,
                     RedflagError)

__all__ = [
    "Ruleset",
    "Result",
    "Level",
    "Question",
    "Option",
    "Parameter",
    "Scope",
    "AdviceItem",
    "FiredRule",
    "UnresolvedRule",
    "Value",
    "RedflagError",
    "LoadError",
    "AnswerError",
    "AnswerProblem",
    "Diagnostic",
    "LibraryNotFoundError",
    "library_path",
    "library_version",
    "__version__",
]

#: The version of this binding (it works with the C library of the same major.minor).
__version__ = "0.1.0"


def library_path() -> str:
    """The path of the C library in use (found and loaded on first call).

    Raises :class:`LibraryNotFoundError` (an ``ImportError`` and a ``RuntimeError``) listing
    every place it looked when there is none.
    """
    return _lib.library_path()


def library_version() -> Tuple[int, int, int]:
    """The C library's version as ``(major, minor, patch)``."""
    import ctypes

    major, minor, patch = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    _lib.lib().rf_version_numbers(ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch))
    return major.value, minor.value, patch.value
