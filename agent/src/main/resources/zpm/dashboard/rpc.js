// JSON-RPC 2.0 over the agent's WebSocket at /rpc: one JSON text per message, answers matched by
// id, notifications (no id) handed to onNotify. The token is sent in the auth call only, never in
// a URL.

export class RpcError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
    this.data = error.data;
  }
}

export class Rpc {
  constructor(onNotify, onClose) {
    this.onNotify = onNotify;
    this.onClose = onClose;
    this.nextId = 1;
    this.pending = new Map();
    this.ws = null;
  }

  /** Resolves once the socket is open; rejects when it cannot be opened. */
  open() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const ws = new WebSocket(scheme + location.host + '/rpc');
    this.ws = ws;
    return new Promise((resolve, reject) => {
      let opened = false;
      ws.onopen = () => { opened = true; resolve(); };
      ws.onmessage = m => this.received(m.data);
      ws.onclose = () => {
        this.failAll();
        if (opened) this.onClose(); else reject(new Error('the agent cannot be reached'));
      };
    });
  }

  close() {
    if (this.ws) {
      this.ws.onclose = null;
      this.ws.close();
      this.ws = null;
    }
    this.failAll();
  }

  call(method, params) {
    const id = this.nextId++;
    const msg = { jsonrpc: '2.0', id, method };
    if (params !== undefined) msg.params = params;
    return new Promise((resolve, reject) => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) {
        reject(new Error('not connected to the agent'));
        return;
      }
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify(msg));
    });
  }

  received(text) {
    let msg;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (msg.id === undefined || msg.id === null) {
      if (msg.method) this.onNotify(msg.method, msg.params || {});
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.error) p.reject(new RpcError(msg.error)); else p.resolve(msg.result);
  }

  failAll() {
    for (const p of this.pending.values()) p.reject(new Error('the connection to the agent closed'));
    this.pending.clear();
  }
}
