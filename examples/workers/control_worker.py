#!/usr/bin/env python3
"""A worker that speaks zpm's control channel (ZPM_CONTROL) in plain Python.

It says hello and ready, echoes every message the agent sends (zpm-repl: send ID '{"ping": 1}')
back as a `message` event, and leaves when the agent says disconnect. Run under the agent:

    apps:
      - name: pyctl
        command: [python3, workers/control_worker.py]
        cwd: .
        readiness: {type: notify}     # online once it says {"ready": true}
"""
import json
import os
import socket
import sys


def main():
    path = os.environ.get("ZPM_CONTROL")
    if not path:
        sys.exit("no ZPM_CONTROL: start me under a zpm agent")
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect(path)

    def say(obj):
        c.sendall(json.dumps(obj).encode() + b"\n")

    say({"hello": {"id": int(os.environ["ZPM_WORKER_ID"])}})
    say({"ready": True})
    print("control worker", os.environ["ZPM_WORKER_ID"], "ready", flush=True)
    for line in c.makefile(encoding="utf-8"):
        msg = json.loads(line)
        if "message" in msg:
            say({"message": {"echo": msg["message"]}})
        elif "disconnect" in msg:
            print("asked to leave:", msg["disconnect"], flush=True)
            return
        elif "error" in msg:
            sys.exit("refused: " + msg["error"])


if __name__ == "__main__":
    main()
