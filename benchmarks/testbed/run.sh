#!/usr/bin/env bash
# The whole testbed experiment in one command (docs/validation-testbed.md): checks that this machine allows
# network namespaces and that the offload bindings import, measures every point of the preset inside the
# namespaces (removed again whatever happens), stores the raw measurements compressed and rewrites the table of
# docs/validation-testbed.md from them. Needs root, iproute2, python3-torch/torchvision and a build with
# -DOFFLOAD_BUILD_PYTHON=ON. Run it on an otherwise idle machine: the point is timing.
#
#   benchmarks/testbed/run.sh [--preset full|crossover|pilot] [--build DIR] [--out FILE.json.gz] [--label TEXT]
#                             [--duration SECONDS] [--no-doc]
#
# Defaults: --preset full (about an hour: 26 points of 2 minutes), --build build/release, --out
# benchmarks/data/testbed_<UTC date>.json.gz (testbed_<preset>_<date> for other presets).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
preset=full build="$root/build/release" out="" label="" duration="" doc=1
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset="$2"; shift 2 ;;
    --build) build="$(cd "$2" && pwd)"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --no-doc) doc=0; shift ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if [ -z "$out" ]; then
  suffix="$(date -u +%F)"
  [ "$preset" = full ] && out="$root/benchmarks/data/testbed_$suffix.json.gz" ||
    out="$root/benchmarks/data/testbed_${preset}_$suffix.json.gz"
fi
[ -n "$label" ] || label="preset $preset"
export PYTHONPATH="$build/python${PYTHONPATH:+:$PYTHONPATH}"
/usr/bin/python3 -c "import offload" ||
  { echo "run.sh: cannot import offload from $build/python (build it: cmake --build $build --target offload_python_core)" >&2; exit 1; }
/usr/bin/python3 -c "import torch, torchvision" ||
  { echo "run.sh: needs python3-torch and python3-torchvision (scripts/install-deps.sh all)" >&2; exit 1; }
bash "$here/netns.sh" check
extra=()
[ -n "$duration" ] && extra+=(--duration "$duration")
bash "$here/netns.sh" run 100 -- /usr/bin/python3 "$here/experiment.py" --preset "$preset" --out "$out" \
  --label "$label" "${extra[@]}"
rel="$(realpath --relative-to="$root" "$out")"
if [ $doc -eq 1 ]; then
  (cd "$root" && /usr/bin/python3 benchmarks/testbed/analyze.py --data "$rel" --doc docs/validation-testbed.md)
else
  (cd "$root" && /usr/bin/python3 benchmarks/testbed/analyze.py --data "$rel")
fi
