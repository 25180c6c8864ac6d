# The example programs, as targets example_*; each runs from the repository root. Included by
# tests/snippets/CMakeLists.txt, which runs them and checks every C and C++ snippet of README.md
# and docs/ against their sources, and by examples/CMakeLists.txt when the tests are not built.
set(_examples ${CMAKE_CURRENT_LIST_DIR})

# triage [AGE]: the program of README.md's C++ snippet.
add_executable(example_triage ${_examples}/cpp/triage.cpp)
target_link_libraries(example_triage PRIVATE redflag::redflag)
redflag_set_warnings(example_triage)

# coverage [ANSWERS.json...]: rule-file tests and a corpus of answers (docs/rule-testing.md).
add_executable(example_coverage ${_examples}/cpp/coverage.cpp)
target_link_libraries(example_coverage PRIVATE redflag::redflag)
redflag_set_warnings(example_coverage)

# Hand-written GoogleTest tests with <redflag/testing.hpp> (docs/rule-testing.md).
if(TARGET GTest::gmock AND TARGET GTest::gtest_main)
  add_executable(example_rule_tests ${_examples}/cpp/rule_tests.cpp)
  target_link_libraries(example_rule_tests PRIVATE redflag::redflag GTest::gmock GTest::gtest_main)
  redflag_set_warnings(example_rule_tests)
endif()

# triage [AGE] in C99: the program of docs/c-api.md and README.md's C snippet.
if(TARGET redflag::redflag_c)
  add_executable(example_triage_c ${_examples}/c/triage.c)
  target_link_libraries(example_triage_c PRIVATE redflag::redflag_c)
  set_target_properties(example_triage_c PROPERTIES
    C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  redflag_set_warnings(example_triage_c)

  # options [PARAMETER]: load options in C99 (docs/c-api.md).
  add_executable(example_options_c ${_examples}/c/options.c)
  target_link_libraries(example_options_c PRIVATE redflag::redflag_c)
  set_target_properties(example_options_c PROPERTIES
    C_STANDARD 99 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
  redflag_set_warnings(example_options_c)
endif()
