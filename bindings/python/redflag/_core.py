"""Ruleset and Result: the Python face of the C ABI."""

from __future__ import annotations

import ctypes
import json
import math
import numbers
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Mapping, Optional, Tuple, Union

from . import _lib
from ._lib import text as _text
from .errors import AnswerError, AnswerProblem, Diagnostic, LoadError, RedflagError

__all__ = [
    "Level",
    "Option",
    "Parameter",
    "Question",
    "FiredRule",
    "UnresolvedRule",
    "Result",
    "Ruleset",
    "Value",
]

#: A Python answer or derived value: ``bool``, ``int``, ``float``, ``str`` or ``None`` (unknown).
Value = Union[bool, int, float, str, None]

_TYPE_NAMES = {
    _lib.RF_BOOLEAN: "boolean",
    _lib.RF_CHOICE: "choice",
    _lib.RF_INTEGER: "integer",
    _lib.RF_NUMBER: "number",
    _lib.RF_TEXT: "text",
}
_LLONG_MIN, _LLONG_MAX = -(2**63), 2**63 - 1


def _last_error() -> Tuple[int, str, str, int, int]:
    e = _lib.lib().rf_error_last().contents
    return e.code, _text(e.message) or "", _text(e.file) or "", e.line, e.column


def _encode(s: str) -> bytes:
    # surrogatepass: a lone surrogate reaches the library as invalid UTF-8 and is rejected there.
    return s.encode("utf-8", "surrogatepass")


@dataclass(frozen=True)
class Level:
    """An urgency level: its id, advice, CDS Hooks indicator and rank (0 = lowest)."""

    id: str
    advice: str
    indicator: str
    rank: int


@dataclass(frozen=True)
class Scope:
    """Who a rule set is for (``population``) and what it does not assess (``excludes``, one
    sentence each): show it, or refuse a case outside it, before asking the questions."""

    population: str
    excludes: Tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class AdviceItem:
    """A line of advice to show the patient, in a list, with a result at one of ``levels``.
    ``source`` is ``""`` when the rule file gives none."""

    id: str
    text: str
    source: str
    levels: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    """One option of a choice question: the id to answer with and its label."""

    id: str
    label: str


@dataclass(frozen=True)
class Parameter:
    """A named threshold (``param``) with the value in effect: the rule file's, or the override
    given to :meth:`Ruleset.load` or :meth:`Ruleset.loads`. ``description`` is ``""`` when the
    rule file gives none."""

    id: str
    value: float
    description: str


@dataclass(frozen=True)
class Question:
    """A question of the rule set, to build a form from.

    ``type`` is ``"boolean"``, ``"choice"``, ``"integer"``, ``"number"`` or ``"text"``;
    ``unit`` is ``None`` when none is declared; ``min`` and ``max`` are ``None`` when no range is
    declared (or a bound is left open); ``options`` is empty except for choice questions.
    """

    id: str
    type: str
    prompt: str
    required: bool
    unit: Optional[str] = None
    min: Optional[float] = None
    max: Optional[float] = None
    options: Tuple[Option, ...] = ()


@dataclass(frozen=True)
class FiredRule:
    """A rule whose condition is true, with the answers that made it true.

    ``answers`` maps question id to the Python value (``None`` marks a question whose absence
    is the evidence, as in ``missing_required``).
    """

    id: str
    title: str
    level: str
    because: str
    source: str
    answers: Dict[str, Value] = field(default_factory=dict)


@dataclass(frozen=True)
class UnresolvedRule:
    """A rule above the result level whose condition is unknown, and the questions it needs."""

    id: str
    level: str
    missing: List[str] = field(default_factory=list)


_EXACT = 2 ** 53  # integers beyond this are not exact as doubles
# One encoder for every call (json.dumps with options builds a new one each time). Containers
# are refused after encoding (below), and cannot hold themselves in a flat dict's values: no
# cycles to check for.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False,
                            separators=(",", ":"))
# Only an integer of 16 or more digits can exceed _EXACT: where the encoded text has no run of
# 16 digits (found as a run of 16 "0" after mapping every digit to "0"), no integer does.
_DIGITS_TO_ZERO = bytes.maketrans(b"0123456789", b"0000000000")
_SIXTEEN_DIGITS = b"0" * 16


