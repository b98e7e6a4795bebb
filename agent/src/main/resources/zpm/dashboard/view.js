// The DOM. Every text from the agent (app names, log lines, reasons) goes in with textContent or
// as a Text node: nothing is ever parsed as HTML (the page's Trusted Types policy would refuse it).
import * as fmt from './format.js';
import { AppCharts } from './charts.js';

/** createElement with props (class, text, on*, other attributes) and child nodes or strings. */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

const SIGNALS = ['HUP', 'USR1', 'USR2', 'INT', 'TERM', 'KILL', 'STOP', 'CONT', 'WINCH', 'QUIT'];
const COLUMNS = ['id', 'slot', 'state', 'pid', 'CPU', 'memory', 'conns', 'restarts', 'uptime', 'last exit', ''];

/** One section per app: its head with actions, its charts and its workers' table. */
class AppView {
  constructor(name, ui) {
    this.name = name;
    this.ui = ui;
    this.rows = new Map();
    this.badge = el('span', { class: 'badge' });
    this.size = el('span', { class: 'app-size' });
    this.reason = el('span', { class: 'app-reason' });
    this.charts = new AppCharts();
    this.body = el('tbody');
    const head = el('tr', {}, ...COLUMNS.map(c => el('th', { text: c })));
    this.root = el('section', { class: 'app', 'data-app': name },
      el('div', { class: 'app-head' }, el('h2', { class: 'app-name', text: name }), this.badge, this.size,
        this.appActions(), this.reason),
      this.charts.root,
      el('table', { class: 'workers' }, el('thead', {}, head), this.body));
  }

  appActions() {
    const box = el('span', { class: 'app-actions' });
    const act = this.ui.handlers.act;
    if (!this.ui.readOnly) {
      const size = el('input', { type: 'number', min: '0', max: '10000', placeholder: 'size',
        class: 'action size-input', 'aria-label': 'new size of ' + this.name });
      box.append(
        el('button', { class: 'action act-restart', text: 'restart', title: 'rolling restart',
          onclick: () => act('restart', this.name, null, {}) }),
        size,
        el('button', { class: 'action act-resize', text: 'resize',
          onclick: () => act('resize', this.name, null, { size: size.value }) }),
        el('button', { class: 'action act-stop', text: 'stop', onclick: () => act('stop', this.name, null, {}) }),
        el('button', { class: 'action act-start', text: 'start', onclick: () => act('start', this.name, null, {}) }));
    }
    box.append(el('button', { class: 'view-logs', text: 'logs',
      onclick: () => this.ui.handlers.logs(this.name, 'app ' + this.name) }));
    return box;
  }

  update(app, workers) {
    setText(this.badge, app.state);
    this.badge.className = 'badge app-state-' + app.state;
    setText(this.size, app.online + '/' + app.size + ' online');
    setText(this.reason, app.reason || '');
    workers.sort((a, b) => a.slot - b.slot || a.id - b.id);
    const seen = new Set();
    for (const w of workers) {
      seen.add(w.id);
      let row = this.rows.get(w.id);
      if (!row) {
        row = new WorkerRow(w, this.ui);
        this.rows.set(w.id, row);
      }
      row.update(w);
    }
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.root.remove();
        this.rows.delete(id);
      }
    }
    const order = workers.map(w => this.rows.get(w.id).root);
    if (order.some((r, i) => this.body.children[i] !== r)) order.forEach(r => this.body.append(r));
  }
}

/** One worker's row, its cells updated in place so that a chosen signal survives a refresh. */
class WorkerRow {
  constructor(w, ui) {
    this.cells = {};
    this.root = el('tr', { class: 'worker', 'data-id': String(w.id), 'data-slot': String(w.slot) });
    for (const c of ['id', 'slot', 'state', 'pid', 'cpu', 'mem', 'conns', 'restarts', 'uptime', 'exit']) {
      this.cells[c] = el('td', { class: 'c-' + c });
      this.root.append(this.cells[c]);
    }
    this.root.append(el('td', { class: 'c-actions' }, this.actions(w, ui)));
  }

