# Compiles and runs a C++ program written in a doc page, and compares its output with the page's own text, so
# the docs cannot rot. Run as a ctest (tests/CMakeLists.txt, `ctest -R docs.`):
#   cmake -DDOC=<page.md> -DMARKER=<first line of the ```cpp block> -DCOMPILER=<c++> -DINCLUDE=<dir>
#         -DWORK=<dir> -P check_cpp_snippet.cmake
# The program is the ```cpp block whose first line is MARKER; the expected output is the ```text block that
# follows it. The compile line is the one the page shows: <c++> -std=c++20 -I<include> main.cpp.
foreach(var DOC MARKER COMPILER INCLUDE WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_cpp_snippet: -D${var}=... is required")
  endif()
endforeach()

# Sets <out> to the text between `opening` (searched in `text` from the start) and the next ``` fence, and
# <rest> to what follows that fence; a missing opening fails with `what`.
function(take_fenced_block text opening what out rest)
  string(FIND "${text}" "${opening}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "check_cpp_snippet: ${DOC}: ${what}")
  endif()
  string(LENGTH "${opening}" skip)
  math(EXPR at "${at} + ${skip}")
  string(SUBSTRING "${text}" ${at} -1 tail)
  string(FIND "${tail}" "```" end)
  string(SUBSTRING "${tail}" 0 ${end} block)
  string(SUBSTRING "${tail}" ${end} -1 tail)
  set(${out} "${block}" PARENT_SCOPE)
  set(${rest} "${tail}" PARENT_SCOPE)
endfunction()

file(READ "${DOC}" page)
take_fenced_block("${page}" "```cpp\n${MARKER}\n" "no ```cpp block starting with '${MARKER}'" body rest)
set(code "${MARKER}\n${body}")
take_fenced_block("${rest}" "```text\n" "no ```text block (the expected output) after '${MARKER}'" expected rest)

file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${WORK}/main.cpp" "${code}")
execute_process(COMMAND "${COMPILER}" -std=c++20 -I${INCLUDE} "${WORK}/main.cpp" -o "${WORK}/app"
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_cpp_snippet: the program in ${DOC} does not compile:\n${out}${err}")
endif()
execute_process(COMMAND "${WORK}/app" RESULT_VARIABLE rc OUTPUT_VARIABLE got ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_cpp_snippet: the program in ${DOC} exited with ${rc}:\n${got}${err}")
endif()
if(NOT got STREQUAL expected)
  message(FATAL_ERROR "check_cpp_snippet: ${DOC} shows an output the program does not print.\n"
                      "--- the page says:\n${expected}--- the program prints:\n${got}")
endif()
message(STATUS "check_cpp_snippet: ${DOC}: '${MARKER}' compiles, runs and prints what the page shows")
