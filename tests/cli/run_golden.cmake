# Golden tests of the `redflag` command-line tool: runs one case and compares its exit code,
# standard output and standard error with what the case expects.
#
# A case is a set of files in tests/cli/cases/ sharing a NAME:
#   NAME.cmd     the arguments after `redflag`, on one line (shell-like quoting; paths relative
#                to the repository root, which is the working directory)
#   NAME.expect  the expected standard output
#   NAME.stderr  the expected standard error (absent: standard error must be empty)
#   NAME.rc      the expected exit code (absent: 0)
#   NAME.stdin   fed to standard input (absent: standard input is empty)
# The tool runs with NO_COLOR=1, so the output holds no ANSI escapes, and with
# SOURCE_DATE_EPOCH=1700000000, so a run date (`batch --summary`, `--report`) is fixed.
#
# Run one case (what ctest does, see CMakeLists.txt):
#   cmake -DREDFLAG=build/debug/src/cli/redflag -DCASE=tests/cli/cases/validate_ok \
#         -P tests/cli/run_golden.cmake
# Regenerate the expected files from the tool's actual output, for one case (CASE=...) or for
# every case (no CASE), then read `git diff tests/cli` before committing:
#   cmake -DREDFLAG=build/debug/src/cli/redflag -DUPDATE=1 -P tests/cli/run_golden.cmake
# or, through ctest: REDFLAG_UPDATE_GOLDEN=1 ctest --test-dir build/debug -R '^cli\.'
# Updating writes NAME.expect, writes NAME.stderr and NAME.rc when they are not empty / not 0
# and removes them otherwise; it refuses a case whose run crashed.
cmake_minimum_required(VERSION 3.21)

get_filename_component(_here "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)
if(NOT DEFINED SOURCE_DIR)
  get_filename_component(SOURCE_DIR "${_here}/../.." ABSOLUTE)
endif()
if(NOT REDFLAG)
  message(FATAL_ERROR "run_golden.cmake: pass the tool as -DREDFLAG=path/to/redflag")
endif()
get_filename_component(REDFLAG "${REDFLAG}" ABSOLUTE BASE_DIR "${SOURCE_DIR}")
if(NOT EXISTS "${REDFLAG}")
  message(FATAL_ERROR "run_golden.cmake: no executable at ${REDFLAG}")
endif()
if(NOT DEFINED UPDATE AND "$ENV{REDFLAG_UPDATE_GOLDEN}")
  set(UPDATE 1)
endif()

set(ENV{NO_COLOR} 1)
set(ENV{SOURCE_DATE_EPOCH} 1700000000)
if(WIN32)
  set(_null_input NUL)
else()
  set(_null_input /dev/null)
endif()

# Writes `content` to `file`, or removes `file` when `content` equals `empty`.
function(_write_or_remove file content empty)
  if("${content}" STREQUAL "${empty}")
    file(REMOVE "${file}")
  else()
    file(WRITE "${file}" "${content}")
  endif()
endfunction()

# Prints expected and actual text, each line prefixed so that trailing blanks show.
function(_show what expected actual)
  string(REPLACE "\n" "\n  | " expected_shown "  | ${expected}")
  string(REPLACE "\n" "\n  | " actual_shown "  | ${actual}")
  message("---- ${what}: expected ----\n${expected_shown}\n---- ${what}: actual ----\n${actual_shown}\n")
endfunction()

# Runs the case whose files start with `case` (a path without extension); sets `ok` in the
# caller's scope to TRUE or FALSE.
function(_run_case case)
  get_filename_component(case "${case}" ABSOLUTE BASE_DIR "${SOURCE_DIR}")
  get_filename_component(name "${case}" NAME)
  if(NOT EXISTS "${case}.cmd")
    message(SEND_ERROR "${name}: no ${case}.cmd")
    set(ok FALSE PARENT_SCOPE)
    return()
  endif()

  file(READ "${case}.cmd" command_line)
  string(STRIP "${command_line}" command_line)
  separate_arguments(arguments UNIX_COMMAND "${command_line}")
  set(input "${_null_input}")
  if(EXISTS "${case}.stdin")
    set(input "${case}.stdin")
  endif()

  execute_process(
    COMMAND "${REDFLAG}" ${arguments}
    WORKING_DIRECTORY "${SOURCE_DIR}"
    INPUT_FILE "${input}"
    OUTPUT_VARIABLE actual_out
    ERROR_VARIABLE actual_err
    RESULT_VARIABLE actual_rc)

  if(UPDATE)
    if(NOT actual_rc MATCHES "^[0-9]+$")
      message(SEND_ERROR "${name}: `redflag ${command_line}` did not exit normally "
                         "(${actual_rc}); not updating\n${actual_err}")
      set(ok FALSE PARENT_SCOPE)
      return()
    endif()
    file(WRITE "${case}.expect" "${actual_out}")
    _write_or_remove("${case}.stderr" "${actual_err}" "")
    _write_or_remove("${case}.rc" "${actual_rc}\n" "0\n")
    message(STATUS "updated ${name} (exit ${actual_rc})")
    set(ok TRUE PARENT_SCOPE)
    return()
  endif()

  set(expected_rc 0)
  if(EXISTS "${case}.rc")
    file(READ "${case}.rc" expected_rc)
    string(STRIP "${expected_rc}" expected_rc)
  endif()
  set(expected_out "")
  if(EXISTS "${case}.expect")
    file(READ "${case}.expect" expected_out)
  endif()
  set(expected_err "")
  if(EXISTS "${case}.stderr")
    file(READ "${case}.stderr" expected_err)
  endif()

  set(case_ok TRUE)
  if(NOT "${actual_rc}" STREQUAL "${expected_rc}")
    message("---- exit code: expected ${expected_rc}, actual ${actual_rc}")
    set(case_ok FALSE)
  endif()
  if(NOT "${actual_out}" STREQUAL "${expected_out}")
    _show("stdout" "${expected_out}" "${actual_out}")
    set(case_ok FALSE)
  endif()
  if(NOT "${actual_err}" STREQUAL "${expected_err}")
    _show("stderr" "${expected_err}" "${actual_err}")
    set(case_ok FALSE)
  endif()
  if(NOT case_ok)
    message(SEND_ERROR "${name}: `redflag ${command_line}` differs from ${case}.*\n"
                       "(if the new output is right: cmake -DREDFLAG=${REDFLAG} "
                       "-DCASE=${case} -DUPDATE=1 -P ${CMAKE_CURRENT_LIST_FILE})")
  endif()
  set(ok ${case_ok} PARENT_SCOPE)
endfunction()

if(DEFINED CASE)
  set(cases "${CASE}")
else()
  file(GLOB cmd_files "${_here}/cases/*.cmd")
  list(SORT cmd_files)
  set(cases "")
  foreach(cmd_file IN LISTS cmd_files)
    string(REGEX REPLACE "\\.cmd$" "" case "${cmd_file}")
    list(APPEND cases "${case}")
  endforeach()
endif()

set(failed 0)
foreach(case IN LISTS cases)
  _run_case("${case}")
  if(NOT ok)
    math(EXPR failed "${failed} + 1")
  endif()
endforeach()
if(failed GREATER 0)
  message(FATAL_ERROR "${failed} golden case(s) failed")
endif()
