#!/usr/bin/env python3
"""One-shot TCP connect probe used by lab.sh and selftest.sh.

Usage: probe.py HOST PORT [--timeout SECONDS] [--count N] [--source ADDR]

Prints one line per attempt:  <outcome> <milliseconds>
  outcome is ok | refused | timeout | error:<errno name>
Exit status is 0 when every attempt was ok, 1 otherwise.
Time is measured with time.perf_counter() around socket.connect().
"""
import argparse
import errno
import socket
import sys
import time


def probe(host, port, timeout, source):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    if source:
        s.bind((source, 0))
    t0 = time.perf_counter()
    try:
        s.connect((host, port))
        outcome = "ok"
    except ConnectionRefusedError:
        outcome = "refused"
    except socket.timeout:
        outcome = "timeout"
    except OSError as e:
        outcome = "error:" + errno.errorcode.get(e.errno, str(e.errno))
    elapsed = (time.perf_counter() - t0) * 1000.0
    s.close()
    return outcome, elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--timeout", type=float, default=3.0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--source")
    a = ap.parse_args()
    all_ok = True
    for _ in range(a.count):
        outcome, ms = probe(a.host, a.port, a.timeout, a.source)
        print(f"{outcome} {ms:.1f}", flush=True)
        all_ok &= outcome == "ok"
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
