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

file(READ "${DOC}" page)
string(FIND "${page}" "```cpp\n${MARKER}\n" code_at)
if(code_at EQUAL -1)
  message(FATAL_ERROR "check_cpp_snippet: ${DOC} has no ```cpp block starting with '${MARKER}'")
endif()
math(EXPR code_at "${code_at} + 7")
string(SUBSTRING "${page}" ${code_at} -1 rest)
string(FIND "${rest}" "```\n" code_end)
string(SUBSTRING "${rest}" 0 ${code_end} code)
string(SUBSTRING "${rest}" ${code_end} -1 rest)
string(FIND "${rest}" "```text\n" text_at)
if(text_at EQUAL -1)
  message(FATAL_ERROR "check_cpp_snippet: ${DOC}: no ```text block (the expected output) after '${MARKER}'")
endif()
math(EXPR text_at "${text_at} + 8")
string(SUBSTRING "${rest}" ${text_at} -1 rest)
string(FIND "${rest}" "```" text_end)
string(SUBSTRING "${rest}" 0 ${text_end} expected)

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
