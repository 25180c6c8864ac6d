# cmake -DBUILD_DIR=... -DPREFIX=... [-DCONFIG=...] -P install.cmake
# Installs the build tree into PREFIX, emptied first: the tests of the installed tree see exactly
# what this build installs, not files left by an earlier one.
cmake_minimum_required(VERSION 3.21)
file(REMOVE_RECURSE "${PREFIX}")
unset(ENV{DESTDIR})
set(config_args "")
if(CONFIG)
  set(config_args --config "${CONFIG}")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}" ${config_args}
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${rc})")
endif()
