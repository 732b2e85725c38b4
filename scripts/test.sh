#!/usr/bin/env bash
# Runs every test: the whole suite (C++ unit tests, consumer-against-install, examples, benchmark smoke runs,
# Python (pytest) and the notebook) under g++ with warnings as errors, under clang with
# warnings as errors, under ASan + UBSan, and the concurrency tests under TSan.
# Usage: scripts/test.sh [preset ...]   (default: all four)
set -euo pipefail
cd "$(dirname "$0")/.."
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(ci-gcc ci-clang sanitize tsan)
for preset in "${presets[@]}"; do
  echo "=== offload tests: preset ${preset} ==="
  cmake --workflow --preset "${preset}"
done
