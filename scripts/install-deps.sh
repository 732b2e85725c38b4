#!/usr/bin/env bash
# Installs the Debian packages offload needs. Idempotent and quiet when everything is present.
# Run as root (or with sudo available).
#   scripts/install-deps.sh main   what the main job needs: build and run offload-advisor (scripts/quickstart.sh)
#   scripts/install-deps.sh all    everything: build, test, benchmark, plot, Python, notebook (the default;
#                                  scripts/test.sh and .ci/run use it)
set -euo pipefail

set_name="${1:-all}"

# The advisor: a C++20 compiler, CMake + Ninja, Boost.Math, nlohmann_json; ccache makes rebuilds cheap.
main_packages=(
  g++ cmake ninja-build git ccache
  libboost-math-dev nlohmann-json3-dev
)
# The rest: the second compiler, Eigen (calibration), the test and benchmark frameworks, the Python bindings,
# plots, the notebook, and PyTorch for offload.from_torch and its tests (about 1 GB).
rest_packages=(
  clang clang-format-14 clang-tidy-14   # the second compiler; scripts/check-style.sh
  libeigen3-dev catch2 libbenchmark-dev
  pybind11-dev python3-pybind11 python3-dev python3-numpy python3-pytest
  python3-matplotlib python3-nbclient python3-ipykernel
  python3-torch python3-torchvision   # offload.from_torch and its tests; benchmarks/calibrate_and_predict.sh
  iproute2   # ip netns, tc: the inference testbed (benchmarks/testbed/, docs/validation-testbed.md)
  coinor-cbc python3-pulp   # tests/python/test_provisioning.py: an independent MILP and the LP-file round trip
  python3-scipy   # tests/python/test_offloading_bandwidth.py: an independent NLP solve of the bandwidth allocation
  python3-pip python3-venv   # ctest python.pip_install: pip install --no-build-isolation . into a fresh venv
)

case "$set_name" in
  main) packages=("${main_packages[@]}") ;;
  all) packages=("${main_packages[@]}" "${rest_packages[@]}") ;;
  *) echo "install-deps: unknown package set '$set_name' (expected: main or all)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps ($set_name): installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: apt-get update"
$SUDO apt-get update -qq
echo "install-deps: apt-get install (with dependencies; this is the slow part, progress below)"
set +e
$SUDO apt-get install -y --no-install-recommends -o Dpkg::Progress-Fancy=0 "${missing[@]}" \
  | grep --line-buffered -E '^(Unpacking|Setting up) ' | sed -u 's/^/  /'
status=("${PIPESTATUS[@]}")
set -e
# grep exits 1 when it prints nothing; apt-get's own status is what matters
[ "${status[0]}" -eq 0 ] || { echo "install-deps: apt-get install failed (status ${status[0]})" >&2; exit 1; }
echo "install-deps: done"
