# Installation: the libraries (the core, the readers, the C ABI), the headers, the CLI, the shipped
# rules, the Python package, a CMake package (find_package(redflag)) and two pkg-config files,
# redflag.pc (the C ABI) and redflag-cpp.pc (the C++ core).
#
# Two export sets, so that a C project needs no C++ dependency:
#   redflagTargets.cmake   redflag::redflag, redflag::readers, redflag::redflag_c_static: C++,
#                          their users link Boost.JSON, spdlog (and zlib, for the readers)
#   redflagCTargets.cmake  redflag::redflag_c: libredflag_c.so, whose users need only a C compiler
# redflagConfig.cmake loads the second always and the first when the project enables C++.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(REDFLAG_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/redflag)
set(REDFLAG_INSTALL_RULESDIR ${CMAKE_INSTALL_DATADIR}/redflag/rules)

# Install RPATH: an installed program finds the libraries in ../lib and a library finds those
# beside it, so an installed tree runs from any prefix without LD_LIBRARY_PATH. A
# CMAKE_INSTALL_RPATH set by the user (a distribution's packaging, say) is left alone.
if(NOT DEFINED CMAKE_INSTALL_RPATH)
  if(APPLE)
    set(_rf_origin "@loader_path")
  else()
    set(_rf_origin "$ORIGIN")
  endif()
  file(RELATIVE_PATH _rf_bin_to_lib
    ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR} ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR})
  foreach(_t redflag redflag_readers redflag_c redflag_cli)
    if(NOT TARGET ${_t})
      continue()
    endif()
    get_target_property(_type ${_t} TYPE)
    if(_type STREQUAL "EXECUTABLE")
      set_target_properties(${_t} PROPERTIES INSTALL_RPATH "${_rf_origin}/${_rf_bin_to_lib}")
    elseif(_type STREQUAL "SHARED_LIBRARY")
      set_target_properties(${_t} PROPERTIES INSTALL_RPATH "${_rf_origin}")
    endif()
  endforeach()
endif()

# The C++ libraries.
set(_rf_cxx_targets redflag redflag_readers)
if(TARGET redflag_c_static)
  list(APPEND _rf_cxx_targets redflag_c_static)  # links the core, so it exports with it
endif()
install(TARGETS ${_rf_cxx_targets}
  EXPORT redflagTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT redflagTargets
  NAMESPACE redflag::
  DESTINATION ${REDFLAG_INSTALL_CMAKEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/redflag
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")

# The C ABI.
if(TARGET redflag_c)
  install(TARGETS redflag_c
    EXPORT redflagCTargets
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT redflagCTargets
    NAMESPACE redflag::
    DESTINATION ${REDFLAG_INSTALL_CMAKEDIR})
  install(FILES ${PROJECT_SOURCE_DIR}/bindings/c/include/redflag/redflag.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/redflag)
  # The Python package (ctypes over libredflag_c); Debian's layout by default.
  set(REDFLAG_INSTALL_PYTHONDIR "lib/python3/dist-packages" CACHE STRING
      "Where the redflag Python package is installed, relative to the prefix")
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/bindings/python/redflag
    DESTINATION ${REDFLAG_INSTALL_PYTHONDIR}
    FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
endif()

if(TARGET redflag_cli)
  install(TARGETS redflag_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/
  DESTINATION ${REDFLAG_INSTALL_RULESDIR}
  FILES_MATCHING PATTERN "*.rf")

# The CMake package. A shared core (BUILD_SHARED_LIBS) is a run-time dependency of
# libredflag_c.so, so the C targets need the C++ file loaded; that file then names no C++
# dependency (a shared library's are private).
get_target_property(_rf_core_type redflag TYPE)
if(_rf_core_type STREQUAL "SHARED_LIBRARY")
  set(REDFLAG_CORE_SHARED ON)
else()
  set(REDFLAG_CORE_SHARED OFF)
endif()
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/redflagConfig.cmake.in
  ${PROJECT_BINARY_DIR}/redflagConfig.cmake
  INSTALL_DESTINATION ${REDFLAG_INSTALL_CMAKEDIR}
  PATH_VARS REDFLAG_INSTALL_RULESDIR)
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/redflagConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/redflagConfig.cmake
  ${PROJECT_BINARY_DIR}/redflagConfigVersion.cmake
  DESTINATION ${REDFLAG_INSTALL_CMAKEDIR})

# pkg-config. Relocatable: the prefix is found from where the .pc file is, so
# `cmake --install --prefix` anywhere gives working files.
file(RELATIVE_PATH REDFLAG_PC_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
set(_rf_pc_files redflag-cpp)
if(TARGET redflag_c)
  list(APPEND _rf_pc_files redflag)
endif()
foreach(_pc IN LISTS _rf_pc_files)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${_pc}.pc.in ${PROJECT_BINARY_DIR}/${_pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${_pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
