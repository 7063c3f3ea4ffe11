#!/usr/bin/env python3
"""Accept-and-close TCP listeners for the Vantage lab.

Usage: targets.py ADDRESS PORT [PORT...]

Listens on every PORT at ADDRESS, accepts each connection and closes it at
once.  The kernel completes the three-way handshake before accept(), so what a
TCP-connect probe measures does not depend on how fast this loop runs; the
loop only frees the accepted sockets.  Backlog is large so that tens of
thousands of probes per second do not overflow the accept queue.

Runs until SIGTERM/SIGINT.  lab.sh starts it with setsid and a pidfile.
"""
import selectors
import signal
import socket
import sys


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    address = argv[1]
    ports = [int(p) for p in argv[2:]]
    sel = selectors.DefaultSelector()
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((address, port))
        s.listen(65535)  # capped by net.core.somaxconn
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"targets: accept-and-close on {address} ports {','.join(map(str, ports))}", flush=True)
    while True:
        for key, _ in sel.select():
            lsock = key.fileobj
            # drain the accept queue
            while True:
                try:
                    conn, _ = lsock.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except OSError:
                    break
                conn.close()


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        sys.exit(0)
