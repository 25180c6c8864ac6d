# cmake -DNM=nm -DLIBRARY=libredflag_c.so [-DHEADER=redflag.h] -P check_symbols.cmake
# Fails when the defined dynamic symbols of the library differ from the C API listed below: an
# export that is not listed (a leaked C++ symbol, or a function added to the ABI unawares) or a
# listed function that is not exported. With HEADER, also when the functions redflag.h declares
# (lines starting RF_API) differ from the list. A new function goes into redflag.h,
# bindings/c/redflag_c.map and this list.
cmake_policy(SET CMP0057 NEW)  # if(IN_LIST)
set(expected
  rf_error_last
  rf_error_clear
  rf_version
  rf_version_numbers
  rf_ruleset_load_file
  rf_ruleset_load_string
  rf_ruleset_free
  rf_load_options_init
  rf_ruleset_load_file_ext
  rf_ruleset_load_string_ext
  rf_diagnostics_count
  rf_diagnostics_severity
  rf_diagnostics_code
  rf_diagnostics_message
  rf_diagnostics_file
  rf_diagnostics_line
  rf_diagnostics_column
  rf_diagnostics_formatted
  rf_diagnostics_free
  rf_ruleset_id
  rf_ruleset_version
  rf_ruleset_title
  rf_ruleset_content_hash
  rf_ruleset_scope
  rf_ruleset_scope_exclusion_count
  rf_ruleset_scope_exclusion
  rf_ruleset_scope_source
  rf_ruleset_level_count
  rf_ruleset_level_id
  rf_ruleset_level_advice
  rf_ruleset_level_indicator
  rf_ruleset_question_count
  rf_ruleset_question_id
  rf_ruleset_question_type
  rf_ruleset_question_prompt
  rf_ruleset_question_required
  rf_ruleset_question_unit
  rf_ruleset_question_range
  rf_ruleset_option_count
  rf_ruleset_option_id
  rf_ruleset_option_label
  rf_ruleset_parameter_count
  rf_ruleset_parameter_id
  rf_ruleset_parameter_value
  rf_ruleset_parameter_description
  rf_ruleset_json
  rf_answers_new
  rf_answers_free
  rf_answers_clear
  rf_answers_set_boolean
  rf_answers_set_integer
  rf_answers_set_number
  rf_answers_set_choice
  rf_answers_set_text
  rf_answers_unset
  rf_result_new
  rf_result_free
  rf_evaluate
  rf_evaluate_json
  rf_result_ok
  rf_result_level
  rf_result_level_rank
  rf_result_advice
  rf_result_indicator
  rf_result_advice_item_count
  rf_result_advice_item_id
  rf_result_advice_item_text
  rf_result_advice_item_source
  rf_result_complete
  rf_result_fired_count
  rf_result_fired_id
  rf_result_fired_title
  rf_result_fired_level
  rf_result_fired_because
  rf_result_fired_source
  rf_result_fired_evidence_count
  rf_result_fired_evidence_question
  rf_result_fired_evidence_value
  rf_result_unresolved_count
  rf_result_unresolved_id
  rf_result_unresolved_level
  rf_result_unresolved_missing_count
  rf_result_unresolved_missing
  rf_result_value_count
  rf_result_value_name
  rf_result_value
  rf_result_error_count
  rf_result_error_question
  rf_result_error_code
  rf_result_error_message
  rf_result_json
)

if(HEADER)
  file(STRINGS ${HEADER} declarations REGEX "^RF_API")
  set(declared "")
  foreach(line IN LISTS declarations)
    string(REGEX MATCH "(rf_[a-z0-9_]+)\\(" _ "${line}")
    list(APPEND declared "${CMAKE_MATCH_1}")
  endforeach()
  set(undeclared ${expected})
  list(REMOVE_ITEM undeclared ${declared})
  set(unlisted ${declared})
  list(REMOVE_ITEM unlisted ${expected})
  if(undeclared OR unlisted)
    message(FATAL_ERROR "${HEADER} and check_symbols.cmake disagree: listed, not declared: "
      "[${undeclared}]; declared, not listed: [${unlisted}]")
  endif()
endif()

execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} failed (${rc}): ${err}")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(exported "")
set(bad "")
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  # "address type name", or "type name" for absolute symbols without an address.
  string(REGEX REPLACE "^.* ([^ ]+)$" "\\1" name "${line}")
  string(REGEX REPLACE "@.*$" "" name "${name}")
  if(name IN_LIST expected)
    list(APPEND exported "${name}")
  elseif(name MATCHES "^(_init|_fini|_edata|_end|__bss_start|_DYNAMIC|_GLOBAL_OFFSET_TABLE_)$")
  elseif(line MATCHES " A ")  # version nodes (absolute symbols)
  else()
    list(APPEND bad "${line}")
  endif()
endforeach()
set(missing ${expected})
if(exported)
  list(REMOVE_ITEM missing ${exported})
endif()
set(problems "")
if(bad)
  list(LENGTH bad n)
  string(REPLACE ";" "\n  " shown "${bad}")
  string(APPEND problems "exports ${n} symbols outside the C API:\n  ${shown}\n")
endif()
if(missing)
  string(REPLACE ";" "\n  " shown "${missing}")
  string(APPEND problems "does not export:\n  ${shown}\n")
endif()
if(problems)
  message(FATAL_ERROR "${LIBRARY} ${problems}")
endif()
list(LENGTH expected api)
message(STATUS "${LIBRARY}: the ${api} functions of the C API exported, nothing else")
