#!/usr/bin/env bash
# First README command: installs what the main job needs (Debian packages), builds only the advisor (Release)
# and runs it. Arguments go to offload-advisor (e.g. a scenario file, --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "quickstart: 1/3 Debian packages for the advisor (scripts/install-deps.sh main)"
bash scripts/install-deps.sh main
echo "quickstart: 2/3 configuring and building offload-advisor only (Release, preset 'quickstart', build/quickstart)"
cmake --preset quickstart
cmake --build --preset quickstart
echo "quickstart: 3/3 running build/quickstart/tools/advisor/offload-advisor $*"
echo
exec ./build/quickstart/tools/advisor/offload-advisor "$@"
