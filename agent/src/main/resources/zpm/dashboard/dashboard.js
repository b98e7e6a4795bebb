// The dashboard: asks for the token (kept in this tab's sessionStorage, never in a URL), speaks
// JSON-RPC over the WebSocket at /rpc (auth, events.subscribe, status and apps.list every 2 s and
// soon after each event, logs with follow), and reconnects by itself with a growing delay.
import { Rpc, RpcError } from './rpc.js';
import { AppsView, EventLog, LogTail } from './view.js';
import { Actions } from './actions.js';
import { History } from './charts.js';
import * as fmt from './format.js';

const KEY = 'zpm.token';
const REFRESH_MS = 2000;
const SOON_MS = 150;
const GHOST_MS = 20000;
const MAX_RETRY_MS = 5000;
const UNAUTHORIZED = -32001;
const $ = id => document.getElementById(id);

class Dashboard {
  constructor() {
    this.rpc = null;
    this.readOnly = null;
    this.apps = [];
    this.workers = [];
    this.ghosts = new Map();
    this.history = new History();
    this.attempt = 0;
    this.lostAt = null;
    this.connectedOnce = false;
    this.timers = {};
    this.refreshing = false;
    this.again = false;
    this.logTarget = null;
    this.logSub = null;
    this.view = new AppsView($('apps'), {
      act: (kind, app, w, extra) => this.act(kind, app, w, extra),
      logs: (target, label) => this.follow(target, label),
    });
    this.events = new EventLog($('events'));
    this.logs = new LogTail($('logs'), $('logs-target'));
    this.actions = new Actions($('actions'), (m, p) => this.rpc.call(m, p));
  }

  start() {
    $('login').addEventListener('submit', e => {
      e.preventDefault();
      this.login();
    });
    $('logout').addEventListener('click', () => this.logout());
    if (sessionStorage.getItem(KEY)) this.connect(); else this.showLogin('');
  }

  login() {
    const token = $('token').value.trim();
    $('token').value = '';
    if (!token) {
      this.showLogin('Type the token first (the agent\'s token file, or token.readonly to look only).');
      return;
    }
    sessionStorage.setItem(KEY, token);
    $('login-error').textContent = 'Connecting…';
    this.connect();
  }

  async connect() {
    this.stopTimers();
    const token = sessionStorage.getItem(KEY);
    if (!token) {
      this.showLogin('');
      return;
    }
    const rpc = new Rpc((m, p) => this.notified(rpc, m, p), () => this.lost(rpc, 'the connection closed'));
    this.rpc = rpc;
    try {
      await rpc.open();
      const auth = await rpc.call('auth', { token });
      await this.online(rpc, auth.readOnly);
    } catch (e) {
      if (rpc !== this.rpc) return;
      rpc.close();
      if (e instanceof RpcError && e.code === UNAUTHORIZED) {
        sessionStorage.removeItem(KEY);
        this.rpc = null;
        this.showLogin('Wrong token: the agent refused it (' + e.message + ').');
        return;
      }
      this.lost(rpc, e.message);
    }
  }

  async online(rpc, readOnly) {
    if (this.readOnly !== readOnly) this.view.reset(readOnly);
    this.readOnly = readOnly;
    document.body.classList.toggle('readonly', readOnly);
    $('actions-panel').hidden = readOnly;
    $('access').textContent = readOnly ? 'read-only token: actions are off' : 'full token';
    $('login').hidden = true;
    $('main').hidden = false;
    $('logout').hidden = false;
    $('banner').hidden = true;
    this.events.note(this.connectedOnce ? 'reconnected to the agent' : 'connected to the agent', 'good');
    this.connectedOnce = true;
    this.attempt = 0;
    await rpc.call('events.subscribe', {});
    const info = await rpc.call('agent.info');
    $('agent').textContent = 'agent pid ' + info.pid + ' on ' + info.host + ' · zpm ' + info.version;
    this.timers.refresh = setInterval(() => this.refresh(), REFRESH_MS);
    this.refresh();
    if (this.logTarget) this.follow(this.logTarget.target, this.logTarget.label);
  }

