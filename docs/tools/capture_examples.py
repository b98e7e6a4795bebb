#!/usr/bin/env python3
"""Drives a running zpm agent through every method, notification and error code, records each
exchange as it happened on the wire, and renders docs/protocol.md from its template.

Started by docs/tools/capture-examples.sh, which runs the agent; not meant to be run alone:

    capture_examples.py --rpc-port P --http-port Q --state-dir DIR --work-dir DIR \
                        --template docs/tools/protocol.md.in --out docs/protocol.md

Standard library only. Every wait is bounded. Exchanges are kept per name; the template pulls
them in with a line `<!-- capture: NAME -->`. Tokens are replaced by <token> / <read-only token>
in what is written.
"""
import argparse
import base64
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time

EX = {}             # name -> list of (kind, text): kind is "→", "←", "$" (shell) or "#" (a note)
VALUES = {}         # name -> text, for `<!-- value: NAME -->` in the template
TOKENS = {}         # real token -> placeholder
SHORT = "__shortened__"


def rec(name, kind, text):
    EX.setdefault(name, []).append((kind, text))


def note(name, text):
    rec(name, "#", text)


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


# ---------------------------------------------------------------------------- connections

class Conn:
    """One NDJSON connection: a reader thread puts every line it reads, parsed, on a queue."""

    def __init__(self, port, rcvbuf=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(10)
        self.sock.connect(("127.0.0.1", port))
        self.sock.settimeout(None)
        self.lines = queue.Queue()
        self.closed = threading.Event()
        self.next_id = 0
        self.paused = threading.Event()
        self.paused.set()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buf = b""
        try:
            while True:
                self.paused.wait()
                data = self.sock.recv(65536)
                if not data:
                    break
                buf += data
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    text = line.decode("utf-8")
                    self.lines.put(text)
        except OSError:
            pass
        self.closed.set()
        self.lines.put(None)

    def send_text(self, text, ex=None, shown=None):
        if ex:
            rec(ex, "→", shown if shown is not None else text)
        self.sock.sendall(text.encode("utf-8") + b"\n")

    def request(self, method, params=None, rid=None):
        if rid is None:
            self.next_id += 1
            rid = self.next_id
        msg = {"jsonrpc": "2.0", "id": rid, "method": method}
        if params is not None:
            msg["params"] = params
        return msg

    def next_line(self, timeout):
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return ""

    def call(self, method, params=None, ex=None, timeout=30, rid=None, show_notifications=True):
        """Sends a request and returns its response; notifications read meanwhile are recorded."""
        msg = self.request(method, params, rid)
        self.send_text(compact(msg), ex)
        return self.wait_for(msg["id"], ex, timeout, show_notifications)

    def wait_for(self, rid, ex=None, timeout=30, show_notifications=True):
        deadline = time.time() + timeout
        while True:
            left = deadline - time.time()
            if left <= 0:
                raise RuntimeError("no answer to id %r within %s s" % (rid, timeout))
            text = self.next_line(left)
            if text is None:
                raise RuntimeError("connection closed while waiting for id %r" % (rid,))
            if text == "":
                continue
            obj = json.loads(text)
            is_answer = isinstance(obj, list) or "method" not in obj
            if ex and (is_answer or show_notifications):
                rec(ex, "←", text)
            if is_answer and (isinstance(obj, list) or obj.get("id") == rid):
                return obj

    def wait_all(self, rids, ex=None, timeout=30):
        """Records every answer until each of these ids was answered, in the order they come."""
        left = set(rids)
        deadline = time.time() + timeout
        while left:
            text = self.next_line(max(0.01, deadline - time.time()))
            if text is None or text == "":
                raise RuntimeError("no answer to %s within %s s" % (sorted(left), timeout))
            if ex:
                rec(ex, "←", text)
            obj = json.loads(text)
            left.discard(obj.get("id") if isinstance(obj, dict) else None)

    def drain(self, ex=None, quiet=0.6, limit=8.0, until=None):
        """Reads (and records) what arrives until nothing came for `quiet` s, or `until` matched."""
        got = []
        deadline = time.time() + limit
        while time.time() < deadline:
            text = self.next_line(min(quiet, max(0.01, deadline - time.time())))
            if text is None or text == "":
                if text is None or until is None:
                    break
                continue
            if ex:
                rec(ex, "←", text)
            obj = json.loads(text)
            got.append(obj)
            if until and until(obj):
                break
        return got

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class EventLog:
    """A connection subscribed to every event; keeps each notification with its raw text."""

    def __init__(self, port, token):
        self.conn = Conn(port)
        self.conn.call("auth", {"token": token})
        self.sub = self.conn.call("events.subscribe", {})["result"]["subscription"]
        self.items = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._collect, daemon=True)
        self.thread.start()

    def _collect(self):
        while True:
            text = self.conn.lines.get()
            if text is None:
                return
            obj = json.loads(text)
            with self.lock:
                self.items.append((text, obj))

    def events(self):
        with self.lock:
            return [(t, o["params"]["event"]) for t, o in self.items if o.get("method") == "event"]

    def wait(self, pred, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for t, e in self.events():
                if pred(e):
                    return t, e
            time.sleep(0.05)
        raise RuntimeError("expected event did not come within %s s" % timeout)

    def last_seq(self):
        ev = self.events()
        return ev[-1][1]["seq"] if ev else 0


# ---------------------------------------------------------------------------- websocket (RFC 6455, minimal)

class WebSocket:
    def __init__(self, port, path="/rpc"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.handshake = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (path, port, key))
        self.sock.sendall(self.handshake.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("websocket handshake: connection closed")
            head += chunk
        self.status = head.split(b"\r\n", 1)[0].decode()
        if " 101 " not in self.status + " ":
            raise RuntimeError("websocket handshake refused: " + self.status)

    def send(self, text):
        payload = text.encode("utf-8")
        mask = os.urandom(4)
        n = len(payload)
        if n < 126:
            header = bytes([0x81, 0x80 | n])
        elif n < 65536:
            header = bytes([0x81, 0x80 | 126]) + n.to_bytes(2, "big")
        else:
            header = bytes([0x81, 0x80 | 127]) + n.to_bytes(8, "big")
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise RuntimeError("websocket closed")
            out += chunk
        return out

    def recv(self):
        while True:
            b0, b1 = self._exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(self._exact(2), "big")
            elif n == 127:
                n = int.from_bytes(self._exact(8), "big")
            data = self._exact(n)
            if b0 & 0x0F == 0x1:
                return data.decode("utf-8")
            if b0 & 0x0F == 0x8:
                raise RuntimeError("websocket closed by the agent")

    def close(self):
        self.sock.close()


# ---------------------------------------------------------------------------- shell (curl)

def shell(ex, shown, argv, timeout=15):
    """Runs a command (curl), records the command as shown and its output."""
    rec(ex, "$", shown)
    try:
        out = subprocess.run(argv, capture_output=True, timeout=timeout).stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout or b""
    text = out.decode("utf-8", "replace").replace("\r\n", "\n").rstrip("\n")
    rec(ex, "=", text)
    return text


def shown_cmd(argv, names):
    """The command as a person would type it: secrets and addresses as shell variables, quoted."""
    out = []
    for arg in argv:
        for real, name in names.items():
            arg = arg.replace(real, name)
        if "$" in arg:
            arg = '"%s"' % arg.replace('"', '\\"')
        elif not re.fullmatch(r"[\w@%+=:,./-]+", arg):
            arg = "'%s'" % arg
        out.append(arg)
    line = " ".join(out)
    if len(line) > 96:
        line = " ".join(out[:-1]) + " \\\n    " + out[-1]
    return line


# ---------------------------------------------------------------------------- rendering

def pretty(obj, indent=0, width=100):
    """JSON on one line when it fits in `width`; else one member per line, short members packed
    together on a line, two spaces a level. Keys keep their order; values are unchanged."""
    one = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    if len(one) + indent <= width or not isinstance(obj, (dict, list)) or not obj:
        return one
    pad = " " * (indent + 2)
    if isinstance(obj, dict):
        items = ["%s: %s" % (json.dumps(k, ensure_ascii=False), pretty(v, indent + 2 + len(json.dumps(k)) + 2, width))
                 for k, v in obj.items()]
        items = [i if "\n" not in i else
                 "%s: %s" % (json.dumps(k, ensure_ascii=False), pretty(v, indent + 2, width))
                 for i, (k, v) in zip(items, obj.items())]
        opening, closing = "{", "}"
    else:
        items = [pretty(v, indent + 2, width) for v in obj]
        opening, closing = "[", "]"
    lines, line = [], ""
    for item in items:
        if "\n" in item:
            if line:
                lines.append(line)
            lines.append(pad + item)
            line = ""
        elif not line:
            line = pad + item
        elif len(line) + 2 + len(item) + 1 <= width:
            line += ", " + item
        else:
            lines.append(line)
            line = pad + item
    if line:
        lines.append(line)
    # every line but the last ends with a comma
    body = []
    for i, l in enumerate(lines):
        body.append(l + ("," if i < len(lines) - 1 else ""))
    return opening + "\n" + "\n".join(body) + "\n" + " " * indent + closing


def show_json(text, width=100):
    """The wire text when it fits one line; else the same JSON, indented (values unchanged)."""
    if len(text) <= width:
        return text
    try:
        obj = json.loads(text)
    except ValueError:
        return text
    out = pretty(obj, 0, width - 4)
    return re.sub(r'"%s:([^"]*)"' % SHORT, lambda m: "… " + m.group(1), out)


def mask(text):
    for real, placeholder in TOKENS.items():
        text = text.replace(real, placeholder)
    return text


def render_block(name):
    if name not in EX:
        raise KeyError("no capture named " + name)
    lines = []
    for kind, text in EX[name]:
        text = mask(text)
        if kind in ("→", "←"):
            body = show_json(text) if not text.startswith(SHORT) else text[len(SHORT):]
            body = body.replace("\n", "\n  ")
            lines.append(kind + " " + body)
        elif kind == "$":
            lines.append("$ " + text)
        elif kind == "=":
            lines.append(text)
        else:
            lines.append("# " + text)
    return "```\n" + "\n".join(lines) + "\n```"


def render(template, out):
    with open(template, encoding="utf-8") as f:
        src = f.read()
    missing = []

    def block(m):
        try:
            return render_block(m.group(1))
        except KeyError:
            missing.append(m.group(1))
            return "```\n(capture %s missing)\n```" % m.group(1)

    def value(m):
        if m.group(1) not in VALUES:
            missing.append(m.group(1))
            return "?"
        return mask(str(VALUES[m.group(1)]))

    src = re.sub(r"\A<!--.*?-->\n", "", src, flags=re.S)  # the template's own header comment
    doc = re.sub(r"^<!-- capture: ([\w.-]+) -->$", block, src, flags=re.M)
    doc = re.sub(r"<!-- value: ([\w.-]+) -->", value, doc)
    header = ("<!-- Generated by docs/tools/capture-examples.sh from docs/tools/protocol.md.in: every\n"
              "     exchange below was captured from a running agent. Edit the template, then regenerate. -->\n\n")
    with open(out, "w", encoding="utf-8") as f:
        f.write(header + doc)
    unused = sorted(set(EX) - set(re.findall(r"^<!-- capture: ([\w.-]+) -->$", src, flags=re.M)))
    return missing, unused


# ---------------------------------------------------------------------------- the session

def shortened(obj_text, keep, what):
    """A result whose longest array is cut to `keep` items, with a visible marker."""
    obj = json.loads(obj_text)

    def cut(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if isinstance(v, list) and len(v) > keep:
                    node[k] = v[:keep] + ["%s:(%d more %s, shortened)" % (SHORT, len(v) - keep, what)]
                    return True
                if cut(v):
                    return True
        return False

    cut(obj)
    return obj


def session(a):
    rpc, http = a.rpc_port, a.http_port
    addr = "127.0.0.1:%d" % http
    token = open(os.path.join(a.state_dir, "token"), encoding="utf-8").read().strip()
    ro_token = open(os.path.join(a.state_dir, "token.readonly"), encoding="utf-8").read().strip()
    TOKENS[token] = "<token>"
    TOKENS[ro_token] = "<read-only token>"
    work = a.work_dir

    # Opened first, authenticates never: the agent closes it after its auth timeout (10 s).
    idle = Conn(rpc)
    idle_opened = time.time()

    events = EventLog(rpc, token)

    # ---- auth
    c = Conn(rpc)
    c.call("status", None, ex="unauthenticated")
    c.call("auth", {"token": "0123456789abcdef"}, ex="auth-bad")
    c.call("auth", {"token": token}, ex="auth")
    ro = Conn(rpc)
    ro.call("auth", {"token": ro_token}, ex="auth-readonly")
    ro.call("status", {"target": "jobs"}, ex="auth-readonly")
    ro.call("restart", {"target": "jobs"}, ex="err-32003")

    # ---- read-only methods
    c.call("agent.info", None, ex="agent.info")
    time.sleep(0.3)
    msg = c.request("status")
    c.send_text(compact(msg), ex="status")
    text = c.next_line(15)
    rec("status", "←", SHORT + show_json(compact(shortened(text, 2, "workers")), 100))
    status = c.call("status", {"target": "web"})
    web_ids = [w["id"] for w in status["result"]["workers"]]
    jobs_id = c.call("status", {"target": "jobs"})["result"]["workers"][0]["id"]
    c.call("status", {"target": web_ids[0]}, ex="target-id")
    c.call("connections", {"target": [web_ids[0], jobs_id]}, ex="target-ids")
    # An open HTTP connection to a web worker, so `connections` has one to count.
    held = socket.create_connection(("127.0.0.1", a.web_port))
    held.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    held.recv(4096)
    # status and connections answer from a sample up to ~2.5 s old: wait until it shows the connection
    deadline = time.time() + 15
    while time.time() < deadline:
        time.sleep(1)
        if c.call("connections", {"target": "web"})["result"]["total"] >= 1:
            break
    c.call("connections", {"target": "web"}, ex="connections")
    held.close()

    # ---- a subscription filtered to one app while it grows and shrinks
    sub = Conn(rpc)
    sub.call("auth", {"token": token})
    r = sub.call("events.subscribe", {"types": ["resize", "fork", "online", "disconnect", "exit"], "app": "web"},
                 ex="events.subscribe")
    sub_id = r["result"]["subscription"]
    c.call("add", {"app": "web", "n": 1}, ex="add")
    sub.drain(ex="events.subscribe", quiet=0.8)
    c.call("sub", {"app": "web", "n": 1}, ex="sub")
    sub.drain(ex="events.subscribe", quiet=0.8)
    sub.call("events.unsubscribe", {"subscription": sub_id}, ex="events.unsubscribe")
    sub.call("events.unsubscribe", {"subscription": sub_id}, ex="events.unsubscribe-again")
    sub.close()

    c.call("resize", {"app": "web", "size": 3}, ex="resize")
    c.call("resize", {"app": "web", "size": 2})

    # ---- rolling restart (and the restart events); a second restart waits for the first
    c.call("restart", {"target": "web"}, ex="restart")
    first, second = c.request("restart", {"target": "web"}), c.request("restart", {"target": "jobs"})
    c.send_text(compact(first), ex="restart-queued")
    c.send_text(compact(second), ex="restart-queued")
    c.wait_all([first["id"], second["id"]], ex="restart-queued")

    # ---- signals and logs
    c.call("signal", {"signal": "HUP", "target": "web"}, ex="signal")
    time.sleep(0.5)
    c.call("logs", {"target": "web", "lines": 6}, ex="logs")
    follow = Conn(rpc)
    follow.call("auth", {"token": token})
    r = follow.call("logs", {"target": "web", "lines": 1, "follow": True}, ex="logs-follow")
    c.call("signal", {"signal": "USR1", "target": "web"})
    follow.drain(ex="logs-follow", quiet=0.8)
    follow.call("events.unsubscribe", {"subscription": r["result"]["subscription"]}, ex="logs-follow")
    follow.close()

    # ---- shutdown and restart of one worker; terminate of an app
    jobs_id = c.call("status", {"target": "jobs"})["result"]["workers"][0]["id"]
    c.call("shutdown", {"target": jobs_id}, ex="shutdown")
    c.call("status", {"target": "jobs"}, ex="shutdown")
    c.call("restart", {"target": jobs_id}, ex="restart-id")
    c.call("terminate", {"target": "jobs"}, ex="terminate")
    c.call("restart", {"target": "jobs"})

    # ---- apps
    extra = {"name": "extra", "command": ["sh", "worker.sh"], "cwd": work, "size": 1, "killTimeout": 2000}
    c.call("apps.start", {"app": extra}, ex="apps.start")
    c.call("apps.start", {"app": extra}, ex="err-32012")
    c.call("apps.start", {"app": {"name": "bad", "command": [], "size": "many", "colour": "red"}},
           ex="apps.start-invalid")
    c.call("apps.stop", {"app": "extra"}, ex="apps.stop")
    c.call("apps.delete", {"app": "extra"}, ex="apps.delete")
    c.call("apps.save", ex="apps.save")
    c.call("apps.resurrect", ex="apps.resurrect")
    # apps.list after the others, so it lists the apps of the config file
    msg = c.request("apps.list")
    c.send_text(compact(msg), ex="apps.list")
    while True:
        text = c.next_line(15)
        if text and json.loads(text).get("id") == msg["id"]:
            break
    rec("apps.list", "←", SHORT + show_json(compact(shortened(text, 1, "apps")), 100))

    # ---- a command that cannot be started: the worker is fatal at once; the call still succeeds
    ghost = {"name": "ghost", "command": ["/no/such/program"], "size": 1}
    c.call("apps.start", {"app": ghost}, ex="spawn-failed")
    c.call("status", {"target": "ghost"}, ex="spawn-failed")
    c.call("apps.delete", {"app": "ghost"})

    # ---- a crash loop: exit, danger, backoff, fatal
    crashy = {"name": "crashy", "command": ["sh", "-c", "echo starting; exit 3"], "size": 1,
              "minRestartAgeMs": 2000, "backoff": {"initialMs": 100, "maxMs": 400, "resetAfterMs": 5000}}
    c.call("apps.start", {"app": crashy})
    events.wait(lambda e: e["type"] == "fatal" and e.get("app") == "crashy")
    c.call("status", {"target": "crashy"}, ex="status-fatal")
    c.call("apps.delete", {"app": "crashy"})

    # ---- long operations: -32014 (timeout) and -32015 (failed restart)
    os.remove(os.path.join(work, "fragile.ready"))
    c.call("resize", {"app": "fragile", "size": 2, "timeout": 1}, ex="err-32014")
    events.wait(lambda e: e["type"] == "backoff" and e.get("app") == "fragile")
    c.call("status", {"target": "fragile"}, ex="err-32014-after")
    c.call("resize", {"app": "fragile", "size": 1}, ex="err-32014-after")
    c.call("restart", {"target": "fragile"}, ex="err-32015")
    c.call("status", {"target": "fragile"}, ex="err-32015")

    # ---- protocol errors
    c.send_text('{"jsonrpc": "2.0", "id": 1, "method": "status"', ex="err-32700")
    c.drain(ex="err-32700")
    c.send_text('{"jsonrpc": "2.0", "id": 2, "params": {}}', ex="err-32600")
    c.drain(ex="err-32600")
    c.send_text('{"id": 3, "method": "status"}', ex="err-32600")
    c.drain(ex="err-32600")
    c.send_text('{"jsonrpc": "2.0", "id": [4], "method": "status"}', ex="err-32600")
    c.drain(ex="err-32600")
    c.call("statuz", None, ex="err-32601")
    c.call("resize", {"app": "web", "size": -1}, ex="err-32602")
    c.call("status", {"target": "web", "verbose": True}, ex="err-32602")
    c.call("status", {"target": "nope"}, ex="err-32010")
    c.call("restart", {"target": [web_ids[0], 999]}, ex="err-32011")
    big = [c.request("status") for _ in range(101)]
    c.send_text(compact(big), ex="err-32004-batch",
                shown=SHORT + compact(big[:1])[:-1] + ", … (101 requests, shortened)]")
    c.drain(ex="err-32004-batch")
    pad = "x" * (1024 * 1024 + 10)
    line = compact({"jsonrpc": "2.0", "id": 9, "method": "status", "params": {"pad": pad}})
    c.send_text(line, ex="err-32004-line",
                shown=SHORT + line[:70] + "…\"}}  (%d bytes, shortened)" % len(line.encode()))
    c.drain(ex="err-32004-line")
    c.call("status", {"target": "jobs"}, ex="err-32004-line")

    # ---- answers come when ready: a quick call overtakes a slow one
    slow_call, quick = c.request("restart", {"target": "web"}), c.request("status", {"target": "jobs"})
    c.send_text(compact(slow_call), ex="out-of-order")
    c.send_text(compact(quick), ex="out-of-order")
    c.wait_all([slow_call["id"], quick["id"]], ex="out-of-order")

    # ---- a batch, and a notification (no answer)
    batch = [c.request("status", {"target": "jobs"}), c.request("apps.stop", {"app": "nope"}),
             {"jsonrpc": "2.0", "method": "signal", "params": {"signal": "HUP", "target": "web"}},
             c.request("agent.info")]
    c.send_text(compact(batch), ex="batch")
    c.drain(ex="batch")
    c.send_text(compact({"jsonrpc": "2.0", "method": "signal", "params": {"signal": "HUP", "target": "jobs"}}),
                ex="notification")
    c.call("status", {"target": "jobs"}, ex="notification")

    # ---- websocket
    ws = WebSocket(http)
    rec("websocket", "#", "GET /rpc, Upgrade: websocket → " + ws.status)
    for m in [{"jsonrpc": "2.0", "id": 1, "method": "auth", "params": {"token": token}},
              {"jsonrpc": "2.0", "id": 2, "method": "status", "params": {"target": "jobs"}}]:
        rec("websocket", "→", compact(m))
        ws.send(compact(m))
        rec("websocket", "←", ws.recv())
    ws.close()

    # ---- HTTP POST /rpc with curl
    def curl(ex, *args, timeout=15):
        argv = ["curl", "-sS"] + list(args)
        shell(ex, shown_cmd(argv, {token: "$TOKEN", ro_token: "$TOKEN_RO", addr: "$ZPM_HTTP",
                                   work + "/": ""}), argv, timeout)

    bearer = "Authorization: Bearer " + token
    body = compact({"jsonrpc": "2.0", "id": 1, "method": "status", "params": {"target": "jobs"}})
    curl("http-200", "-i", "-H", bearer, "-H", "Content-Type: application/json", "--data", body,
         "http://%s/rpc" % addr)
    curl("http-401", "-i", "--data", body, "http://%s/rpc" % addr)
    note_body = compact({"jsonrpc": "2.0", "method": "signal", "params": {"signal": "HUP", "target": "jobs"}})
    curl("http-204", "-i", "-H", bearer, "--data", note_body, "http://%s/rpc" % addr)
    curl("http-subscribe", "-H", bearer, "--data", compact({"jsonrpc": "2.0", "id": 1, "method": "events.subscribe"}),
         "http://%s/rpc" % addr)
    big_file = os.path.join(work, "big.json")
    with open(big_file, "w") as f:
        f.write(compact({"jsonrpc": "2.0", "id": 1, "method": "status", "params": {"pad": "x" * (1024 * 1024)}}))
    rec("http-413", "#", "big.json: a status request padded to %d bytes" % os.path.getsize(big_file))
    curl("http-413", "-i", "-H", bearer, "--data-binary", "@" + big_file, "http://%s/rpc" % addr)

    # ---- SSE: a live stream while web restarts, then a resume with Last-Event-ID
    before = events.last_seq()
    VALUES["sse-resume-id"] = str(before)
    sse_cmd = ["curl", "-sS", "-N", "--max-time", "5", "-H", bearer,
               "http://%s/events?type=fork,online,exit&app=web" % addr]
    rec("sse", "$", shown_cmd(sse_cmd, {token: "$TOKEN", addr: "$ZPM_HTTP"}))
    rec("sse", "#", "meanwhile, on another connection: restart {\"target\": \"web\"}")
    proc = subprocess.Popen(sse_cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    time.sleep(0.8)
    c.call("restart", {"target": "web"})
    out, _ = proc.communicate(timeout=15)
    rec("sse", "=", out.decode().rstrip("\n") + "\n(curl stops after --max-time 5)")
    curl("sse-resume", "-N", "--max-time", "1", "-H", bearer, "-H", "Last-Event-ID: %d" % before,
         "http://%s/events?type=restart" % addr)
    _, failed = events.wait(lambda e: e["type"] == "restart" and e.get("phase") == "failed")
    curl("sse-token", "-N", "--max-time", "1",
         "http://%s/events?token=%s&type=restart&lastEventId=%d" % (addr, ro_token, failed["seq"] - 1))
    curl("sse-401", "-i", "--max-time", "2", "http://%s/events" % addr)
    curl("sse-400", "-i", "--max-time", "2", "-H", bearer, "http://%s/events?type=boom" % addr)

    # ---- events.dropped: a log follower that does not read while a worker floods its output
    slow = Conn(rpc, rcvbuf=4096)
    slow.call("auth", {"token": token})
    flood = {"name": "flood", "command": ["sh", "-c", "sleep 1; seq 1 100000; exec sleep 100000"], "size": 1}
    c.call("apps.start", {"app": flood})
    r = slow.call("logs", {"target": "flood", "lines": 0, "follow": True}, ex="dropped")
    slow.paused.clear()                     # stop reading: the socket buffers fill, then the queue
    time.sleep(6)
    slow.paused.set()
    got = []
    deadline = time.time() + 60
    while time.time() < deadline:
        text = slow.next_line(2)
        if text is None or text == "":
            break
        obj = json.loads(text)
        got.append((text, obj))
        if obj.get("method") == "events.dropped":
            # the notification before and the one after, for context
            for t2 in range(1):
                nxt = slow.next_line(2)
                if nxt:
                    got.append((nxt, json.loads(nxt)))
            break
    drops = [i for i, (_, o) in enumerate(got) if o.get("method") == "events.dropped"]
    if drops:
        i = drops[0]
        rec("dropped", "#", "the client stops reading while the worker prints 100000 lines; then it reads again:")
        rec("dropped", "#", "… %d log notifications, not shown" % i)
        rec("dropped", "←", got[i][0])
        rec("dropped", "#", "… more log notifications (and events.dropped), not shown")
    else:
        rec("dropped", "#", "(no events.dropped seen this run)")
    slow.close()
    c.call("apps.delete", {"app": "flood"})

    # ---- the unauthenticated connection is closed after 10 s
    left = 12 - (time.time() - idle_opened)
    rec("auth-timeout", "#", "connect, then send nothing")
    line = idle.next_line(max(0.1, left))
    if line:
        rec("auth-timeout", "←", line)
    end = idle.next_line(3)
    rec("auth-timeout", "#", "the agent closes the connection" if end is None else "(connection still open)")

    # ---- five failed auths close the connection
    g = Conn(rpc)
    for i in range(5):
        g.call("auth", {"token": "guess-%d" % i}, ex="auth-close")
    end = g.next_line(3)
    rec("auth-close", "#", "the agent closes the connection" if end is None else "(connection still open)")
    g.close()
    t0 = time.time()
    h = Conn(rpc)
    h.call("auth", {"token": token})
    VALUES["throttle-ms"] = "%d" % ((time.time() - t0) * 1000)
    h.close()

    # ---- every event type, from the connection subscribed to everything
    seen = {}
    for text, e in events.events():
        key = e["type"]
        if key == "restart":
            key = "restart-" + e.get("phase", "")
        if key == "app":
            key = "app-" + e.get("action", "")
        if key == "danger":
            key = "danger-" + str(e.get("active"))
        if key == "disconnect" and "readiness" in str(e.get("reason")):
            key = "disconnect-readiness"
        if key == "fatal" and e.get("worker"):
            key = "fatal-worker"
        seen.setdefault(key, text)
    for key, text in seen.items():
        rec("event-" + key, "←", text)
    VALUES["event-types-seen"] = ", ".join("`%s`" % k for k in sorted({e["type"] for _, e in events.events()}))

    # ---- agent.quit, with calls racing it on another connection
    racer = Conn(rpc)
    racer.call("auth", {"token": token})
    c.call("agent.quit", None, ex="agent.quit")
    codes = {}
    n = 0
    deadline = time.time() + 10
    try:
        while time.time() < deadline and not racer.closed.is_set():
            n += 1
            racer.send_text(compact(racer.request("apps.stop", {"app": "nope"})))
            text = racer.next_line(2)
            if not text:
                break
            obj = json.loads(text)
            code = obj.get("error", {}).get("code")
            if code not in codes:
                codes[code] = text
            time.sleep(0.002)
    except OSError:
        pass
    for code, text in codes.items():
        rec("quit-race", "←", text)
    rec("quit-race", "#", "%d calls sent; connection %s" % (n, "closed by the agent" if racer.closed.wait(5) else "open"))
    VALUES["quit-race-calls"] = str(n)
    VALUES["quit-race-codes"] = ", ".join(str(k) for k in codes)
    return events


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rpc-port", type=int, required=True)
    p.add_argument("--http-port", type=int, required=True)
    p.add_argument("--web-port", type=int, required=True)
    p.add_argument("--state-dir", required=True)
    p.add_argument("--work-dir", required=True)
    p.add_argument("--template", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--dump", help="also write every capture as JSON here")
    a = p.parse_args()
    session(a)
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as f:
            json.dump({"captures": {k: [(kind, mask(t)) for kind, t in v] for k, v in EX.items()},
                       "values": VALUES}, f, indent=1, ensure_ascii=False)
    missing, unused = render(a.template, a.out)
    for m in missing:
        print("capture-examples: the template wants %s, which was not captured" % m, file=sys.stderr)
    for u in unused:
        print("capture-examples: captured but not used: %s" % u, file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
