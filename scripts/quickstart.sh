#!/usr/bin/env bash
# First README command: installs what is missing (Debian packages), builds in Release and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --workflow --preset release >/dev/null
./build/release/tools/advisor/offload-advisor "$@"