  /** The agent went away (or could not be reached): say so, and try again after a growing delay. */
  lost(rpc, why) {
    if (rpc !== this.rpc || rpc.gone) return;
    rpc.gone = true; // the close and the failed call it broke both report it: count it once
    this.stopTimers();
    this.logSub = null;
    const delay = Math.min(MAX_RETRY_MS, 500 * 2 ** this.attempt);
    this.attempt++;
    const banner = $('banner');
    if (banner.hidden) {
      this.events.note('lost the agent: ' + why, 'alarm');
      this.lostAt = fmt.clock();
    }
    banner.hidden = false;
    banner.textContent = 'Disconnected from the agent since ' + this.lostAt + ' (' + why + '). Reconnecting in '
      + (delay / 1000).toFixed(1) + ' s (attempt ' + this.attempt + ')…';
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }

  stopTimers() {
    clearInterval(this.timers.refresh);
    clearTimeout(this.timers.retry);
    clearTimeout(this.timers.soon);
    this.timers = {};
  }

  logout() {
    sessionStorage.removeItem(KEY);
    const rpc = this.rpc;
    this.rpc = null;
    if (rpc) rpc.close();
    this.showLogin('Logged out: the token is gone from this tab.');
  }

  showLogin(message) {
    this.stopTimers();
    $('main').hidden = true;
    $('banner').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message;
    $('token').focus();
  }

  notified(rpc, method, params) {
    if (rpc !== this.rpc) return;
    if (method === 'event') this.eventSeen(params.event);
    else if (method === 'log' && params.subscription === this.logSub) this.logs.line(params.line);
    else if (method === 'events.dropped') {
      this.events.note(params.dropped + ' notifications dropped: the page read too slowly', 'alarm');
    }
  }

  eventSeen(ev) {
    this.events.event(ev);
    this.actions.event(ev);
    if (ev.type === 'exit' && !ev.expected && ev.worker) {
      // The slot's next worker replaces this one in status at once: keep the dead one in view a while.
      const w = ev.worker;
      this.ghosts.set(w.id, { id: w.id, slot: w.slot, app: ev.app, pid: w.pid, state: 'crashed', ghost: true,
        lastExit: ev, cpu: null, rssBytes: null, connections: null, restarts: null, uptimeMs: 0,
        until: Date.now() + GHOST_MS });
    }
    this.soon();
  }

  soon() {
    if (!this.timers.soon) {
      this.timers.soon = setTimeout(() => {
        this.timers.soon = null;
        this.refresh();
      }, SOON_MS);
    }
  }

  async refresh() {
    const rpc = this.rpc;
    if (!rpc) return;
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = true;
    try {
      const [status, list] = await Promise.all([rpc.call('status'), rpc.call('apps.list')]);
      if (rpc !== this.rpc) return;
      this.workers = status.workers;
      this.apps = list.apps;
      this.render();
    } catch (e) {
      // a lost connection is reported by lost(); a refused call leaves the last view
    } finally {
      this.refreshing = false;
      if (this.again) {
        this.again = false;
        this.soon();
      }
    }
  }

  render() {
    const byApp = new Map(this.apps.map(a => [a.name, []]));
    for (const w of this.workers) {
      if (byApp.has(w.app)) byApp.get(w.app).push(w);
    }
    this.history.add(Date.now(), byApp);
    const now = Date.now();
    const live = new Set(this.workers.map(w => w.id));
    for (const [id, g] of this.ghosts) {
      if (g.until < now) this.ghosts.delete(id);
      else if (!live.has(id) && byApp.has(g.app)) byApp.get(g.app).push(g); // while in backoff, status shows it
    }
    this.view.render(this.apps, byApp, this.history);
  }

  act(kind, app, w, extra) {
    if (!this.rpc) return;
    // the answer changed the app: show it now rather than at the next tick
    this.actions.run(kind, app, w, extra, this.apps.find(a => a.name === app)).then(() => this.soon());
  }

  /** Shows the last lines of a worker or app, then its new lines as they come (logs with follow). */
  async follow(target, label) {
    const rpc = this.rpc;
    if (!rpc) return;
    if (this.logSub) rpc.call('events.unsubscribe', { subscription: this.logSub }).catch(() => {});
    this.logSub = null;
    this.logTarget = { target, label };
    this.logs.show(label);
    try {
      const r = await rpc.call('logs', { target, lines: 200, follow: true });
      if (rpc !== this.rpc || this.logTarget.target !== target) {
        rpc.call('events.unsubscribe', { subscription: r.subscription }).catch(() => {});
        return;
      }
      this.logSub = r.subscription;
      r.lines.forEach(l => this.logs.line(l));
    } catch (e) {
      this.logs.show(label + ': ' + e.message);
    }
  }
}

new Dashboard().start();