  actions(w, ui) {
    const box = el('span');
    const act = ui.handlers.act;
    if (!ui.readOnly && !w.ghost) {
      const sig = el('select', { class: 'action signal-choice', 'aria-label': 'signal for worker ' + w.id },
        ...SIGNALS.map(s => el('option', { value: s, text: s })));
      box.append(
        el('button', { class: 'action act-restart', text: 'restart', onclick: () => act('restart', w.app, w, {}) }),
        el('button', { class: 'action act-stop', text: 'stop', onclick: () => act('stop', w.app, w, {}) }),
        sig,
        el('button', { class: 'action act-signal', text: 'signal',
          onclick: () => act('signal', w.app, w, { signal: sig.value }) }));
    }
    box.append(el('button', { class: 'view-logs', text: 'logs',
      onclick: () => ui.handlers.logs(w.id, 'worker ' + w.id + ' of ' + w.app) }));
    return box;
  }

  update(w) {
    this.root.className = 'worker state-' + w.state;
    const c = this.cells;
    setText(c.id, String(w.id));
    setText(c.slot, String(w.slot));
    setText(c.state, w.state);
    setText(c.pid, w.pid === null || w.pid === undefined ? '–' : String(w.pid));
    setText(c.cpu, fmt.percent(w.cpu));
    setText(c.mem, fmt.bytes(w.rssBytes));
    setText(c.conns, String(w.connections ?? '–'));
    setText(c.restarts, String(w.restarts ?? '–'));
    setText(c.uptime, w.pid && !w.ghost ? fmt.duration(w.uptimeMs) : '–');
    setText(c.exit, fmt.exit(w.lastExit) + (w.statusText ? ' · ' + w.statusText : ''));
    c.exit.title = w.reason || '';
  }
}

/** Every app's section, in the agent's order. */
export class AppsView {
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.readOnly = true;
    this.views = new Map();
  }

  reset(readOnly) {
    this.readOnly = readOnly;
    this.views.clear();
    this.root.replaceChildren();
  }

  render(apps, workersByApp, history) {
    const names = new Set(apps.map(a => a.name));
    for (const [name, v] of this.views) {
      if (!names.has(name)) {
        v.root.remove();
        this.views.delete(name);
      }
    }
    apps.forEach((app, i) => {
      let v = this.views.get(app.name);
      if (!v) {
        v = new AppView(app.name, this);
        this.views.set(app.name, v);
      }
      if (this.root.children[i] !== v.root) this.root.insertBefore(v.root, this.root.children[i] || null);
      v.update(app, workersByApp.get(app.name) || []);
      v.charts.update(history.of(app.name));
    });
    if (apps.length === 0 && !this.root.firstChild) {
      this.root.append(el('p', { class: 'empty', text: 'No apps yet: start one with zpm start or apps.start.' }));
    }
  }
}

/** A scrolling list that keeps at most `max` entries and follows the end unless scrolled up. */
class Scroller {
  constructor(root, max) {
    this.root = root;
    this.max = max;
  }

  add(node) {
    const atEnd = this.root.scrollTop + this.root.clientHeight >= this.root.scrollHeight - 30;
    this.root.append(node);
    while (this.root.childElementCount > this.max) this.root.firstElementChild.remove();
    if (atEnd) this.root.scrollTop = this.root.scrollHeight;
  }

  clear() {
    this.root.replaceChildren();
  }
}

export class EventLog extends Scroller {
  constructor(root) {
    super(root, 500);
  }

  event(ev) {
    const cls = 'entry ev-' + ev.type + (fmt.alarming(ev) ? ' alarm' : '');
    this.add(el('div', { class: cls, 'data-type': ev.type },
      el('span', { class: 'time', text: fmt.clock(ev.ts) }),
      el('span', { class: 'type', text: ev.type }),
      el('span', { class: 'app', text: ev.app || (ev.apps ? ev.apps.join(',') : '') }),
      el('span', { class: 'text', text: fmt.describe(ev) })));
  }

  note(text, cls) {
    this.add(el('div', { class: 'entry note ' + (cls || '') },
      el('span', { class: 'time', text: fmt.clock() }), el('span', { class: 'text', text })));
  }
}

export class LogTail extends Scroller {
  constructor(root, title) {
    super(root, 1000);
    this.title = title;
  }

  show(label) {
    this.clear();
    this.title.textContent = label;
  }

  line(l) {
    this.add(el('div', { class: 'line ' + (l.stream === 'err' ? 'err' : 'out') },
      el('span', { class: 'time', text: fmt.clock(l.ts) }),
      el('span', { class: 'who', text: l.app + '/' + l.workerId }),
      el('span', { class: 'text', text: l.text })));
  }
}
