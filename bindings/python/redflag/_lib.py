"""Finding and loading libredflag_c, and the ctypes prototypes of the C ABI (redflag.h)."""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import sys
import sysconfig
import threading
from pathlib import Path
from typing import List, Optional, Tuple

from .errors import LibraryNotFoundError

__all__ = ["lib", "library_path", "candidate_paths", "ENV_VAR"]

#: The environment variable naming the shared library to load (a full path).
ENV_VAR = "REDFLAG_LIBRARY"

# Status codes and constants of redflag.h.
RF_OK = 0
RF_ERROR = -1
RF_EINVALID = -2
RF_ELOAD = -3
RF_EIO = -4
RF_EANSWER = -5
RF_ENOMEM = -6
RF_EXPLAIN = 1
RF_LOAD_OPTIONS_VERSION = 1
RF_BOOLEAN, RF_CHOICE, RF_INTEGER, RF_NUMBER, RF_TEXT = range(5)

# The major.minor this binding was written for (a 0.x library may change its ABI per minor).
ABI_VERSION = (0, 1)

if sys.platform == "darwin":
    _NAMES = ("libredflag_c.dylib",)
elif sys.platform == "win32":
    _NAMES = ("redflag_c.dll", "libredflag_c.dll")
else:
    _NAMES = ("libredflag_c.so",)


class rf_error(ctypes.Structure):
    """``struct rf_error`` of redflag.h."""

    _fields_ = [
        ("code", ctypes.c_int),
        ("message", ctypes.c_char_p),
        ("file", ctypes.c_char_p),
        ("line", ctypes.c_uint),
        ("column", ctypes.c_uint),
    ]


class rf_load_options(ctypes.Structure):
    """``struct rf_load_options`` of redflag.h (version ``RF_LOAD_OPTIONS_VERSION``)."""

    _fields_ = [
        ("version", ctypes.c_uint),
        ("max_source_bytes", ctypes.c_size_t),
        ("max_nesting_depth", ctypes.c_size_t),
        ("max_rules", ctypes.c_size_t),
        ("max_questions", ctypes.c_size_t),
        ("max_use_depth", ctypes.c_size_t),
        ("max_string_bytes", ctypes.c_size_t),
        ("load_tests", ctypes.c_int),
        ("parameter_ids", ctypes.POINTER(ctypes.c_char_p)),
        ("parameter_values", ctypes.POINTER(ctypes.c_double)),
        ("parameter_count", ctypes.c_size_t),
    ]


_p = ctypes.c_void_p  # every opaque handle
_pp = ctypes.POINTER(ctypes.c_void_p)
_s = ctypes.c_char_p
_z = ctypes.c_size_t
_i = ctypes.c_int
_u = ctypes.c_uint
_d = ctypes.c_double
_pd = ctypes.POINTER(ctypes.c_double)
_pi = ctypes.POINTER(ctypes.c_int)
_po = ctypes.POINTER(rf_load_options)

