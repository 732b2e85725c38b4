#!/usr/bin/env bash
# ctest testbed.smoke: one offload point of a few seconds through the whole chain (namespaces, shaped link,
# server, client, storage, analysis). Exit 77 (ctest: skipped) with the reason when this machine cannot run it:
# not root, no iproute2, network namespaces or tbf not permitted, no torch. Usage: smoke.sh WORKDIR
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="${1:?smoke.sh WORKDIR}"
export TESTBED_PREFIX=tbsmk   # its own namespaces, so a full run elsewhere is not disturbed
if ! reason="$(bash "$here/netns.sh" check 2>&1)"; then
  echo "SKIPPED testbed.smoke: $reason"
  exit 77
fi
if ! /usr/bin/python3 -c "import torch, torchvision" 2>/dev/null; then
  echo "SKIPPED testbed.smoke: python3-torch / python3-torchvision not installed"
  exit 77
fi
mkdir -p "$work"
rm -f "$work/smoke.json.gz"
bash "$here/netns.sh" run 50 -- /usr/bin/python3 "$here/experiment.py" --preset smoke --label "ctest smoke" \
  --out "$work/smoke.json.gz"
/usr/bin/python3 "$here/analyze.py" --data "$work/smoke.json.gz"
echo "testbed.smoke: passed"
