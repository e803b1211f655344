#!/usr/bin/env python3
"""A local mock of the Hugging Face Hub for benchmarks: answers model info and config.json for
any org/name, after a fixed delay, on 127.0.0.1 only. Counts requests (GET /__count).

  python3 mock_hub.py PORT_FILE [--delay-ms 50] [--fail-rate 0.0] [--seed 1]

Writes the chosen port to PORT_FILE and serves until killed. With --fail-rate, that share of
responses fail at random: a connection reset, a 500, a 429 with Retry-After: 1, a stall past
the client's timeout (12 s), or a garbage body.
"""
import json
import random
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SHA = "0123456789abcdef0123456789abcdef01234567"
CONFIG = {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "hidden_size": 4096,
          "intermediate_size": 11008, "num_hidden_layers": 32, "num_attention_heads": 32,
          "max_position_embeddings": 4096, "vocab_size": 32000, "torch_dtype": "float16"}
lock = threading.Lock()
count = {"n": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes
    delay = 0.05
    fail_rate = 0.0
    rng = random.Random(1)

    def log_message(self, *args):
        pass

    def send_json(self, status, obj, extra=None):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/__count":
            self.send_json(200, count)
            return
        with lock:
            count["n"] += 1
            roll = Handler.rng.random()
            kind = Handler.rng.randrange(5)
        time.sleep(Handler.delay)
        if roll < Handler.fail_rate:
            if kind == 0:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.connection.close()
                return
            if kind == 1:
                self.send_json(500, {"error": "boom"})
                return
            if kind == 2:
                self.send_json(429, {"error": "slow down"}, {"Retry-After": "1"})
                return
            if kind == 3:
                time.sleep(12)
                self.send_json(503, {"error": "late"})
                return
            body = b"\x00garbage{"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) + 10))
            self.end_headers()
            self.wfile.write(body)
            self.connection.close()
            return
        parts = self.path.split("/")
        if self.path.startswith("/api/models/") and "/revision/" in self.path:
            self.send_json(200, {"id": "/".join(parts[3:5]), "sha": SHA})
        elif "/resolve/" in self.path and self.path.endswith("/config.json"):
            self.send_json(200, CONFIG, {"X-Repo-Commit": SHA})
        else:
            self.send_json(404, {"error": "not found"}, {"X-Error-Code": "EntryNotFound"})


def main():
    port_file = sys.argv[1]
    args = sys.argv[2:]
    if "--delay-ms" in args:
        Handler.delay = int(args[args.index("--delay-ms") + 1]) / 1000
    if "--fail-rate" in args:
        Handler.fail_rate = float(args[args.index("--fail-rate") + 1])
    if "--seed" in args:
        Handler.rng = random.Random(int(args[args.index("--seed") + 1]))
    class Quiet(ThreadingHTTPServer):
        def handle_error(self, request, client_address):
            pass  # clients that hang up (Ctrl-C tests, timeouts) are expected

    server = Quiet(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
