#!/usr/bin/python3
"""Testbed inference server: one torchvision model (random weights) on one pinned core, one inference at a time
(FCFS), over TCP with the length-prefixed protocol of common.py. Serves one connection after another until
SIGTERM/SIGINT. Prints "READY <port>" on stdout once the model is warm and the socket listens.

    ip netns exec tb_srv /usr/bin/python3 benchmarks/testbed/server.py --model resnet18 --cpu 1 --port 7070

A reader thread receives requests into a FIFO (stamping the time each request's last byte arrived); the
inference thread serves them one at a time and writes each response (its id, the three server timestamps and
the logits' bytes). Both threads share the pinned core, as a NIC's interrupts and a server's network stack
would.
"""
import argparse
import os
import queue
import signal
import socket
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

common.ensure_malloc_env()


def serve_connection(conn, engine):
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    fifo = queue.Queue()

    def reader():
        header = bytearray(common.REQUEST_HEADER.size)
        try:
            while True:
                if common.recv_exact(conn, len(header), header) is None:
                    break
                rid, n = common.REQUEST_HEADER.unpack(header)
                if rid == common.STOP_ID:
                    break
                payload = common.recv_exact(conn, n) if n else bytearray()
                fifo.put((rid, payload, common.now_ns()))
        except (ConnectionError, OSError):
            pass
        fifo.put(None)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    served = 0
    while True:
        item = fifo.get()
        if item is None:
            break
        rid, payload, received = item
        start = common.now_ns()
        logits = engine.infer(payload)
        end = common.now_ns()
        try:
            conn.sendall(common.RESPONSE_HEADER.pack(rid, len(logits), received, start, end) + logits)
        except OSError:
            break
        served += 1
    t.join(timeout=5)
    conn.close()
    return served


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    common.add_engine_arguments(ap, cpu_default=1)  # --cpu -1: no pinning
    ap.add_argument("--host", default="0.0.0.0")
    ap.add_argument("--port", type=int, default=7070)
    args = ap.parse_args()
    _, engine, _ = common.pinned_engine(args, warmup=5)  # pinned first: torch's thread pool inherits the affinity

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.host, args.port))
    srv.listen(4)
    print(f"READY {args.port}", flush=True)
    try:
        while True:
            conn, _ = srv.accept()
            served = serve_connection(conn, engine)
            print(f"served {served}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        srv.close()


if __name__ == "__main__":
    main()
