// The results pane: every quantity of the run's JSON (`gpugap run --format json`), results first,
// with its value as `gpugap run` prints it, its 90% interval and median when it is uncertain, and
// a small chart — a line by year for a series (with its 5–95% band), a histogram for an uncertain
// number. Drawn as plain SVG: the playground carries no chart library.
import { h } from '../dom';
import { formatInUnit, formatProbability } from '../format';

type ByYear = Record<string, number | null>;
type Stat = number | null | ByYear;

export interface Quantity {
  unit: string;
  value: Stat;
  formula: string;
  note?: string;
  input: boolean;
  uncertain?: boolean;
  p5?: Stat;
  p50?: Stat;
  p95?: Stat;
  p_never?: Stat;
  histogram?: { edges: (number | null)[]; counts: number[] } | ByYear;
}

export interface RunJson {
  scenario: string;
  title: string;
  samples?: number;
  quantities: Record<string, Quantity>;
  // What the report shows of it (report/view.cc): each quantity's label (its `label`, else its
  // name made readable) and the headline's quantities, in order.
  view?: { labels: Record<string, string>; headline: string[] };
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attributes: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, String(v));
  return e;
}

const WIDTH = 180;
const HEIGHT = 44;

function isByYear(s: Stat | undefined): s is ByYear {
  return typeof s === 'object' && s !== null;
}

function scale(values: number[], lo: number, hi: number): (v: number) => number {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || Math.abs(max) || 1;
  return (v) => hi - ((v - min) / span) * (hi - lo);
}

// A series: its value by year, with the 5–95% band when it is uncertain.
function lineChart(q: Quantity): SVGElement | null {
  if (!isByYear(q.value)) return null;
  const years = Object.keys(q.value);
  const value = q.value;
  const points = years.map((y, i) => [i, value[y]] as const).filter((p): p is readonly [number, number] => p[1] !== null);
  if (points.length < 2) return null;
  const low = isByYear(q.p5) ? q.p5 : null;
  const high = isByYear(q.p95) ? q.p95 : null;
  const all = points.map((p) => p[1]);
  if (low && high) for (const y of years) for (const s of [low[y], high[y]]) if (s !== null && s !== undefined) all.push(s);
  const y = scale(all, 3, HEIGHT - 3);
  const x = (i: number) => 2 + (i / (years.length - 1)) * (WIDTH - 4);
  const chart = svg('svg', { width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'pg-chart', 'data-kind': 'series' });
  if (low && high) {
    const top = years.map((k, i) => (high[k] !== null ? `${x(i)},${y(high[k] as number)}` : '')).filter(Boolean);
    const bottom = years.map((k, i) => (low[k] !== null ? `${x(i)},${y(low[k] as number)}` : '')).filter(Boolean).reverse();
    chart.appendChild(svg('polygon', { points: [...top, ...bottom].join(' '), class: 'pg-band' }));
  }
  chart.appendChild(svg('polyline', { points: points.map(([i, v]) => `${x(i)},${y(v)}`).join(' '), class: 'pg-line' }));
  const title = svg('title', {});
  title.textContent = `${years[0]}–${years[years.length - 1]}`;
  chart.appendChild(title);
  return chart;
}

// An uncertain number: its histogram.
function histogram(q: Quantity): SVGElement | null {
  const hist = q.histogram as { edges?: (number | null)[]; counts?: number[] } | undefined;
  if (!hist || !Array.isArray(hist.counts) || hist.counts.length === 0) return null;
  const counts = hist.counts;
  const max = Math.max(...counts) || 1;
  const w = (WIDTH - 4) / counts.length;
  const chart = svg('svg', { width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'pg-chart', 'data-kind': 'histogram' });
  counts.forEach((c, i) => {
    const height = (c / max) * (HEIGHT - 4);
    chart.appendChild(svg('rect', { x: 2 + i * w, y: HEIGHT - 2 - height, width: Math.max(w - 0.5, 0.5), height, class: 'pg-hbar' }));
  });
  const edges = hist.edges ?? [];
  const title = svg('title', {});
  title.textContent = `${formatInUnit(edges[0], q.unit)} to ${formatInUnit(edges[edges.length - 1], q.unit)}`;
  chart.appendChild(title);
  return chart;
}

