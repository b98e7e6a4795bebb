#!/usr/bin/env python3
"""A zpm client in Python's standard library: JSON-RPC 2.0 over TCP, one JSON text per line.

    examples/scripts/zpm_client.py status
    examples/scripts/zpm_client.py resize '{"app": "ticker", "size": 3}'
    examples/scripts/zpm_client.py --events            # print lifecycle events until Ctrl-C

Token: $ZPM_TOKEN, else $ZPM_TOKEN_FILE, else the agent's default token file.
"""
import json
import os
import socket
import sys


class ZpmClient:
    def __init__(self, host="127.0.0.1", port=7700, token=None):
        self.sock = socket.create_connection((host, port), timeout=130)
        self.reader = self.sock.makefile("r", encoding="utf-8")
        self.next_id = 0
        self.pending_notifications = []
        if token:
            self.call("auth", {"token": token})

    def call(self, method, params=None):
        self.next_id += 1
        request = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            request["params"] = params
        self.sock.sendall((json.dumps(request) + "\n").encode("utf-8"))
        while True:
            message = json.loads(self.reader.readline())
            if "id" not in message:            # a notification that arrived meanwhile
                self.pending_notifications.append(message)
                continue
            if message.get("id") != self.next_id:
                continue
            if "error" in message:
                raise RuntimeError("%(code)s %(message)s" % message["error"])
            return message["result"]

    def notifications(self):
        while self.pending_notifications:
            yield self.pending_notifications.pop(0)
        for line in self.reader:
            yield json.loads(line)


def default_token():
    if os.environ.get("ZPM_TOKEN"):
        return os.environ["ZPM_TOKEN"]
    state = os.environ.get("XDG_STATE_HOME", os.path.expanduser("~/.local/state"))
    path = os.environ.get("ZPM_TOKEN_FILE", os.path.join(state, "zpm", "token"))
    with open(path, encoding="utf-8") as f:
        return f.read().strip()


def main(argv):
    host = os.environ.get("ZPM_HOST", "127.0.0.1")
    port = int(os.environ.get("ZPM_PORT", "7700"))
    client = ZpmClient(host, port, default_token())
    if argv[:1] == ["--events"]:
        client.call("events.subscribe", {})
        for note in client.notifications():
            if note.get("method") == "event":
                event = note["params"]["event"]
                worker = event.get("worker") or {}
                print(event["seq"], event["type"], event.get("app", ""), worker.get("id", ""), flush=True)
        return 0
    method = argv[0] if argv else "status"
    params = json.loads(argv[1]) if len(argv) > 1 else None
    print(json.dumps(client.call(method, params), indent=2))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
    except (OSError, RuntimeError) as e:
        print("zpm_client: %s" % e, file=sys.stderr)
        sys.exit(1)
