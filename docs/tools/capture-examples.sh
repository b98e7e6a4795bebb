#!/usr/bin/env bash
# Regenerates docs/protocol.md with exchanges captured from a running agent.
#
#   mvn -B -q -o package -DskipTests -DskipITs                    # from the repo root: build first (jars in */target)
#   docs/tools/capture-examples.sh [OUT]                          # OUT defaults to docs/protocol.md
#
# It starts bin/zpm-agent on 127.0.0.1 with free ports, a temporary state directory and a small
# config (apps web, jobs, fragile), drives it with docs/tools/capture_examples.py (Python 3
# standard library, plus curl), which renders docs/tools/protocol.md.in into OUT, and quits the
# agent with agent.quit. Every wait is bounded; on any exit the agent is ended by its pid.
# Needs: java 17+, python3, curl. Takes about a minute.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-$root/docs/protocol.md}

for tool in python3 curl java; do
  command -v "$tool" >/dev/null || { echo "capture-examples: $tool is needed" >&2; exit 1; }
done
if [ ! -f "$root/agent/target/zpm-agent.jar" ]; then
  echo "capture-examples: build first: (cd $root && mvn -B -q -o install -DskipTests -DskipITs)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/zpm-protocol-doc.XXXXXX")
agent_pid=""
cleanup() {
  local rc=$?
  if [ -n "$agent_pid" ] && kill -0 "$agent_pid" 2>/dev/null; then
    kill -TERM "$agent_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$agent_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$agent_pid" 2>/dev/null || true
  fi
  if [ $rc -ne 0 ]; then
    echo "capture-examples: failed (exit $rc); agent log kept in $work/agent.log" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
rpc_port=$(free_port)
http_port=$(free_port)
web_port=$(free_port)

# ---- the workers and the config

cat >"$work/web.py" <<'EOF'
# An HTTP worker: several of them share one port (SO_REUSEPORT); HUP and USR1 are logged.
import http.server, os, signal, socket, sys
wid, slot, port = os.environ["ZPM_WORKER_ID"], os.environ["ZPM_WORKER_SLOT"], int(os.environ["PORT"])
def on_signal(sig, _):
    print("worker %s: got %s" % (wid, signal.Signals(sig).name), flush=True)
    if sig == signal.SIGTERM:
        sys.exit(0)
for s in (signal.SIGHUP, signal.SIGUSR1, signal.SIGTERM):
    signal.signal(s, on_signal)
class Server(http.server.ThreadingHTTPServer):
    def server_bind(self):
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        super().server_bind()
class Hello(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = ("hello from worker %s\n" % wid).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, fmt, *args):
        print("worker %s: %s" % (wid, fmt % args), flush=True)
print("worker %s (slot %s) listening on port %d" % (wid, slot, port), flush=True)
print("worker %s: a line on stderr" % wid, file=sys.stderr, flush=True)
Server(("127.0.0.1", port), Hello).serve_forever()
EOF

cat >"$work/worker.sh" <<'EOF'
# A worker that does nothing, says so, and leaves on SIGTERM.
echo "worker $ZPM_WORKER_ID (slot $ZPM_WORKER_SLOT of $ZPM_APP) up"
trap 'echo "worker $ZPM_WORKER_ID: got HUP"' HUP
trap 'echo "worker $ZPM_WORKER_ID: got TERM"; exit 0' TERM
while :; do sleep 1 & wait $!; done
EOF

touch "$work/fragile.ready"
cat >"$work/zpm.json" <<EOF
{
  "apps": [
    {"name": "web", "command": ["python3", "web.py"], "cwd": ".", "size": 2, "port": $web_port,
     "readiness": {"type": "tcp", "timeoutMs": 10000}, "killTimeout": 3000},
    {"name": "jobs", "command": ["sh", "worker.sh"], "cwd": ".", "size": 1, "killTimeout": 3000},
    {"name": "fragile", "command": ["sh", "worker.sh"], "cwd": ".", "size": 1, "killTimeout": 3000,
     "readiness": {"type": "exec", "command": ["test", "-f", "$work/fragile.ready"],
                   "intervalMs": 200, "timeoutMs": 1500},
     "backoff": {"initialMs": 1000, "maxMs": 4000, "resetAfterMs": 5000, "burst": 0}}
  ]
}
EOF

# ---- the agent

"$root/bin/zpm-agent" --config "$work/zpm.json" --state-dir "$work/state" \
  --rpc "127.0.0.1:$rpc_port" --http "127.0.0.1:$http_port" >"$work/agent.log" 2>&1 &
agent_pid=$!

ready=""
for _ in $(seq 1 300); do     # up to 30 s
  kill -0 "$agent_pid" 2>/dev/null || { cat "$work/agent.log" >&2; exit 1; }
  if [ -s "$work/state/token" ] && python3 - "$rpc_port" "$work/state/token" <<'EOF' 2>/dev/null
import json, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
f = s.makefile("r")
tok = open(sys.argv[2]).read().strip()
s.sendall((json.dumps({"jsonrpc": "2.0", "id": 1, "method": "auth", "params": {"token": tok}}) + "\n"
           + json.dumps({"jsonrpc": "2.0", "id": 2, "method": "status"}) + "\n").encode())
f.readline()
ws = json.loads(f.readline())["result"]["workers"]
sys.exit(0 if len(ws) == 4 and all(w["state"] == "online" for w in ws) else 1)
EOF
  then ready=1; break; fi
  sleep 0.1
done
[ -n "$ready" ] || { echo "capture-examples: the agent did not come up within 30 s" >&2; exit 1; }

# ---- the capture (bounded), then wait for agent.quit to end the agent

timeout 240 python3 "$here/capture_examples.py" --rpc-port "$rpc_port" --http-port "$http_port" \
  --web-port "$web_port" --state-dir "$work/state" --work-dir "$work" \
  --template "$here/protocol.md.in" --out "$out" ${CAPTURE_DUMP:+--dump "$CAPTURE_DUMP"}

for _ in $(seq 1 200); do      # up to 20 s
  kill -0 "$agent_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$agent_pid" 2>/dev/null; then
  echo "capture-examples: the agent did not exit within 20 s of agent.quit" >&2
  exit 1
fi
wait "$agent_pid" && code=0 || code=$?
agent_pid=""
echo "capture-examples: wrote $out (agent exited with $code after agent.quit)"
