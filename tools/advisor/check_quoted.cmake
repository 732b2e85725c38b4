# Fails unless the text of FILE appears verbatim in DOC (keeps docs/advisor.md's full example in sync).
#   cmake -DFILE=<example.json> -DDOC=<page.md> -P check_quoted.cmake
file(READ "${FILE}" example)
file(READ "${DOC}" doc)
string(FIND "${doc}" "${example}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${DOC} does not quote ${FILE} verbatim; paste the file into the page again")
endif()
