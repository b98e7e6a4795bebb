#!/usr/bin/env python3
"""An HTTP worker for zpm in plain Python (standard library only).

Every worker of the app binds the same $PORT with SO_REUSEPORT; on SIGTERM it closes its
listener at once, answers the requests already on their way with "Connection: close", and
exits once its connections are done. Run under the agent (examples/cluster.yaml has it):

    apps:
      - name: pyhello
        command: [python3, workers/hello_worker.py]
        cwd: .
        size: 2
        port: 8090
        readiness: {type: tcp}
"""
import os
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

IDLE_CLOSE_S = 0.5  # after SIGTERM, a keep-alive connection idle this long is closed


class ReusePortServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() then waits for every connection's thread
    block_on_close = True
    request_queue_size = 128

    def server_bind(self):
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client went away mid-response: nothing to report
        super().handle_error(request, client_address)


stopping = threading.Event()


class Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stall

    def do_GET(self):
        worker = os.environ.get("ZPM_WORKER_ID", "-")
        body = f"hello from python worker {worker} (pid {os.getpid()})\n".encode()
        if self.path == "/health":
            body = b"ok"
        elif self.path != "/":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if stopping.is_set():
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def handle_one_request(self):
        # Between requests, wake up every IDLE_CLOSE_S: once stopping, a connection that has
        # been idle that long is closed; one whose next request is arriving is answered first.
        while True:
            self.connection.settimeout(IDLE_CLOSE_S)
            try:
                if not self.rfile.peek(1):
                    self.close_connection = True
                    return
                break
            except socket.timeout:
                if stopping.is_set():
                    self.close_connection = True
                    return
            except OSError:  # the client reset the connection: nothing to answer
                self.close_connection = True
                return
        self.connection.settimeout(None)
        super().handle_one_request()

    def log_message(self, fmt, *args):
        pass  # one line per request would flood the agent's log


def main():
    port = int(os.environ.get("PORT", "8090"))
    server = ReusePortServer(("", port), Hello)

    def on_term(signum, frame):
        stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()  # ends serve_forever

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    print(f"python worker {os.environ.get('ZPM_WORKER_ID', '-')} listening on port {port}", flush=True)
    server.serve_forever(poll_interval=0.05)
    server.server_close()  # closes the listener, then waits for the connections in flight
    print("stopped", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