def _plain_json(answers: Any) -> Optional[bytes]:
    """The answers as a UTF-8 JSON object when every key is a string and every value a JSON
    scalar that the library reads exactly as the typed setters would: str, bool, int (up to
    2**53), finite float or None, or a subclass of one (an Enum of str or int), whose str, int or
    float value the encoder writes and the setters read alike. Else None: the caller then uses
    the setters. The checks run in C (str.join, the encoder, bytes.find) to stay cheap."""
    if type(answers) is not dict:
        return None
    try:
        "".join(answers)  # TypeError unless every key is a str
        data = _ENCODER.encode(answers).encode("utf-8")
    except TypeError:  # a key that is not a str, a value that is not JSON
        return None
    except ValueError:  # NaN or infinity; lone surrogates (UnicodeEncodeError)
        return None
    # A list, tuple or dict value (a "[" or a "{" after the first: JSON would read it as nested,
    # the setters name its type), a NUL character (C strings would cut it short) and integers
    # beyond exact doubles take the setters' path, which reports them per answer. A string that
    # holds one of these characters takes that path too, which reads it as well. (Single-byte
    # searches first: they run at memchr's speed.)
    if data.find(b"{", 1) != -1 or b"[" in data or (b"\\" in data and b"\\u0000" in data):
        return None
    if _SIXTEEN_DIGITS in data.translate(_DIGITS_TO_ZERO) and any(
            isinstance(v, int) and not -_EXACT <= v <= _EXACT for v in answers.values()):
        return None
    return data


class Result:
    """The outcome of one evaluation: a plain Python snapshot (no C handle is kept).

    ``level``, ``advice`` and ``indicator`` are ``None`` for an error result (``ok`` is then
    ``False`` and ``errors`` says why). ``complete`` is ``True`` when no unanswered question
    could raise the level.
    """

    __slots__ = ("level", "rank", "advice", "indicator", "advice_items", "complete", "ok",
                 "_json", "_data", "_fired", "_unresolved", "_values", "_errors")

    def __init__(self, handle: int, levels: Tuple[Level, ...],
                 advice: Mapping[str, AdviceItem]) -> None:
        # The level comes from the library as its rank, and its fields from the rule set's
        # `levels` (rank i is levels[i]); the lists and values are decoded from the library's
        # JSON text of the result the first time they are read.
        L = _lib.lib()
        self.rank: int = L.rf_result_level_rank(handle)
        self.ok: bool = self.rank >= 0  # an error result has no level (rank -1)
        level = levels[self.rank] if self.ok else None
        self.level: Optional[str] = level.id if level else None
        self.advice: Optional[str] = level.advice if level else None
        self.indicator: Optional[str] = level.indicator if level else None
        #: The advice items of the level, in order: a list to show the patient (empty for an
        #: error result).
        self.advice_items: List[AdviceItem] = [
            advice[_text(L.rf_result_advice_item_id(handle, i)) or ""]
            for i in range(L.rf_result_advice_item_count(handle))]
        self.complete: bool = bool(L.rf_result_complete(handle))
        self._json: str = _text(L.rf_result_json(handle)) or "{}"
        self._data: Optional[Dict[str, Any]] = None
        self._fired: Optional[List[FiredRule]] = None
        self._unresolved: Optional[List[UnresolvedRule]] = None
        self._values: Optional[Dict[str, Value]] = None
        self._errors: Optional[List[AnswerProblem]] = [] if self.ok else None

    def _decoded(self) -> Dict[str, Any]:
        if self._data is None:
            self._data = json.loads(self._json)
        return self._data

    @property
    def fired(self) -> List[FiredRule]:
        """Every rule whose condition is true, in rule-file order, with its evidence."""
        if self._fired is None:
            self._fired = [FiredRule(id=f["id"], title=f["title"], level=f["level"],
                                     because=f["because"], source=f["source"],
                                     answers=dict(f["answers"]))
                           for f in self._decoded()["fired"]]
        return self._fired

    @property
    def unresolved(self) -> List[UnresolvedRule]:
        """Rules above the level whose condition is unknown, with the questions they need."""
        if self._unresolved is None:
            self._unresolved = [UnresolvedRule(id=u["id"], level=u["level"],
                                               missing=list(u["missing"]))
                                for u in self._decoded()["unresolved"]]
        return self._unresolved

    @property
    def values(self) -> Dict[str, Value]:
        """Every derived value (``let``); ``None`` when it is not exactly known."""
        if self._values is None:
            self._values = dict(self._decoded()["values"])
        return self._values

    @property
    def errors(self) -> List[AnswerProblem]:
        """The rejected answers (empty when ``ok``)."""
        if self._errors is None:
            self._errors = [AnswerProblem(e["question"], e["code"], e["message"])
                            for e in self._decoded()["errors"]]
        return self._errors

    def _make_error(self, errors: List[AnswerProblem]) -> None:
        """Turns this result into an error result listing ``errors`` (problems found in Python,
        which the library never saw): no level, never a lower urgency."""
        self.ok = False
        self.level = self.advice = self.indicator = None
        self.advice_items = []
        self.rank = -1
        self.complete = False
        self._errors = list(errors)
        d = json.loads(self._json)
        d.update(level=None, advice=None, indicator=None, advice_items=[], complete=False,
                 errors=[e.as_dict() for e in errors])
        self._json = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
        self._data = None

    def to_json(self) -> str:
        """The result as the JSON document of docs/result-json.md (the library's own text)."""
        return self._json

    def to_dict(self) -> Dict[str, Any]:
        """The result JSON decoded: keys ``ruleset``, ``level``, ``advice``, ``indicator``,
        ``complete``, ``fired``, ``unresolved`` (``not_fired`` with ``explain``), ``values``,
        ``errors``."""
        return json.loads(self._json)

    as_dict = to_dict

    def __repr__(self) -> str:
        if not self.ok:
            return f"<redflag.Result error: {len(self.errors)} rejected answer(s)>"
        return (f"<redflag.Result level={self.level!r} complete={self.complete} "
                f"fired={[r.id for r in self.fired]}>")


