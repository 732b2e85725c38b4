#!/usr/bin/env bash
# Installs the Debian packages offload needs to build, test, benchmark and plot.
# Idempotent and quiet when everything is present. Run as root (or with sudo available).
set -euo pipefail

packages=(
  g++ clang cmake ninja-build git
  libeigen3-dev libboost-math-dev nlohmann-json3-dev catch2 libbenchmark-dev
  pybind11-dev python3-pybind11 python3-dev python3-numpy python3-pytest
  python3-matplotlib python3-nbclient python3-ipykernel
  python3-torch python3-torchvision   # offload.from_torch and its tests; benchmarks/calibrate_and_predict.sh
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