function lastYear(s: Stat | undefined): { year: string; value: number | null } | null {
  if (!isByYear(s)) return null;
  const years = Object.keys(s);
  if (years.length === 0) return null;
  const year = years[years.length - 1];
  return { year, value: s[year] };
}

// The value as `gpugap run` prints it; a series by its first and last years.
function valueText(q: Quantity): string {
  if (!isByYear(q.value)) return formatInUnit(q.value, q.unit);
  const years = Object.keys(q.value);
  if (years.length === 0) return '—';
  const first = years[0];
  const last = years[years.length - 1];
  return `${first}: ${formatInUnit(q.value[first], q.unit)} … ${last}: ${formatInUnit(q.value[last], q.unit)}`;
}

function spreadText(q: Quantity): string {
  if (!q.uncertain || q.p5 === undefined) return '';
  if (isByYear(q.p5)) {
    const lo = lastYear(q.p5);
    const hi = lastYear(q.p95);
    if (!lo || !hi) return '';
    return `${lo.year}: 90% in ${formatInUnit(lo.value, q.unit)} – ${formatInUnit(hi.value, q.unit)}`;
  }
  let text = `90% in ${formatInUnit(q.p5 as number | null, q.unit)} – ${formatInUnit(q.p95 as number | null, q.unit)}, median ${formatInUnit(q.p50 as number | null, q.unit)}`;
  if (typeof q.p_never === 'number' && q.p_never > 0) text += `, never ${formatProbability(q.p_never)}`;
  return text;
}

function row(name: string, q: Quantity, label: string): HTMLElement {
  const chart = lineChart(q) ?? (q.uncertain ? histogram(q) : null);
  return h(
    'tr',
    { 'data-name': name, class: q.uncertain ? 'pg-uncertain' : '' },
    h('td', { class: 'pg-name' }, h('div', { class: 'pg-label' }, label), h('code', {}, name), q.formula ? h('div', { class: 'pg-formula' }, q.formula) : null),
    h('td', { class: 'pg-value' }, h('div', {}, valueText(q)), h('div', { class: 'pg-spread' }, spreadText(q))),
    h('td', { class: 'pg-plot' }, chart as unknown as Node),
  );
}

function table(caption: string, entries: [string, Quantity][], labels: Record<string, string>): HTMLElement | null {
  if (entries.length === 0) return null;
  return h('table', { class: 'pg-table' }, h('caption', {}, caption), h('tbody', {}, entries.map(([n, q]) => row(n, q, labels[n] ?? n))));
}

// The headline the scenario picks (`headline = [...]`, else the engine's choice): a card each, in
// its order, as the report shows them.
function headline(run: RunJson, labels: Record<string, string>): HTMLElement | null {
  const names = (run.view?.headline ?? []).filter((n) => run.quantities[n]);
  if (names.length === 0) return null;
  return h(
    'section',
    { class: 'pg-headline', id: 'pg-headline', 'aria-label': 'headline' },
    names.map((n) => {
      const q = run.quantities[n];
      const value = !isByYear(q.value) && typeof q.p50 === 'number' && !q.input ? formatInUnit(q.p50, q.unit) : valueText(q);
      return h('div', { class: 'pg-card', 'data-name': n }, h('div', { class: 'pg-card-label' }, labels[n] ?? n), h('div', { class: 'pg-card-value' }, value), h('div', { class: 'pg-spread' }, spreadText(q)));
    }),
  );
}

export function renderResults(run: RunJson, ms: number): HTMLElement {
  const entries = Object.entries(run.quantities);
  const results = entries.filter(([, q]) => !q.input);
  const inputs = entries.filter(([, q]) => q.input);
  const how = run.samples ? `${run.samples.toLocaleString('en')} samples` : 'point values';
  const labels = run.view?.labels ?? {};
  return h(
    'div',
    { class: 'pg-run' },
    h('h2', {}, run.title || run.scenario),
    h('p', { class: 'pg-meta' }, `${entries.length} quantities · ${how} · computed in this page (WebAssembly) in ${Math.round(ms)} ms`),
    headline(run, labels),
    table('Results', results, labels),
    table('Inputs', inputs, labels),
  );
}