class _ResultHandle:
    """An rf_result that one thread reuses for its evaluations (the library keeps its buffers
    between them); freed with this object."""

    __slots__ = ("ptr", "busy", "_free")

    def __init__(self) -> None:
        L = _lib.lib()
        r = ctypes.c_void_p()
        if L.rf_result_new(ctypes.byref(r)) != _lib.RF_OK:
            raise RedflagError(_last_error()[1], _last_error()[0])
        self.ptr: int = r.value  # type: ignore[assignment]
        self.busy = False  # an evaluation into it is under way
        self._free = L.rf_result_free

    def __del__(self) -> None:
        try:
            self._free(self.ptr)
        except Exception:
            pass


class _Handle:
    """A C rule set handle, freed with this object. Every use of the handle holds a reference to
    this object while it runs (see Ruleset._handle), and Ruleset.close() drops the rule set's
    own: closing while other threads evaluate is safe, and the handle is freed when the last of
    them returns (reference counts change atomically; no lock is taken)."""

    __slots__ = ("ptr", "_free")

    def __init__(self, ptr: int, free: Any) -> None:
        self.ptr = ptr
        self._free = free

    def __del__(self) -> None:
        try:
            self._free(self.ptr)
        except Exception:
            pass


def _load_options(parameters: Optional[Mapping[str, float]], load_tests: bool,
                  limits: Mapping[str, Optional[int]]) -> Optional[Any]:
    """A reference to the rf_load_options for these arguments (the library's ``max_*`` limits by
    name), or None (NULL: the defaults) when every argument is a default. The reference keeps
    the struct alive, and the struct the arrays it points to."""
    L = _lib.lib()
    for name, limit in limits.items():
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int)
                                  or limit < 1):
            raise ValueError(f"{name} must be a positive int (None keeps the default), "
                             f"not {limit!r}")
    if parameters is not None and not isinstance(parameters, Mapping):
        raise TypeError(f"parameters must be a mapping of id to number, not "
                        f"{type(parameters).__name__}")
    items = list(parameters.items()) if parameters else []
    for key, value in items:
        if not isinstance(key, str) or "\0" in key:
            raise TypeError(f"a parameter id must be a str without NUL, not {key!r}")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"parameter {key!r} must be a number, not {type(value).__name__}")
        if math.isnan(value):
            raise ValueError(f"parameter {key!r} is NaN")
    if not items and not load_tests and all(v is None for v in limits.values()):
        return None
    opts = _lib.rf_load_options()
    if L.rf_load_options_init(ctypes.byref(opts), _lib.RF_LOAD_OPTIONS_VERSION) != _lib.RF_OK:
        raise RedflagError(_last_error()[1], _last_error()[0])
    for name, limit in limits.items():
        if limit is not None:
            setattr(opts, name, limit)
    opts.load_tests = 1 if load_tests else 0
    if items:
        opts.parameter_ids = (ctypes.c_char_p * len(items))(*(_encode(k) for k, _ in items))
        opts.parameter_values = (ctypes.c_double * len(items))(*(float(v) for _, v in items))
        opts.parameter_count = len(items)
    return ctypes.byref(opts)


