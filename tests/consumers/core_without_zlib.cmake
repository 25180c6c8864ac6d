# cmake -DLIBDIR=PREFIX/lib -DCMAKEDIR=PREFIX/lib/cmake/redflag -DREADELF=readelf -DNM=nm
#       -DCORE=libredflag.a -DREADERS=libredflag_readers.a [-DC_ABI=libredflag_c.so.x.y.z]
#       -P core_without_zlib.cmake
# The core an intake form embeds does not link zlib; only the readers do. Read from the
# installed tree:
#  1. the dynamic dependencies (DT_NEEDED) of libredflag_c.so, which embeds the core and
#     nothing else, and of the core itself when it is a shared library: no libz;
#  2. a static core: no object of libredflag.a refers to a zlib function (and the readers'
#     archive does, which shows the check can see one);
#  3. the exported link interfaces (redflagTargets.cmake): redflag::redflag names no ZLIB,
#     redflag::readers does; and redflagCTargets.cmake names no C++ dependency at all, so a C
#     project's find_package(redflag) needs none.
cmake_minimum_required(VERSION 3.21)
set(problems "")

function(needed file out)
  execute_process(COMMAND "${READELF}" -d "${file}" OUTPUT_VARIABLE dynamic RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${READELF} -d ${file} failed (${rc})")
  endif()
  string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*\\[[^]\n]*\\]" lines "${dynamic}")
  set(libraries "")
  foreach(line IN LISTS lines)
    string(REGEX REPLACE ".*\\[([^]\n]*)\\]$" "\\1" library "${line}")
    list(APPEND libraries "${library}")
  endforeach()
  if(NOT libraries)
    message(FATAL_ERROR "${READELF} -d ${file}: no NEEDED entry found; cannot check")
  endif()
  set(${out} "${libraries}" PARENT_SCOPE)
endfunction()

# zlib_references(ARCHIVE OUT): the zlib functions the archive's objects refer to.
function(zlib_references archive out)
  execute_process(COMMAND "${NM}" --undefined-only --format=posix "${archive}"
                  OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} --undefined-only ${archive} failed (${rc})")
  endif()
  string(REGEX MATCHALL "(^|\n)(inflate|deflate|gz|zlibVersion|zError|compress|uncompress|crc32|adler32)[A-Za-z0-9_]* U"
         found "${symbols}")
  string(REGEX REPLACE "(\n| U)" "" found "${found}")
  list(REMOVE_DUPLICATES found)
  list(JOIN found " " found)
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

# 1. Dynamic dependencies.
set(shared "")
if(C_ABI)
  list(APPEND shared "${LIBDIR}/${C_ABI}")
endif()
if(CORE MATCHES "\\.so")
  list(APPEND shared "${LIBDIR}/${CORE}")
endif()
foreach(file IN LISTS shared)
  needed("${file}" libraries)
  list(JOIN libraries " " shown)
  message(STATUS "${file} needs: ${shown}")
  if(shown MATCHES "(^| )libz\\.")
    list(APPEND problems "${file} links zlib (needs: ${shown})")
  endif()
endforeach()

# 2. A static core's objects.
if(CORE MATCHES "\\.a$")
  zlib_references("${LIBDIR}/${CORE}" core_refs)
  if(core_refs)
    list(APPEND problems "${CORE} refers to zlib: ${core_refs}")
  endif()
  if(READERS MATCHES "\\.a$")
    zlib_references("${LIBDIR}/${READERS}" readers_refs)
    if(NOT readers_refs)
      list(APPEND problems "${READERS} refers to no zlib function: the check sees nothing")
    endif()
    message(STATUS "${READERS} refers to zlib: ${readers_refs}; ${CORE} does not")
  endif()
endif()

# 3. The exported link interfaces.
# interface(FILE TARGET OUT): the INTERFACE_LINK_LIBRARIES that FILE gives the imported TARGET.
function(interface file target out)
  file(READ "${file}" text)
  string(FIND "${text}" "set_target_properties(${target} PROPERTIES" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${file} does not define ${target}")
  endif()
  string(SUBSTRING "${text}" ${at} -1 text)
  string(FIND "${text}" "\n)" end)
  string(SUBSTRING "${text}" 0 ${end} text)
  set(libraries "")
  if(text MATCHES "INTERFACE_LINK_LIBRARIES \"([^\"]*)\"")
    set(libraries "${CMAKE_MATCH_1}")
  endif()
  set(${out} "${libraries}" PARENT_SCOPE)
endfunction()

interface("${CMAKEDIR}/redflagTargets.cmake" redflag::redflag core_links)
interface("${CMAKEDIR}/redflagTargets.cmake" redflag::readers readers_links)
message(STATUS "redflag::redflag links: ${core_links}")
message(STATUS "redflag::readers links: ${readers_links}")
if(core_links MATCHES "ZLIB|libz")
  list(APPEND problems "redflag::redflag's link interface names zlib: ${core_links}")
endif()
if(NOT CORE MATCHES "\\.so" AND NOT readers_links MATCHES "ZLIB::ZLIB")
  list(APPEND problems "redflag::readers's link interface does not name ZLIB::ZLIB: ${readers_links}")
endif()
if(C_ABI)
  file(READ "${CMAKEDIR}/redflagCTargets.cmake" c_targets)
  string(REGEX MATCH "(Boost|spdlog|fmt|ZLIB)::[A-Za-z_]+" dependency "${c_targets}")
  if(dependency)
    list(APPEND problems "redflagCTargets.cmake names ${dependency}: a C project would need it")
  endif()
endif()

if(problems)
  list(JOIN problems "\n  " shown)
  message(FATAL_ERROR "\n  ${shown}")
endif()
message(STATUS "the core links no zlib")