# name: (restype, argtypes)
_PROTOTYPES = {
    "rf_error_last": (ctypes.POINTER(rf_error), []),
    "rf_error_clear": (None, []),
    "rf_version": (_s, []),
    "rf_version_numbers": (None, [_pi, _pi, _pi]),
    # loading
    "rf_ruleset_load_file": (_i, [_pp, _s, _pp]),
    "rf_ruleset_load_string": (_i, [_pp, _s, _z, _s, _pp]),
    "rf_load_options_init": (_i, [_po, _u]),
    "rf_ruleset_load_file_ext": (_i, [_pp, _s, _po, _pp]),
    "rf_ruleset_load_string_ext": (_i, [_pp, _s, _z, _s, _po, _pp]),
    "rf_ruleset_free": (None, [_p]),
    "rf_diagnostics_count": (_z, [_p]),
    "rf_diagnostics_severity": (_i, [_p, _z]),
    "rf_diagnostics_code": (_s, [_p, _z]),
    "rf_diagnostics_message": (_s, [_p, _z]),
    "rf_diagnostics_file": (_s, [_p, _z]),
    "rf_diagnostics_line": (_u, [_p, _z]),
    "rf_diagnostics_column": (_u, [_p, _z]),
    "rf_diagnostics_formatted": (_s, [_p]),
    "rf_diagnostics_free": (None, [_p]),
    # introspection
    "rf_ruleset_id": (_s, [_p]),
    "rf_ruleset_version": (_s, [_p]),
    "rf_ruleset_title": (_s, [_p]),
    "rf_ruleset_content_hash": (_s, [_p]),
    "rf_ruleset_scope": (_s, [_p]),
    "rf_ruleset_scope_exclusion_count": (_z, [_p]),
    "rf_ruleset_scope_exclusion": (_s, [_p, _z]),
    "rf_ruleset_scope_source": (_s, [_p]),
    "rf_ruleset_level_count": (_z, [_p]),
    "rf_ruleset_level_id": (_s, [_p, _z]),
    "rf_ruleset_level_advice": (_s, [_p, _z]),
    "rf_ruleset_level_indicator": (_s, [_p, _z]),
    "rf_ruleset_question_count": (_z, [_p]),
    "rf_ruleset_question_id": (_s, [_p, _z]),
    "rf_ruleset_question_type": (_i, [_p, _z]),
    "rf_ruleset_question_prompt": (_s, [_p, _z]),
    "rf_ruleset_question_required": (_i, [_p, _z]),
    "rf_ruleset_question_unit": (_s, [_p, _z]),
    "rf_ruleset_question_range": (_i, [_p, _z, _pd, _pd]),
    "rf_ruleset_option_count": (_z, [_p, _z]),
    "rf_ruleset_option_id": (_s, [_p, _z, _z]),
    "rf_ruleset_option_label": (_s, [_p, _z, _z]),
    "rf_ruleset_parameter_count": (_z, [_p]),
    "rf_ruleset_parameter_id": (_s, [_p, _z]),
    "rf_ruleset_parameter_value": (_d, [_p, _z]),
    "rf_ruleset_parameter_description": (_s, [_p, _z]),
    "rf_ruleset_json": (_s, [_p]),
    # answers
    "rf_answers_new": (_i, [_pp, _p]),
    "rf_answers_free": (None, [_p]),
    "rf_answers_clear": (_i, [_p]),
    "rf_answers_set_boolean": (_i, [_p, _s, _i]),
    "rf_answers_set_integer": (_i, [_p, _s, ctypes.c_longlong]),
    "rf_answers_set_number": (_i, [_p, _s, _d]),
    "rf_answers_set_choice": (_i, [_p, _s, _s]),
    "rf_answers_set_text": (_i, [_p, _s, _s]),
    "rf_answers_unset": (_i, [_p, _s]),
    # evaluation
    "rf_result_new": (_i, [_pp]),
    "rf_result_free": (None, [_p]),
    "rf_evaluate": (_i, [_p, _p, _p, _u]),
    "rf_evaluate_json": (_i, [_p, _p, _s, _z, _u]),
    # results
    "rf_result_ok": (_i, [_p]),
    "rf_result_level": (_s, [_p]),
    "rf_result_level_rank": (_i, [_p]),
    "rf_result_advice": (_s, [_p]),
    "rf_result_indicator": (_s, [_p]),
    "rf_result_advice_item_count": (_z, [_p]),
    "rf_result_advice_item_id": (_s, [_p, _z]),
    "rf_result_advice_item_text": (_s, [_p, _z]),
    "rf_result_advice_item_source": (_s, [_p, _z]),
    "rf_result_complete": (_i, [_p]),
    "rf_result_fired_count": (_z, [_p]),
    "rf_result_fired_id": (_s, [_p, _z]),
    "rf_result_fired_title": (_s, [_p, _z]),
    "rf_result_fired_level": (_s, [_p, _z]),
    "rf_result_fired_because": (_s, [_p, _z]),
    "rf_result_fired_source": (_s, [_p, _z]),
    "rf_result_fired_evidence_count": (_z, [_p, _z]),
    "rf_result_fired_evidence_question": (_s, [_p, _z, _z]),
    "rf_result_fired_evidence_value": (_s, [_p, _z, _z]),
    "rf_result_unresolved_count": (_z, [_p]),
    "rf_result_unresolved_id": (_s, [_p, _z]),
    "rf_result_unresolved_level": (_s, [_p, _z]),
    "rf_result_unresolved_missing_count": (_z, [_p, _z]),
    "rf_result_unresolved_missing": (_s, [_p, _z, _z]),
    "rf_result_value_count": (_z, [_p]),
    "rf_result_value_name": (_s, [_p, _z]),
    "rf_result_value": (_s, [_p, _z]),
    "rf_result_error_count": (_z, [_p]),
    "rf_result_error_question": (_s, [_p, _z]),
    "rf_result_error_code": (_s, [_p, _z]),
    "rf_result_error_message": (_s, [_p, _z]),
    "rf_result_json": (_s, [_p]),
}


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def _sanitized(library: str) -> bool:
    """Whether the build directory of ``<build>/bindings/c/<lib>`` uses -fsanitize."""
    cache = Path(library).parent.parent.parent / "CMakeCache.txt"
    try:
        return "-fsanitize" in cache.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


def _build_tree_candidates(start: Path) -> Tuple[List[str], List[str]]:
    """``build/*/bindings/c/<lib>`` in ``start`` and each of its parents, newest first.

    Returns (found, patterns searched)."""
    searched: List[str] = []
    for directory in [start, *start.parents]:
        found: List[str] = []
        for name in _NAMES:
            pattern = str(directory / "build" / "*" / "bindings" / "c" / name)
            searched.append(pattern)
            found += [p for p in glob.glob(pattern) if os.path.isfile(p)]
        if found:
            # Newest first; a sanitizer build last (it cannot load into a plain interpreter).
            found.sort(key=lambda p: (_sanitized(p), -os.path.getmtime(p)))
            return found, searched
    return [], searched


def _install_prefix(package: Path) -> Optional[Path]:
    """``<prefix>`` when the package lies in ``<prefix>/lib*/python3*/{site,dist}-packages``."""
    site = package.parent
    if site.name not in ("site-packages", "dist-packages"):
        return None
    pydir = site.parent
    libdir = pydir.parent
    if not pydir.name.startswith("python") or not libdir.name.startswith("lib"):
        return None
    return libdir.parent