def _read_diagnostics(diag: Optional[int]) -> Tuple[List[Diagnostic], str]:
    if not diag:
        return [], ""
    L = _lib.lib()
    out = []
    for i in range(L.rf_diagnostics_count(diag)):
        out.append(Diagnostic(
            code=_text(L.rf_diagnostics_code(diag, i)) or "",
            message=_text(L.rf_diagnostics_message(diag, i)) or "",
            file=_text(L.rf_diagnostics_file(diag, i)) or "",
            line=int(L.rf_diagnostics_line(diag, i)),
            column=int(L.rf_diagnostics_column(diag, i)),
            severity="error" if L.rf_diagnostics_severity(diag, i) == 0 else "warning"))
    return out, _text(L.rf_diagnostics_formatted(diag)) or ""


class Ruleset:
    """A loaded rule set: immutable, and safe to use from any number of threads at once.

    Create one with :meth:`load` or :meth:`loads`. The C handle is freed by :meth:`close` (or
    leaving a ``with`` block); ``__del__`` frees it otherwise. Closing while other threads are
    evaluating is safe: the handle is freed when the last of them returns.
    """

    def __init__(self, _handle: int, warnings: List[Diagnostic]) -> None:
        """Internal: use :meth:`load` or :meth:`loads`."""
        L = _lib.lib()
        self._lib = L
        self._h: Optional[_Handle] = _Handle(_handle, L.rf_ruleset_free)  # None once closed
        self._results = threading.local()  # each thread's _ResultHandle
        #: Warnings of the load (a load with errors raises :class:`LoadError` instead).
        self.warnings: List[Diagnostic] = warnings
        self._id = _text(L.rf_ruleset_id(_handle)) or ""
        self._version = _text(L.rf_ruleset_version(_handle)) or ""
        self._title = _text(L.rf_ruleset_title(_handle)) or ""
        self._content_hash = _text(L.rf_ruleset_content_hash(_handle)) or ""
        self._levels = tuple(
            Level(id=_text(L.rf_ruleset_level_id(_handle, i)) or "",
                  advice=_text(L.rf_ruleset_level_advice(_handle, i)) or "",
                  indicator=_text(L.rf_ruleset_level_indicator(_handle, i)) or "",
                  rank=i)
            for i in range(L.rf_ruleset_level_count(_handle)))
        questions = []
        for i in range(L.rf_ruleset_question_count(_handle)):
            lo, hi = ctypes.c_double(), ctypes.c_double()
            has_range = L.rf_ruleset_question_range(_handle, i, ctypes.byref(lo), ctypes.byref(hi))
            questions.append(Question(
                id=_text(L.rf_ruleset_question_id(_handle, i)) or "",
                type=_TYPE_NAMES.get(L.rf_ruleset_question_type(_handle, i), "unknown"),
                prompt=_text(L.rf_ruleset_question_prompt(_handle, i)) or "",
                required=bool(L.rf_ruleset_question_required(_handle, i)),
                unit=_text(L.rf_ruleset_question_unit(_handle, i)) or None,
                min=lo.value if has_range == 1 and math.isfinite(lo.value) else None,
                max=hi.value if has_range == 1 and math.isfinite(hi.value) else None,
                options=tuple(
                    Option(_text(L.rf_ruleset_option_id(_handle, i, j)) or "",
                           _text(L.rf_ruleset_option_label(_handle, i, j)) or "")
                    for j in range(L.rf_ruleset_option_count(_handle, i)))))
        self._questions = tuple(questions)
        self._by_id = {q.id: q for q in questions}
        self._parameters = tuple(
            Parameter(id=_text(L.rf_ruleset_parameter_id(_handle, i)) or "",
                      value=L.rf_ruleset_parameter_value(_handle, i),
                      description=_text(L.rf_ruleset_parameter_description(_handle, i)) or "")
            for i in range(L.rf_ruleset_parameter_count(_handle)))
        self._json = _text(L.rf_ruleset_json(_handle)) or "{}"
        population = _text(L.rf_ruleset_scope(_handle)) or ""
        self._scope: Optional[Scope] = Scope(
            population=population,
            excludes=tuple(_text(L.rf_ruleset_scope_exclusion(_handle, i)) or ""
                           for i in range(L.rf_ruleset_scope_exclusion_count(_handle))),
            source=_text(L.rf_ruleset_scope_source(_handle)) or "") if population else None
        self._advice_items = tuple(
            AdviceItem(id=a["id"], text=a["text"], source=a["source"], levels=tuple(a["levels"]))
            for a in json.loads(self._json).get("advice_items", []))
        self._advice_by_id = {a.id: a for a in self._advice_items}

    # ---- loading ------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"], *,
             parameters: Optional[Mapping[str, float]] = None, load_tests: bool = False,
             max_source_bytes: Optional[int] = None, max_nesting_depth: Optional[int] = None,
             max_rules: Optional[int] = None, max_questions: Optional[int] = None,
             max_use_depth: Optional[int] = None,
             max_string_bytes: Optional[int] = None) -> "Ruleset":
        """Loads a rule file (and the files it ``use``s).

        ``parameters`` overrides ``param`` values by id (an id the file does not declare is a
        load error); ``load_tests`` also loads ``NAME.test.rf`` beside the file; the ``max_*``
        limits (``None`` keeps the library's default) refuse larger files with a
        ``limit-exceeded`` error (see ``rf_load_options`` in docs/c-api.md). Raises
        :class:`LoadError` when the file cannot be read or has errors.
        """
        opts = _load_options(parameters, load_tests, {
            "max_source_bytes": max_source_bytes, "max_nesting_depth": max_nesting_depth,
            "max_rules": max_rules, "max_questions": max_questions,
            "max_use_depth": max_use_depth, "max_string_bytes": max_string_bytes})
        L = _lib.lib()
        out, diag = ctypes.c_void_p(), ctypes.c_void_p()
        status = L.rf_ruleset_load_file_ext(ctypes.byref(out), _encode(os.fspath(path)),
                                            opts, ctypes.byref(diag))
        return cls._finish(status, out, diag)

    @classmethod
    def loads(cls, text: str, source_name: str = "<string>", *,
              parameters: Optional[Mapping[str, float]] = None,
              max_source_bytes: Optional[int] = None, max_nesting_depth: Optional[int] = None,
              max_rules: Optional[int] = None, max_questions: Optional[int] = None,
              max_use_depth: Optional[int] = None,
              max_string_bytes: Optional[int] = None) -> "Ruleset":
        """Loads rule-file text; ``source_name`` names it in diagnostics and anchors relative
        ``use`` paths. ``parameters`` and the ``max_*`` limits are those of :meth:`load`.
        Raises :class:`LoadError` on errors."""
        opts = _load_options(parameters, False, {
            "max_source_bytes": max_source_bytes, "max_nesting_depth": max_nesting_depth,
            "max_rules": max_rules, "max_questions": max_questions,
            "max_use_depth": max_use_depth, "max_string_bytes": max_string_bytes})
        L = _lib.lib()
        data = _encode(text)
        out, diag = ctypes.c_void_p(), ctypes.c_void_p()
        status = L.rf_ruleset_load_string_ext(ctypes.byref(out), data, len(data),
                                              _encode(source_name), opts, ctypes.byref(diag))
        return cls._finish(status, out, diag)

    @classmethod
    def _finish(cls, status: int, out: ctypes.c_void_p, diag: ctypes.c_void_p) -> "Ruleset":
        L = _lib.lib()
        try:
            if status != _lib.RF_OK:
                code, message, file, line, column = _last_error()
                diagnostics, formatted = _read_diagnostics(diag.value)
                if out.value:  # not expected: the contract says *out is NULL on failure
                    L.rf_ruleset_free(out.value)
                raise LoadError(formatted.rstrip("\n") or message or f"load failed ({status})",
                                diagnostics, status=status, file=file, line=line, column=column)
            diagnostics, _ = _read_diagnostics(diag.value)
        finally:
            L.rf_diagnostics_free(diag.value)
        try:
            return cls(out.value, diagnostics)  # type: ignore[arg-type]
        except BaseException:
            L.rf_ruleset_free(out.value)
            raise

    # ---- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        """Frees the C rule set (idempotent). Later calls that need it raise RedflagError."""
        if getattr(self, "_h", None) is not None:
            self._h = None  # freed now, or when the evaluations under way return
            # Every thread's result handle goes (each once its evaluation, if any, is done).
            self._results = threading.local()

    @property
    def closed(self) -> bool:
        """``True`` after :meth:`close`."""
        return self._h is None

    def _handle(self) -> _Handle:
        """The C handle, for one use: hold the returned object while using its ``ptr``."""
        h = self._h
        if h is None:
            raise RedflagError("the rule set is closed", _lib.RF_EINVALID)
        return h

    def __enter__(self) -> "Ruleset":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    # ---- what the rule set declares -----------------------------------------------------

    @property
    def id(self) -> str:
        """The rule set's id (e.g. ``"low_back_pain"``)."""
        return self._id

    @property
    def version(self) -> str:
        """The rule set's version string."""
        return self._version

    @property
    def title(self) -> str:
        """The rule set's title."""
        return self._title

    @property
    def content_hash(self) -> str:
        """``"sha256:"`` and 64 hex digits: the hash of the rule files (line endings normalised)
        and of any parameter override; it names the rules behind a result."""
        return self._content_hash

    @property
    def levels(self) -> List[Level]:
        """The urgency levels, lowest first."""
        return list(self._levels)

    @property
    def scope(self) -> Optional[Scope]:
        """Who the rule set is for and what it does not assess; ``None`` when the rule file
        declares no ``scope``."""
        return self._scope

    @property
    def advice_items(self) -> List[AdviceItem]:
        """Every advice item, in declaration order, with the levels it is shown at."""
        return list(self._advice_items)

    @property
    def questions(self) -> List[Question]:
        """The questions, in declaration order (including those of ``use``d files)."""
        return list(self._questions)

    @property
    def parameters(self) -> List[Parameter]:
        """The named thresholds (``param``), in declaration order, with the values in effect."""
        return list(self._parameters)

    def question(self, question_id: str) -> Question:
        """The question with this id; ``KeyError`` when there is none."""
        return self._by_id[question_id]

    def to_json(self) -> str:
        """Everything the rule set declares as one JSON document (``rf_ruleset_json``)."""
        return self._json

    def as_dict(self) -> Dict[str, Any]:
        """:meth:`to_json` decoded."""
        return json.loads(self._json)

    def __repr__(self) -> str:
        return f"<redflag.Ruleset {self._id!r} {self._version!r}>"

    # ---- evaluation ---------------------------------------------------------------------

    def _set(self, answers: int, question: Any, value: Any,
             problems: List[Tuple[str, str, str]], failed: Dict[str, str]) -> None:
        """Sets one answer through the typed setters; records what the library cannot see."""
        L = self._lib
        if not isinstance(question, str) or "\0" in question:
            problems.append((str(question), "unknown-question",
                             f"'{question}' is not a question of rule set '{self._id}'"))
            return
        q = self._by_id.get(question)
        qtype = q.type if q else None
        key = _encode(question)
        if value is None:
            status = L.rf_answers_unset(answers, key)
        elif isinstance(value, bool):  # before int: bool is an int subclass
            status = L.rf_answers_set_boolean(answers, key, 1 if value else 0)
        elif isinstance(value, numbers.Integral):
            v = int(value)
            if qtype == "number" or not (_LLONG_MIN <= v <= _LLONG_MAX):
                try:
                    status = L.rf_answers_set_number(answers, key, float(v))
                except OverflowError:
                    problems.append((question, "out-of-range" if q else "unknown-question",
                                     f"'{question}': {v} is too large"))
                    return
            else:
                status = L.rf_answers_set_integer(answers, key, v)
        elif isinstance(value, numbers.Real):
            status = L.rf_answers_set_number(answers, key, float(value))
        elif isinstance(value, str):
            if "\0" in value:  # would be cut short at the NUL by the C string
                problems.append((question, "wrong-type" if q else "unknown-question",
                                 f"'{question}': the answer contains a NUL character"))
                return
            setter = L.rf_answers_set_choice if qtype == "choice" else L.rf_answers_set_text
            status = setter(answers, key, _encode(value))
        else:
            if q is None:
                problems.append((question, "unknown-question",
                                 f"'{question}' is not a question of rule set '{self._id}'"))
            else:
                problems.append((question, "wrong-type",
                                 f"'{question}' expects a {q.type} answer; got a Python "
                                 f"{type(value).__name__}"))
            return
        if status != _lib.RF_OK:
            failed[question] = _last_error()[1]

    def evaluate(self, answers: Mapping[str, Value], explain: bool = False,
                 raise_errors: bool = True) -> Result:
        """Evaluates answers ``{question_id: value}``.

        Values: ``bool`` for boolean questions; ``int`` (not ``bool``) or ``float`` for integer
        and number questions; ``str`` (the option id) for choice questions and text; ``None``
        for unanswered. ``explain=True`` also records why rules above the level did not fire
        (in :meth:`Result.to_dict`, key ``not_fired``).

        Every rejected answer is collected: :class:`AnswerError` lists them all (unless
        ``raise_errors`` is ``False``: the error :class:`Result` is then returned). Safe to call
        from many threads at once on one rule set.
        """
        payload = _plain_json(answers)
        if payload is not None:
            # Plain JSON scalars: one call, and the library checks every answer exactly as the
            # typed setters would (same codes, all errors collected, in document order).
            return self._evaluate_bytes(payload, explain, raise_errors)
        L = self._lib
        h = self._handle()  # held until the evaluation returns
        ptr = h.ptr
        a = ctypes.c_void_p()
        try:
            if L.rf_answers_new(ctypes.byref(a), ptr) != _lib.RF_OK:
                raise RedflagError(_last_error()[1], _last_error()[0])
            problems: List[Tuple[str, str, str]] = []
            failed: Dict[str, str] = {}
            items = answers.items() if isinstance(answers, Mapping) else None
            if items is None:
                raise TypeError(f"answers must be a mapping, not {type(answers).__name__}")
            order = {}
            for k, v in items:
                order.setdefault(k if isinstance(k, str) else str(k), len(order))
                self._set(a.value, k, v, problems, failed)
            result = self._snapshot(
                lambda r, flags: L.rf_evaluate(r, ptr, a.value, flags), explain)
        finally:
            L.rf_answers_free(a.value)
        del h
        errors = list(result.errors)
        seen = {e.question for e in errors}
        # Setter failures the library did not list (e.g. invalid UTF-8), and Python-side ones.
        errors += [AnswerProblem(q, "wrong-type", m) for q, m in failed.items() if q not in seen]
        errors += [AnswerProblem(*p) for p in problems]
        errors.sort(key=lambda e: order.get(e.question, len(order)))
        if errors and result.errors != errors:
            result._make_error(errors)
        if errors and raise_errors:
            raise AnswerError(errors, result)
        return result

    def evaluate_json(self, text: Union[str, bytes], explain: bool = False,
                      raise_errors: bool = True) -> Result:
        """Evaluates a JSON object ``{"question_id": value, ...}`` (``rf_evaluate_json``).

        A malformed document or rejected answers raise :class:`AnswerError` (code
        ``invalid-json`` for a document that is not JSON), unless ``raise_errors`` is ``False``.
        """
        return self._evaluate_bytes(text if isinstance(text, bytes) else _encode(text), explain,
                                    raise_errors)

    def _snapshot(self, evaluate: Any, explain: bool) -> Result:
        """Runs ``evaluate(result_handle, flags)`` (rf_evaluate or rf_evaluate_json) into this
        thread's result handle and returns its Python snapshot."""
        handle = getattr(self._results, "handle", None)
        if handle is None:
            handle = self._results.handle = _ResultHandle()
        elif handle.busy:  # re-entered (say, from a finalizer): a handle of its own
            handle = _ResultHandle()
        handle.busy = True
        try:
            status = evaluate(handle.ptr, _lib.RF_EXPLAIN if explain else 0)
            if status not in (_lib.RF_OK, _lib.RF_EANSWER):
                raise RedflagError(_last_error()[1], status)
            return Result(handle.ptr, self._levels, self._advice_by_id)
        finally:
            handle.busy = False

    def _evaluate_bytes(self, data: bytes, explain: bool, raise_errors: bool) -> Result:
        """rf_evaluate_json on a UTF-8 JSON document."""
        L = self._lib
        h = self._handle()  # held until the evaluation returns
        ptr = h.ptr
        result = self._snapshot(
            lambda r, flags: L.rf_evaluate_json(r, ptr, data, len(data), flags), explain)
        del h
        if result.errors and raise_errors:
            raise AnswerError(result.errors, result)
        return result
