#!/usr/bin/env bash
# Second README command: installs the remaining Debian packages (scripts/install-deps.sh all), then runs every
# test. Each preset builds only what it runs (README, "What each test preset covers"):
#   ci-gcc    g++, warnings as errors: Catch2 tests, consumer projects against a staged install, examples and
#             figure smoke runs, the advisor's tests, benchmark smoke runs, Python (pytest) and the notebook
#   ci-clang  clang, warnings as errors: Catch2 tests, consumers, examples, advisor, every header on its own
#   sanitize  ASan + UBSan (g++): Catch2 tests, consumers, examples, advisor
#   tsan      ThreadSanitizer (g++): the concurrency tests
#   style     (first) clang-format 14 and clang-tidy 14: scripts/check-style.sh
# Usage: scripts/test.sh [style|preset ...]   (default: style, then all four presets)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh all
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(style ci-gcc ci-clang sanitize tsan)
for preset in "${presets[@]}"; do
  echo "=== offload tests: ${preset} ==="
  if [ "${preset}" = style ]; then
    bash scripts/check-style.sh
  else
    cmake --workflow --preset "${preset}"
  fi
done
