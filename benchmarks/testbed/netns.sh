#!/usr/bin/env bash
# The testbed's network (docs/validation-testbed.md): two network namespaces, <prefix>_srv (server, 10.231.0.1)
# and <prefix>_cli (client, 10.231.0.2), joined by a veth pair whose two ends are shaped with tc tbf (both
# directions at the same rate; optional one-way delay with netem when the kernel has it). Needs root and
# iproute2. Everything is idempotent: `up` first removes leftovers of the same prefix, `down` ignores what is
# already gone.
#
#   netns.sh check                      exit 0 if this machine allows it, else 77 with the reason on stderr
#   netns.sh up                         create namespaces + veth (unshaped)
#   netns.sh shape RATE_MBIT [DELAY_MS] (re)apply the shaping on both ends
#   netns.sh stats                      tc -s qdisc of both ends (bytes, drops, overlimits)
#   netns.sh down                       remove everything
#   netns.sh run RATE_MBIT -- CMD...    up + shape, run CMD, and ALWAYS tear down (EXIT/INT/TERM trap)
#
# Environment: TESTBED_PREFIX (default tb; <= 8 characters, the veth names are <prefix>s0/<prefix>c0),
# TESTBED_MTU (default 1500), TESTBED_SLOW_START_AFTER_IDLE (default 0: TCP keeps its window across idle gaps,
# so every request sees the link's rate; 1 is the kernel default).
set -euo pipefail

prefix="${TESTBED_PREFIX:-tb}"
ns_srv="${prefix}_srv"
ns_cli="${prefix}_cli"
v_srv="${prefix}s0"
v_cli="${prefix}c0"
mtu="${TESTBED_MTU:-1500}"
ssai="${TESTBED_SLOW_START_AFTER_IDLE:-0}"
export TESTBED_SERVER_ADDR=10.231.0.1 TESTBED_CLIENT_ADDR=10.231.0.2

die() { echo "netns.sh: $*" >&2; exit 1; }

check() {
  [ "$(id -u)" -eq 0 ] || { echo "netns.sh: needs root (network namespaces and tc)" >&2; return 77; }
  if ! command -v ip >/dev/null || ! command -v tc >/dev/null; then
    echo "netns.sh: needs iproute2 (ip, tc): apt-get install iproute2" >&2; return 77
  fi
  local probe="${prefix}_probe"
  ip netns del "$probe" 2>/dev/null || true
  if ! ip netns add "$probe" 2>/dev/null; then
    echo "netns.sh: 'ip netns add' is not permitted here (container without CAP_SYS_ADMIN?)" >&2; return 77
  fi
  local ok=0
  ip -n "$probe" link add pv0 type veth peer name pv1 2>/dev/null || ok=1
  if [ $ok -eq 0 ]; then
    ip netns exec "$probe" tc qdisc add dev pv0 root tbf rate 10mbit burst 4kb limit 1mb 2>/dev/null || ok=2
  fi
  if [ $ok -eq 0 ]; then
    ip netns exec "$probe" sysctl -q -w net.ipv4.tcp_slow_start_after_idle=0 >/dev/null 2>&1 || ok=3
  fi
  ip netns del "$probe" 2>/dev/null || true
  case $ok in
    1) echo "netns.sh: cannot create a veth pair here" >&2; return 77 ;;
    2) echo "netns.sh: 'ip netns exec' or tc cannot add a tbf qdisc here (sch_tbf missing?)" >&2; return 77 ;;
    3) echo "netns.sh: cannot set TCP sysctls inside a network namespace here" >&2; return 77 ;;
  esac
  return 0
}

down() {
  ip netns del "$ns_srv" 2>/dev/null || true
  ip netns del "$ns_cli" 2>/dev/null || true
  ip link del "$v_srv" 2>/dev/null || true
  ip link del "$v_cli" 2>/dev/null || true
}

up() {
  down
  ip netns add "$ns_srv"
  ip netns add "$ns_cli"
  ip link add "$v_srv" mtu "$mtu" type veth peer name "$v_cli" mtu "$mtu"
  ip link set "$v_srv" netns "$ns_srv"
  ip link set "$v_cli" netns "$ns_cli"
  ip -n "$ns_srv" addr add "$TESTBED_SERVER_ADDR/24" dev "$v_srv"
  ip -n "$ns_cli" addr add "$TESTBED_CLIENT_ADDR/24" dev "$v_cli"
  for ns in "$ns_srv" "$ns_cli"; do
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -q -w net.ipv4.tcp_slow_start_after_idle="$ssai"
  done
  ip -n "$ns_srv" link set "$v_srv" up
  ip -n "$ns_cli" link set "$v_cli" up
}

# tbf at RATE Mbit/s: a bucket of max(2 full frames, 1 ms at the rate), so the link never bursts faster than
# its rate for more than a millisecond; limit 8 MB so TCP's own queue, not drops, absorbs a backlog. tbf
# segments GSO super-packets larger than the bucket itself.
shape_one() {
  local ns="$1" dev="$2" rate="$3" delay="$4"
  local burst
  burst=$(awk -v r="$rate" -v m="$mtu" 'BEGIN { b = r * 1e6 / 8 * 0.001; if (b < 2 * (m + 14)) b = 2 * (m + 14); printf "%d", b }')
  ip netns exec "$ns" tc qdisc del dev "$dev" root 2>/dev/null || true
  if [ "$delay" != "0" ]; then
    ip netns exec "$ns" tc qdisc add dev "$dev" root handle 1: tbf rate "${rate}mbit" burst "$burst" limit 8mb
    ip netns exec "$ns" tc qdisc add dev "$dev" parent 1:1 handle 10: netem delay "${delay}ms" limit 100000 ||
      die "netem is not available in this kernel (sch_netem): no added delay possible, use DELAY_MS 0"
  else
    ip netns exec "$ns" tc qdisc add dev "$dev" root tbf rate "${rate}mbit" burst "$burst" limit 8mb
  fi
}

shape() {
  local rate="${1:?shape RATE_MBIT [DELAY_MS]}" delay="${2:-0}"
  shape_one "$ns_cli" "$v_cli" "$rate" "$delay"   # uplink: client -> server
  shape_one "$ns_srv" "$v_srv" "$rate" "$delay"   # downlink: server -> client
}

stats() {
  echo "uplink ($ns_cli $v_cli):"; ip netns exec "$ns_cli" tc -s qdisc show dev "$v_cli"
  echo "downlink ($ns_srv $v_srv):"; ip netns exec "$ns_srv" tc -s qdisc show dev "$v_srv"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  check) check ;;
  up) up ;;
  down) down ;;
  shape) shape "$@" ;;
  stats) stats ;;
  run)
    rate="${1:?run RATE_MBIT -- CMD...}"; shift
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "run: no command"
    trap down EXIT
    up
    shape "$rate"
    # CMD runs in the background so that a TERM or INT sent to this script reaches it at once (bash would
    # otherwise hold the signal until CMD ends); the EXIT trap then removes the namespaces.
    "$@" &
    child=$!
    trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT
    status=0
    wait "$child" || status=$?
    while kill -0 "$child" 2>/dev/null; do   # wait returned early because a signal arrived: wait for CMD itself
      status=0
      wait "$child" || status=$?
    done
    exit "$status"
    ;;
  *) echo "usage: netns.sh check|up|down|shape RATE_MBIT [DELAY_MS]|stats|run RATE_MBIT -- CMD..." >&2; exit 2 ;;
esac
