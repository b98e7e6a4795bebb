// Pure text formatting: numbers, durations, exits and one line per event. No DOM here.

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  if (n < 1024 * 1024) return (n / 1024).toFixed(0) + ' KiB';
  if (n < 1024 * 1024 * 1024) return (n / 1024 / 1024).toFixed(1) + ' MiB';
  return (n / 1024 / 1024 / 1024).toFixed(2) + ' GiB';
}

export function percent(n) {
  return n === null || n === undefined ? '–' : n.toFixed(1) + ' %';
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  if (s < 86400) return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  return Math.floor(s / 86400) + ' d ' + Math.floor((s % 86400) / 3600) + ' h';
}

export function clock(iso) {
  const d = iso ? new Date(iso) : new Date();
  return d.toLocaleTimeString([], { hour12: false });
}

/** How a process ended: "KILL after 4 s", "code 1 after 20 ms (expected)". */
export function exit(e) {
  if (!e) return '–';
  const how = e.signal ? 'signal ' + e.signal : 'code ' + e.code;
  let text = how + ' after ' + duration(e.uptimeMs);
  if (e.expected) text += ' (asked)';
  if (e.reason) text += ': ' + e.reason;
  return text;
}

function who(ev) {
  return ev.worker ? 'worker ' + ev.worker.id + ' (slot ' + ev.worker.slot + ')' : '';
}

function ids(list) {
  return list && list.length ? list.join(', ') : 'none';
}

const DESCRIBE = {
  fork: ev => who(ev) + ' forked, pid ' + ev.worker.pid,
  online: ev => who(ev) + ' online after ' + ev.afterMs + ' ms',
  listening: ev => who(ev) + ' listening on port ' + ev.port,
  disconnect: ev => who(ev) + ' asked to leave: ' + ev.reason,
  exit: ev => who(ev) + ' pid ' + ev.worker.pid + ' exited: ' + exit(ev),
  resize: ev => 'size ' + ev.from + ' → ' + ev.to + (ev.done ? ': reached' : ': asked'),
  restart: ev => 'restart ' + ev.phase + ': ' + (ev.phase === 'done' || ev.phase === 'failed'
    ? 'replaced ' + ids(ev.ids) + ', started ' + ids(ev.started) + (ev.reason ? ' (' + ev.reason + ')' : '')
    : 'replacing ' + ids(ev.ids)),
  backoff: ev => who(ev) + ' waits ' + ev.delayMs + ' ms: ' + ev.reason,
  fatal: ev => (ev.worker ? who(ev) + ' ' : 'app ') + 'given up: ' + ev.reason,
  danger: ev => (ev.active ? 'in danger: ' : 'out of danger: ') + ev.reason,
  probe: ev => who(ev) + ' ' + ev.kind + ' check failed: ' + ev.error,
  app: ev => 'app ' + ev.action + (ev.size !== undefined ? ' (size ' + ev.size + ')' : ''),
  message: ev => who(ev) + ' sent ' + short(JSON.stringify(ev.data)),
  'logs-unwritable': ev => 'log file unwritable: ' + ev.path + ': ' + ev.error,
  'logs-resumed': ev => 'log file written again: ' + ev.path,
};

function short(text) {
  return text && text.length > 200 ? text.slice(0, 200) + '…' : text;
}

/** One line for an event, without its time, type or app (shown beside it). */
export function describe(ev) {
  const f = DESCRIBE[ev.type];
  return f ? f(ev) : short(JSON.stringify(ev));
}

/** True for events an operator should notice: crashes, give-ups, failed checks. */
export function alarming(ev) {
  return (ev.type === 'exit' && !ev.expected) || ev.type === 'fatal' || ev.type === 'probe'
    || ev.type === 'backoff' || (ev.type === 'danger' && ev.active)
    || (ev.type === 'restart' && ev.phase === 'failed') || ev.type === 'logs-unwritable';
}

/** A method's result in a few words, for the action log. */
export function result(method, r) {
  if (!r) return 'done';
  if (r.app) return 'app ' + r.app.name + ': ' + r.app.state + ', ' + r.app.online + '/' + r.app.size + ' online';
  if (r.replaced) return 'replaced ' + ids(r.replaced) + ', started ' + ids(r.started);
  if (r.signalled) return r.signal + ' sent to ' + ids(r.signalled);
  if (r.stopped) return 'stopped ' + ids(r.stopped);
  return short(JSON.stringify(r));
}
