# cmake -DINCLUDEDIR=PREFIX/include -DC_API=ON|OFF -P installed_headers.cmake
# The installed headers are the public API and nothing more:
#  - exactly the files listed below (an addition is an API change: add it here on purpose);
#  - no evaluator internals (Interval, trace, Program, program(), alignas), no friends but
#    defaulted comparisons, no detail namespace but testing.hpp's matcher helpers;
#  - no include of anything but the standard library, GoogleTest (testing.hpp) and each other.
cmake_minimum_required(VERSION 3.21)
set(expected
  redflag/answers.hpp
  redflag/coverage.hpp
  redflag/diagnostics.hpp
  redflag/load.hpp
  redflag/redflag.hpp
  redflag/result.hpp
  redflag/rule_test.hpp
  redflag/ruleset.hpp
  redflag/testing.hpp
  redflag/value.hpp
  redflag/version.hpp
)
if(C_API)
  list(APPEND expected redflag/redflag.h)  # the C ABI
endif()

set(problems "")
file(GLOB_RECURSE found LIST_DIRECTORIES false RELATIVE "${INCLUDEDIR}" "${INCLUDEDIR}/*")
list(SORT found)
list(SORT expected)
foreach(header IN LISTS found)
  if(NOT header IN_LIST expected)
    list(APPEND problems "${header}: installed, but not in the expected list")
  endif()
endforeach()
foreach(header IN LISTS expected)
  if(NOT header IN_LIST found)
    list(APPEND problems "${header}: expected, but not installed")
  endif()
endforeach()

# problem(HEADER TEXT AT WHAT): records WHAT at the line of TEXT (the header with a newline put
# in front) where the match at index AT, which starts with the character before it, is.
function(problem header text at what)
  math(EXPR at "${at} + 1")
  string(SUBSTRING "${text}" 0 ${at} before)
  string(REGEX MATCHALL "\n" newlines "${before}")
  list(LENGTH newlines line)
  string(REPLACE ";" "" what "${what}")
  set(problems ${problems} "${header}:${line}: ${what}" PARENT_SCOPE)
endfunction()

# forbid(HEADER TEXT PATTERN WHAT): a problem WHAT where PATTERN first matches in TEXT.
function(forbid header text pattern what)
  string(REGEX MATCH "${pattern}" match "${text}")
  if(match)
    string(FIND "${text}" "${match}" at)
    problem(${header} "${text}" ${at} "${what}")
    set(problems ${problems} PARENT_SCOPE)
  endif()
endfunction()

set(word "[^A-Za-z0-9_]")
foreach(header IN LISTS found)
  file(READ "${INCLUDEDIR}/${header}" text)
  set(text "\n${text}")  # so that a pattern can start with a non-word character on line 1
  foreach(internal IN ITEMS Interval trace Program program alignas)
    if(internal STREQUAL "program")
      set(pattern "${word}program\\(")
    else()
      set(pattern "${word}${internal}${word}")
    endif()
    forbid(${header} "${text}" "${pattern}" "names an evaluator internal (${internal})")
  endforeach()
  # friend: only defaulted comparison operators.
  string(REGEX MATCHALL "${word}friend [^;{]*" friends "${text}")
  foreach(friend IN LISTS friends)
    if(NOT friend MATCHES "friend (bool|auto|std::strong_ordering) operator(==|<=>)\\([^)]*\\) = default$")
      string(FIND "${text}" "${friend}" at)
      string(STRIP "${friend}" friend)
      problem(${header} "${text}" ${at} "a friend that is not a defaulted comparison: ${friend}")
    endif()
  endforeach()
  # detail: only in testing.hpp (the GoogleTest matchers' helpers, header-only).
  if(NOT header STREQUAL "redflag/testing.hpp")
    forbid(${header} "${text}" "${word}detail(::|${word})"
           "a detail namespace (internals belong in src/)")
  endif()
  # Includes: the standard library, GoogleTest, and the installed headers themselves.
  string(REGEX MATCHALL "\n#[ \t]*include[ \t]*[<\"][^>\"]*[>\"]" includes "${text}")
  foreach(include IN LISTS includes)
    string(REGEX REPLACE "^\n#[ \t]*include[ \t]*[<\"]([^>\"]*)[>\"]$" "\\1" name "${include}")
    string(FIND "${text}" "${include}" at)
    if(name MATCHES "/")
      if(NOT name IN_LIST found AND NOT name MATCHES "^(gtest|gmock)/")
        problem(${header} "${text}" ${at} "includes ${name}, which is not an installed header")
      endif()
    elseif(NOT name MATCHES "^[a-z_]+(\\.h)?$")
      problem(${header} "${text}" ${at} "includes ${name}, not a standard header")
    endif()
  endforeach()
endforeach()

if(problems)
  list(JOIN problems "\n  " shown)
  message(FATAL_ERROR "installed headers in ${INCLUDEDIR}:\n  ${shown}")
endif()
list(LENGTH found n)
message(STATUS "${INCLUDEDIR}: the ${n} expected headers, no evaluator internals")
