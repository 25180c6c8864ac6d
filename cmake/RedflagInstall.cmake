# Installation: headers, libraries, the CLI (installed from src/cli), the shipped rules, a CMake
# package (find_package(redflag)) and redflag.pc (pkg-config, for the C ABI).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(REDFLAG_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/redflag)
set(REDFLAG_INSTALL_RULESDIR ${CMAKE_INSTALL_DATADIR}/redflag/rules)

set(_redflag_targets redflag)
foreach(_t redflag_c redflag_c_static)
  if(TARGET ${_t})
    list(APPEND _redflag_targets ${_t})
  endif()
endforeach()

install(TARGETS ${_redflag_targets}
  EXPORT redflagTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/redflag
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")
if(TARGET redflag_c)
  install(FILES ${PROJECT_SOURCE_DIR}/bindings/c/include/redflag/redflag.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/redflag)
  # The Python package (ctypes over libredflag_c); Debian's layout by default.
  set(REDFLAG_INSTALL_PYTHONDIR "lib/python3/dist-packages" CACHE STRING
      "Where the redflag Python package is installed, relative to the prefix")
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/bindings/python/redflag
    DESTINATION ${REDFLAG_INSTALL_PYTHONDIR}
    FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/
  DESTINATION ${REDFLAG_INSTALL_RULESDIR}
  FILES_MATCHING PATTERN "*.rf")

install(EXPORT redflagTargets
  NAMESPACE redflag::
  DESTINATION ${REDFLAG_INSTALL_CMAKEDIR})
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

if(TARGET redflag_c)
  # Relocatable: the prefix is found from where the .pc file is, so `cmake --install --prefix`
  # anywhere gives a working file.
  file(RELATIVE_PATH REDFLAG_PC_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/redflag.pc.in ${PROJECT_BINARY_DIR}/redflag.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/redflag.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endif()
