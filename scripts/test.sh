#!/usr/bin/env bash
# Second README command: installs the remaining Debian packages (scripts/install-deps.sh all), then runs every
# test. Each preset builds only what it runs (README, "What each test preset covers"):
#   ci-gcc    g++, warnings as errors: Catch2 tests, consumer projects against a staged install, examples and
#             figure smoke runs, the advisor's tests, benchmark smoke runs, Python (pytest) and the notebook
#   ci-clang  clang, warnings as errors: Catch2 tests, consumers, examples, advisor, every header on its own
#   sanitize  ASan + UBSan (g++): Catch2 tests, consumers, examples, advisor
#   tsan      ThreadSanitizer (g++): the concurrency tests
# Usage: scripts/test.sh [preset ...]   (default: all four)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh all
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(ci-gcc ci-clang sanitize tsan)
for preset in "${presets[@]}"; do
  echo "=== offload tests: preset ${preset} ==="
  cmake --workflow --preset "${preset}"
done
