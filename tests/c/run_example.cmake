# cmake -DPROGRAM=... -DSOURCE=tests/c/example_triage.c -DEXPECTED=tests/c/example_triage.out
#       -DDOC=docs/c-api.md -P run_example.cmake
# Runs the example program and checks its output against EXPECTED, and that DOC shows SOURCE and
# that output verbatim (so the documented program and output are the real ones).
execute_process(COMMAND ${PROGRAM} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} failed (${rc}):\n${out}${err}")
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "output differs from ${EXPECTED}.\nActual:\n${out}\nExpected:\n${expected}")
endif()
file(READ ${DOC} doc)
string(FIND "${doc}" "```\n${expected}```\n" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${DOC} does not show the output of ${PROGRAM} (${EXPECTED}) verbatim")
endif()
file(READ ${SOURCE} source)
string(FIND "${doc}" "```c\n${source}```\n" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${DOC} does not show ${SOURCE} verbatim")
endif()
message(STATUS "output as documented in ${DOC}:\n${out}")
