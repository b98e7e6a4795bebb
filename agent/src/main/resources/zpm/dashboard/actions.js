// Actions from the page (restart, resize, stop, start, signal) and what confirms them: each one
// gets an entry listing the agent's answer and the events of its app or slot that follow it.
import { el } from './view.js';
import * as fmt from './format.js';

const LINGER_MS = 15000;
const KEEP = 20;

/** The JSON-RPC call for an action, or a message saying why there is none. */
function request(kind, app, w, extra, appInfo) {
  const target = w ? w.id : app;
  switch (kind) {
    case 'restart':
      return { method: 'restart', params: { target }, label: 'restart ' + name(app, w) };
    case 'stop':
      return w ? { method: 'shutdown', params: { target }, label: 'stop ' + name(app, w) }
        : { method: 'apps.stop', params: { app }, label: 'stop ' + name(app, w) };
    case 'start': {
      const size = appInfo && appInfo.size > 0 ? appInfo.size : Math.max(1, appInfo?.spec?.size || 1);
      return { method: 'resize', params: { app, size }, label: 'start ' + app + ' at size ' + size };
    }
    case 'resize': {
      const size = Number(extra.size);
      if (extra.size === '' || !Number.isInteger(size) || size < 0 || size > 10000) {
        return { error: 'resize ' + app + ': type the new size (a whole number from 0 to 10000) first' };
      }
      return { method: 'resize', params: { app, size }, label: 'resize ' + app + ' to ' + size };
    }
    case 'signal':
      return { method: 'signal', params: { signal: extra.signal, target },
        label: 'signal ' + extra.signal + ' to ' + name(app, w) };
    default:
      return { error: 'unknown action ' + kind };
  }
}

function name(app, w) {
  return w ? 'worker ' + w.id + ' (' + app + ' slot ' + w.slot + ')' : app;
}

/** Whether an event belongs to an action on `app`, or on worker `w`'s slot. */
function concerns(ev, app, w) {
  if (ev.app !== app && !(ev.apps && ev.apps.includes(app))) return false;
  if (!w) return true;
  if (ev.worker) return ev.worker.slot === w.slot;
  return ev.type === 'restart' && Array.isArray(ev.ids) && ev.ids.includes(w.id);
}

export class Actions {
  constructor(list, call) {
    this.list = list;
    this.call = call;
    this.active = [];
  }

  run(kind, app, w, extra, appInfo) {
    const req = request(kind, app, w, extra, appInfo);
    if (req.error) {
      this.entry(req.error, 'failed');
      return Promise.resolve();
    }
    const entry = this.entry(req.label, 'pending');
    const item = { app, w, entry, until: Infinity };
    this.active.push(item);
    entry.status.textContent = 'sent ' + req.method;
    return this.call(req.method, req.params).then(r => {
      entry.root.dataset.state = 'done';
      entry.status.textContent = '✓ ' + fmt.result(req.method, r);
    }, e => {
      entry.root.dataset.state = 'failed';
      entry.status.textContent = '✗ ' + e.message;
    }).finally(() => { item.until = Date.now() + LINGER_MS; });
  }

  /** Adds the event to every action still listening for its app or slot. */
  event(ev) {
    const now = Date.now();
    this.active = this.active.filter(a => a.until > now);
    for (const a of this.active) {
      if (concerns(ev, a.app, a.w)) {
        const text = fmt.describe(ev);
        a.entry.seen.append(el('li', { class: 'ev-' + ev.type, text: text.startsWith(ev.type) ? text : ev.type + ': ' + text }));
      }
    }
  }

  entry(label, state) {
    const status = el('span', { class: 'action-status' });
    const seen = el('ul', { class: 'action-events' });
    const root = el('li', { class: 'action-entry' }, el('span', { class: 'action-label', text: label }), status, seen);
    root.dataset.state = state;
    if (state === 'failed') status.textContent = '✗';
    this.list.prepend(root);
    while (this.list.childElementCount > KEEP) this.list.lastElementChild.remove();
    return { root, status, seen };
  }
}