def _versioned_sort_key(path: str) -> Tuple[int, List[int]]:
    # libredflag_c.so first, then libredflag_c.so.1.2.3 by version, highest first.
    suffix = path.rsplit(".so", 1)[-1].lstrip(".")
    numbers = [int(x) for x in suffix.split(".") if x.isdigit()]
    return (0 if not suffix else 1, [-n for n in numbers])


def _prefix_candidates(prefix: Path) -> Tuple[List[str], List[str]]:
    libdirs = [prefix / "lib"]
    multiarch = sysconfig.get_config_var("MULTIARCH")
    if multiarch:
        libdirs.append(prefix / "lib" / multiarch)
    libdirs += [Path(p) for p in sorted(glob.glob(str(prefix / "lib" / "*-linux-gnu*")))
                if Path(p) not in libdirs]
    libdirs.append(prefix / "lib64")
    found: List[str] = []
    searched: List[str] = []
    for d in libdirs:
        for name in _NAMES:
            pattern = str(d / name) + ("*" if name.endswith(".so") else "")
            searched.append(pattern)
            found += sorted((p for p in glob.glob(pattern) if os.path.isfile(p)),
                            key=_versioned_sort_key)
    return found, searched


def candidate_paths() -> Tuple[List[str], List[str]]:
    """Every library the lookup would try, in order, and every place it looked.

    Order: ``$REDFLAG_LIBRARY`` (alone, when set); for a source checkout the build tree
    (``build/*/bindings/c/``, searched upward from this package, newest first), or for an
    installed package the install prefix it lies under (``<prefix>/lib``,
    ``<prefix>/lib/<multiarch>``, ``<prefix>/lib64``); then
    ``ctypes.util.find_library("redflag_c")`` (the system's loader path).
    """
    found: List[str] = []
    searched: List[str] = []
    env = os.environ.get(ENV_VAR)
    if env:
        searched.append(f"${ENV_VAR}={env}")
        return [env], searched
    searched.append(f"${ENV_VAR} (not set)")
    package = _package_dir()
    prefix = _install_prefix(package)
    if prefix is None:  # a source checkout: the build tree (an installed package skips it)
        f, s = _build_tree_candidates(package.parent)
        found += f
        searched += s
    else:  # installed under <prefix>/lib*/python3*/{site,dist}-packages
        f, s = _prefix_candidates(prefix)
        found += f
        searched += s
    system = ctypes.util.find_library("redflag_c")
    searched.append("ctypes.util.find_library('redflag_c')" + (f" -> {system}" if system else
                                                               " -> not found"))
    if system:
        found.append(system)
    return found, searched


def _declare(cdll: ctypes.CDLL) -> None:
    for name, (restype, argtypes) in _PROTOTYPES.items():
        fn = getattr(cdll, name)
        fn.restype = restype
        fn.argtypes = argtypes


def _check_version(cdll: ctypes.CDLL, path: str) -> None:
    major, minor, patch = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    cdll.rf_version_numbers(ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch))
    have = (major.value, minor.value)
    want = ABI_VERSION
    if have[0] != want[0] or (want[0] == 0 and have[1] != want[1]):
        raise LibraryNotFoundError(
            f"{path} is redflag {major.value}.{minor.value}.{patch.value}; this binding needs "
            f"{want[0]}.{want[1]}.x", [path])


_lock = threading.Lock()
_loaded: Optional[Tuple[ctypes.CDLL, str]] = None


def _load() -> Tuple[ctypes.CDLL, str]:
    global _loaded
    with _lock:
        if _loaded is not None:
            return _loaded
        candidates, searched = candidate_paths()
        failures: List[str] = []
        env = os.environ.get(ENV_VAR)
        if env and not os.path.isfile(env):
            raise LibraryNotFoundError(
                f"redflag: ${ENV_VAR} is set to {env!r}, which is not a file", searched)
        for path in candidates:
            try:
                cdll = ctypes.CDLL(path)
                _declare(cdll)
                _check_version(cdll, path)
            except (OSError, AttributeError, LibraryNotFoundError) as e:
                failures.append(f"{path}: {e}")
                if env:
                    break
                continue
            _loaded = (cdll, path)
            return _loaded
        lines = ["redflag: cannot find the C library libredflag_c (build the target redflag_c, "
                 f"install it, or set ${ENV_VAR} to its full path). Looked in:"]
        lines += [f"  {s}" for s in searched]
        if failures:
            lines.append("Found but could not load:")
            lines += [f"  {f}" for f in failures]
        raise LibraryNotFoundError("\n".join(lines), searched)


def lib() -> ctypes.CDLL:
    """The loaded library (found and loaded on first use; thread-safe)."""
    return _load()[0]


def library_path() -> str:
    """The path (or loader name) of the loaded library, loading it if needed."""
    return _load()[1]


def text(value: Optional[bytes]) -> Optional[str]:
    """Decodes a borrowed C string (``None`` stays ``None``)."""
    return None if value is None else value.decode("utf-8", "replace")
