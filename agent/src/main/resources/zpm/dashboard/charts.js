// Per-app CPU and memory over the last minutes, drawn as inline SVG by this file (no library):
// one sample per status refresh, the sum over the app's workers.
import * as fmt from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const WINDOW_MS = 10 * 60 * 1000;
const MIN_SPAN_MS = 60 * 1000;
const W = 240;
const H = 48;

/** The samples of every app, kept for WINDOW_MS. */
export class History {
  constructor() {
    this.apps = new Map();
  }

  add(now, workersByApp) {
    for (const [name, workers] of workersByApp) {
      let cpu = 0;
      let mem = 0;
      for (const w of workers) {
        cpu += w.cpu || 0;
        mem += w.rssBytes || 0;
      }
      const list = this.apps.get(name) || [];
      list.push({ t: now, cpu, mem });
      while (list.length && list[0].t < now - WINDOW_MS) list.shift();
      this.apps.set(name, list);
    }
  }

  of(name) {
    return this.apps.get(name) || [];
  }
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** One small line chart with its caption (the latest value and the scale). */
class Chart {
  constructor(label, cls, format, floor) {
    this.label = label;
    this.format = format;
    this.floor = floor;
    this.line = svg('polyline', { class: 'chart-line', points: '' });
    this.area = svg('polygon', { class: 'chart-area', points: '' });
    this.image = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, class: 'chart ' + cls,
      role: 'img' });
    this.image.append(this.area, this.line);
    this.caption = document.createElement('figcaption');
    this.root = document.createElement('figure');
    this.root.append(this.image, this.caption);
  }

  update(samples, pick, now) {
    const max = Math.max(this.floor, ...samples.map(pick));
    // the time axis grows with the samples kept, from one minute up to WINDOW_MS
    const span = Math.min(WINDOW_MS, Math.max(MIN_SPAN_MS, samples.length ? now - samples[0].t : 0));
    const x = t => (W * (t - (now - span)) / span).toFixed(1);
    const y = v => (H - 2 - (H - 4) * v / max).toFixed(1);
    const pts = samples.map(s => x(s.t) + ',' + y(pick(s))).join(' ');
    this.line.setAttribute('points', pts);
    this.area.setAttribute('points', samples.length
      ? x(samples[0].t) + ',' + H + ' ' + pts + ' ' + x(samples[samples.length - 1].t) + ',' + H : '');
    const last = samples.length ? this.format(pick(samples[samples.length - 1])) : '–';
    this.caption.textContent = this.label + ' ' + last + ' (top ' + this.format(max) + ', last '
      + Math.round(span / 60000) + ' min)';
    this.image.setAttribute('aria-label', this.caption.textContent);
  }
}

export class AppCharts {
  constructor() {
    this.cpu = new Chart('CPU', 'cpu', fmt.percent, 1);
    this.mem = new Chart('memory', 'mem', fmt.bytes, 1024 * 1024);
    this.root = document.createElement('div');
    this.root.className = 'charts';
    this.root.append(this.cpu.root, this.mem.root);
  }

  update(samples) {
    const now = Date.now();
    this.cpu.update(samples, s => s.cpu, now);
    this.mem.update(samples, s => s.mem, now);
  }
}
