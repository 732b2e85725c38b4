#!/usr/bin/env bash
# The whole calibration experiment in one command (docs/calibration.md):
#   1. measure per-layer and whole-model CPU latency of torchvision models (benchmarks/torch_measure.py),
#   2. build benchmarks/calibrate_and_predict.cpp against the headers,
#   3. calibrate this machine's hardware_profile on resnet18 + mobilenet_v2 and predict the other models.
#
#   bash benchmarks/calibrate_and_predict.sh [OUTDIR]          (default build/calibration)
#   REUSE=1 bash benchmarks/calibrate_and_predict.sh [OUTDIR]  (skip step 1 if OUTDIR/measurements.json exists)
#   ROUNDS=25 ...                                              (timed rounds per model, default 15)
#   MEASUREMENTS=benchmarks/data/measurements_2026-11-23.json.gz bash benchmarks/calibrate_and_predict.sh [OUTDIR]
#       (no measuring: calibrate and predict from a recorded run, .json or .json.gz; the recorded run of
#        docs/calibration.md reproduces its tables exactly)
#
# Needs Debian's python3-torch and python3-torchvision (apt-get install python3-torch python3-torchvision),
# a C++20 compiler, Eigen 3.4 and nlohmann/json. Takes ~3 minutes on an idle 2-core machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/build/calibration}"
mkdir -p "$OUT"
CXX="${CXX:-c++}"

if [[ -n "${MEASUREMENTS:-}" ]]; then
  echo "== using recorded measurements $MEASUREMENTS"
  case "$MEASUREMENTS" in
    *.gz) gzip -dc "$MEASUREMENTS" > "$OUT/measurements.json" ;;
    *) cp "$MEASUREMENTS" "$OUT/measurements.json" ;;
  esac
elif [[ "${REUSE:-0}" != "1" || ! -f "$OUT/measurements.json" ]]; then
  echo "== measuring (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/python3 "$ROOT/benchmarks/torch_measure.py" --out "$OUT/measurements.json" --rounds "${ROUNDS:-15}"
fi
echo "== building calibrate_and_predict"
"$CXX" -std=c++20 -O2 -I"$ROOT/include" -I/usr/include/eigen3 \
  "$ROOT/benchmarks/calibrate_and_predict.cpp" -o "$OUT/calibrate_and_predict"
echo "== calibrating and predicting"
"$OUT/calibrate_and_predict" "$OUT/measurements.json" \
  --profile-out "$OUT/calibrated_profile.json" --markdown-out "$OUT/predictions.md" "${@:2}"
echo "== wrote $OUT/predictions.md and $OUT/calibrated_profile.json"
