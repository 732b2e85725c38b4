# ctest entries of the inference testbed (docs/validation-testbed.md), included by bindings/python/CMakeLists.txt
# (both need the built `offload` package at ${PROJECT_BINARY_DIR}/python).
#   testbed.smoke               one offload point of a few seconds through namespaces, shaped link, server and
#                               client; SKIPPED (exit 77) with the reason where network namespaces, tbf or torch
#                               are not available. RUN_SERIAL: it times real inference on both cores.
#   testbed.analysis_reproduces the table of docs/validation-testbed.md regenerated from the stored
#                               measurements it names, with torch made unimportable: must match the page exactly.
set(_testbed_dir "${PROJECT_SOURCE_DIR}/benchmarks/testbed")
add_test(NAME testbed.smoke
  COMMAND bash "${_testbed_dir}/smoke.sh" "${CMAKE_CURRENT_BINARY_DIR}/testbed-smoke")
set_tests_properties(testbed.smoke PROPERTIES
  ENVIRONMENT "PYTHONPATH=${PROJECT_BINARY_DIR}/python"
  SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 600)
add_test(NAME testbed.analysis_reproduces
  COMMAND ${Python_EXECUTABLE} "${_testbed_dir}/analyze.py" --check docs/validation-testbed.md
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
set_tests_properties(testbed.analysis_reproduces PROPERTIES ENVIRONMENT "PYTHONPATH=${PROJECT_BINARY_DIR}/python")
