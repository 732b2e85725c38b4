#!/usr/bin/python3
"""Testbed load generator (the offloading device): an open-loop request stream to the server over the shaped link.

    ip netns exec tb_cli /usr/bin/python3 benchmarks/testbed/client.py --host 10.231.0.1 --rate 2 --duration 60 \
        --seed 1 --out run.json

Arrival times come from a seeded RNG before the run starts (Poisson, or --arrivals bursty --scv 4: a
hyperexponential renewal stream), so when a request is sent never depends on any response: the sender thread
writes each request at its arrival time, or at once if the previous write is still blocked (then the socket
buffer is the device NIC's FCFS queue, as in the model). A receiver thread timestamps each response. Latency =
response received - scheduled arrival. The JSON holds every request's timestamps in microseconds from the run's
start.
"""
import argparse
import json
import os
import resource
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--host", required=True)
    ap.add_argument("--port", type=int, default=7070)
    ap.add_argument("--rate", type=float, required=True, help="mean arrival rate, requests/s")
    ap.add_argument("--duration", type=float, required=True, help="seconds of arrivals")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--arrivals", choices=["poisson", "bursty"], default="poisson")
    ap.add_argument("--scv", type=float, default=1.0, help="interarrival SCV of the bursty stream")
    ap.add_argument("--dtype", choices=["uint8", "float32"], default="uint8")
    ap.add_argument("--cpu", type=int, default=0)
    ap.add_argument("--drain-timeout", type=float, default=30.0,
                    help="seconds to wait for outstanding responses after the last arrival")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    common.pin(args.cpu)

    offsets = common.schedule(args.rate, args.duration, args.seed, args.arrivals, args.scv)
    n = len(offsets)
    payload = os.urandom(common.request_bytes(args.dtype))
    sock = socket.create_connection((args.host, args.port), timeout=30)
    sock.settimeout(None)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    send_start, send_end = [0] * n, [0] * n
    server = [(0, 0, 0)] * n
    done = [0] * n
    t0 = common.now_ns() + 200_000_000
    finished = threading.Event()
    received = [0]

    def receiver():
        header = bytearray(common.RESPONSE_HEADER.size)
        body = bytearray(common.RESULT_BYTES)
        try:
            while received[0] < n:
                if common.recv_exact(sock, len(header), header) is None:
                    break
                rid, length, recv_ns, start_ns, end_ns = common.RESPONSE_HEADER.unpack(header)
                if length > len(body):
                    body = bytearray(length)
                common.recv_exact(sock, length, body)
                done[rid] = common.now_ns()
                server[rid] = (recv_ns, start_ns, end_ns)
                received[0] += 1
        except OSError:
            pass
        finished.set()

    rx = threading.Thread(target=receiver, daemon=True)
    rx.start()
    for i, off in enumerate(offsets):
        common.sleep_until(t0 + int(off * 1e9))
        send_start[i] = common.now_ns()
        sock.sendall(common.REQUEST_HEADER.pack(i, len(payload)) + payload)
        send_end[i] = common.now_ns()
    finished.wait(timeout=max(0.0, (t0 + args.duration * 1e9 - common.now_ns()) * 1e-9) + args.drain_timeout)
    try:
        sock.sendall(common.REQUEST_HEADER.pack(common.STOP_ID, 0))
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass
    time.sleep(0.05)
    sock.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)

    def us(t):
        return round((t - t0) / 1000) if t else None

    out = {"t0_ns": t0, "requests": n, "completed": received[0],
           "request_bytes": len(payload), "result_bytes": common.RESULT_BYTES,
           "arrival_us": [round(o * 1e6) for o in offsets],
           "send_start_us": [us(t) for t in send_start], "send_end_us": [us(t) for t in send_end],
           "server_received_us": [us(s[0]) for s in server], "service_start_us": [us(s[1]) for s in server],
           "service_end_us": [us(s[2]) for s in server], "done_us": [us(t) for t in done],
           "cpu_seconds": usage.ru_utime + usage.ru_stime}
    with open(args.out, "w") as f:
        json.dump(out, f)
    print(f"client: {received[0]} of {n} responses", flush=True)
    return 0 if received[0] == n else 3


if __name__ == "__main__":
    sys.exit(main())
