#!/usr/bin/env python3
"""get_n.py PORT PATH N [CONNS]: exactly N GETs of PATH, as wrk sends them
(a request line and Host, keep-alive), spread over CONNS connections taken
in turn, each answer read whole by its Content-Length.  Exit 1 unless every
answer is a 200.  instructions.sh counts the server's instructions for them."""
import socket
import sys


def read_answer(sock, buf):
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("get_n: connection closed mid-answer")
        buf += chunk
    head, rest = buf.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise SystemExit("get_n: connection closed mid-body")
        rest += chunk
    return status, rest[length:]


def main():
    port, path, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    conns = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    req = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    socks = [socket.create_connection(("127.0.0.1", port), timeout=120) for _ in range(conns)]
    bufs = [b""] * conns
    for i in range(n):
        k = i % conns
        socks[k].sendall(req)
        status, bufs[k] = read_answer(socks[k], bufs[k])
        if status != 200:
            raise SystemExit(f"get_n: request {i} answered {status}")
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
