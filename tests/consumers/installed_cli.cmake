# cmake -DPREFIX=... -DBINDIR=bin -DLIBDIR=lib -DRULESDIR=share/redflag/rules -DVERSION=x.y.z
#       -DREADELF=readelf [-DSHARED_LIBRARIES="libredflag_c.so.x.y.z"] -DWORK=dir
#       -P installed_cli.cmake
# An installed tree works without LD_LIBRARY_PATH: the installed `redflag` runs (--version, and
# a triage with the installed rules, named by path and by bare name: the installed program finds
# the rules installed beside it) with LD_LIBRARY_PATH unset, and the installed program and
# shared libraries carry a run path relative to where they are ($ORIGIN), as CMake installs them.
cmake_minimum_required(VERSION 3.21)
unset(ENV{LD_LIBRARY_PATH})
unset(ENV{REDFLAG_RULES_DIR})
set(redflag "${PREFIX}/${BINDIR}/redflag")

function(run expected_rc expected_output)
  execute_process(COMMAND ${ARGN} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc
                  WORKING_DIRECTORY "${WORK}")
  if(NOT rc STREQUAL expected_rc OR NOT out MATCHES "${expected_output}")
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "${command}\nexited ${rc} (expected ${expected_rc}), printed:\n${out}${err}"
                        "expected output matching: ${expected_output}")
  endif()
  string(REGEX REPLACE "\n.*" "" first_line "${out}")
  message(STATUS "ok: ${first_line}")
endfunction()

file(MAKE_DIRECTORY "${WORK}")
string(REPLACE "." "\\." version_re "${VERSION}")
run(0 "^redflag ${version_re}\n$" "${redflag}" --version)
file(WRITE "${WORK}/saddle_numbness.json" "{\"saddle_numbness\": true}\n")
# Whatever the bundled rules decide (a clinical edit may change it): a level, from those rules.
set(triaged "ruleset: +low_back_pain [0-9.]+\nlevel: +[a-z_]+")
run(0 "${triaged}" "${redflag}" check "${PREFIX}/${RULESDIR}/low_back_pain.rf" saddle_numbness.json)
run(0 "${triaged}" "${redflag}" check low_back_pain saddle_numbness.json)

# The run paths: $ORIGIN-relative, pointing at the installed libraries.
set(files "${redflag}")
foreach(library IN LISTS SHARED_LIBRARIES)
  list(APPEND files "${PREFIX}/${LIBDIR}/${library}")
endforeach()
foreach(file IN LISTS files)
  execute_process(COMMAND "${READELF}" -d "${file}" OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${READELF} -d ${file} failed (${rc})")
  endif()
  if(NOT dynamic MATCHES "\\((RUNPATH|RPATH)\\)[^\n]*\\[([^]\n]*)\\]")
    message(FATAL_ERROR "${file} has no run path")
  endif()
  set(runpath "${CMAKE_MATCH_2}")
  if(NOT runpath MATCHES "^\\$ORIGIN")
    message(FATAL_ERROR "${file}: run path ${runpath} is not relative to $ORIGIN")
  endif()
  # Resolve it: it must name the directory the libraries are installed in.
  get_filename_component(origin "${file}" DIRECTORY)
  string(REPLACE "$ORIGIN" "${origin}" resolved "${runpath}")
  get_filename_component(resolved "${resolved}" REALPATH)
  get_filename_component(libdir "${PREFIX}/${LIBDIR}" REALPATH)
  if(NOT resolved STREQUAL libdir)
    message(FATAL_ERROR "${file}: run path ${runpath} is ${resolved}, not ${libdir}")
  endif()
  message(STATUS "${file}: run path ${runpath}")
endforeach()
