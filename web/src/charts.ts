// Draws the Vega-Lite specs of report/vega.cc with vega-embed, as SVG (crisp when printed, and
// the browser tests can count its marks). Each chart fills its container's width.
// A page that redraws (a slider moved) keeps its charts: between begin() and end(), add() hands
// back the drawn chart of the same name, and end() frees the charts not asked for again. A chart
// whose spec differs from the drawn one only in its data, its title and its scales' computed
// domains is updated in place — its Vega view gets them (view.data(), view.signal(), runAsync()),
// which costs a fraction of a new embed (compiling the spec, building the view, laying out the
// axes); any other difference (a mark, an encoding) draws it anew. Updates that come faster than
// a view draws are coalesced: it draws the newest.

import embed, { type Result } from 'vega-embed';

import { h } from './dom';
import type { ChartSpec } from './types';

// A spec taken apart: its shape (everything but the data, the title's text and the scales'
// explicit domains), each inline dataset by the name it gets in the drawn view, each explicit
// domain by the name of the parameter that holds it, and the title's text.
interface Parts {
  shape: string;
  spec: ChartSpec; // the spec to embed: named datasets and domains, the width of its container
  data: Map<string, unknown[]>;
  domains: Map<string, unknown[]>;
  title: string;
  subtitle: string;
}

const TITLE = 'gpugap_title';
const SUBTITLE = 'gpugap_subtitle';

function split(spec: ChartSpec): Parts {
  const data = new Map<string, unknown[]>();
  const domains = new Map<string, unknown[]>();
  // Every `data: {values}` (at the top or in a layer) becomes `data: {name}`, its values in
  // `datasets`: Vega-Lite then names the Vega dataset that holds them after it.
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const values = key === 'data' && value && typeof value === 'object' ? (value as { values?: unknown }).values : undefined;
      if (Array.isArray(values)) {
        const name = `gpugap_data_${data.size}`;
        data.set(name, values);
        const { values: _values, ...rest } = value as { values: unknown[] };
        out[key] = { ...rest, name };
      } else if (key === 'domain' && Array.isArray(value) && value.every((v) => typeof v === 'number')) {
        // A domain the engine computed from the values (room for the bars' labels): a parameter.
        const name = `gpugap_domain_${domains.size}`;
        domains.set(name, value);
        out[key] = { expr: name };
      } else {
        out[key] = walk(value);
      }
    }
    return out;
  };
  const named = walk(spec) as ChartSpec & { title?: unknown; datasets?: Record<string, unknown[]> };
  let title = '';
  let subtitle = '';
  if (typeof named.title === 'string') {
    title = named.title;
    named.title = { text: title };
  } else if (named.title && typeof named.title === 'object') {
    const t = named.title as { text?: unknown; subtitle?: unknown };
    if (typeof t.text === 'string') title = t.text;
    if (typeof t.subtitle === 'string') subtitle = t.subtitle;
  }
  const bare = named.title && typeof named.title === 'object' ? { ...named, title: { ...(named.title as object), text: null, subtitle: subtitle === '' ? null : '' } } : named;
  const shape = JSON.stringify(bare);
  named.datasets = Object.fromEntries(data);
  if (domains.size > 0) {
    const params = Array.isArray(named.params) ? (named.params as unknown[]) : [];
    named.params = [...params, ...[...domains].map(([name, value]) => ({ name, value }))];
  }
  named.width = 'container';
  return { shape, spec: named, data, domains, title, subtitle };
}

// The compiled Vega spec's title, its text and subtitle read from signals the page sets on update.
function titleFromSignals(parts: Parts) {
  return (vg: Record<string, unknown>): Record<string, unknown> => {
    const title = vg.title as Record<string, unknown> | undefined;
    if (!title || typeof title !== 'object') return vg;
    const signals = [...((vg.signals as unknown[]) ?? []), { name: TITLE, value: parts.title }];
    const patched: Record<string, unknown> = { ...title, text: { signal: TITLE } };
    if ('subtitle' in title) {
      signals.push({ name: SUBTITLE, value: parts.subtitle });
      patched.subtitle = { signal: SUBTITLE };
    }
    return { ...vg, signals, title: patched };
  };
}

interface Drawn {
  key: string;
  shape: string;
  hasSubtitle: boolean;
  element: HTMLElement;
  done: Promise<void>;
  result: Result | null;
  used: boolean;
  next: Parts | null; // the newest update not yet drawn
}

export class ChartSet {
  private drawn = new Map<string, Drawn>();
  // How many charts were updated in place and drawn anew (for tests and the benchmark).
  updated = 0;
  embedded = 0;

  // A container for the chart, drawn asynchronously; `done` settles when every chart is drawn.
  add(spec: ChartSpec): { element: HTMLElement; done: Promise<void> } {
    const key = JSON.stringify(spec);
    const old = this.drawn.get(spec.name);
    if (old && old.key === key && !old.used) {
      old.used = true;
      return old;
    }
    const parts = split(spec);
    if (old && !old.used && old.shape === parts.shape && old.hasSubtitle === (parts.subtitle !== '')) {
      old.used = true;
      old.key = key;
      // Updates that come faster than the view draws: only the newest is drawn.
      const queued = old.next !== null;
      old.next = parts;
      if (!queued) old.done = old.done.then(() => this.flush(old));
      return old;
    }
    if (old) old.result?.finalize();
    const target = h('div', { class: 'chart-canvas' });
    const element = h('figure', { class: 'chart', 'data-chart-id': spec.name }, target);
    const entry: Drawn = { key, shape: parts.shape, hasSubtitle: parts.subtitle !== '', element, done: Promise.resolve(), result: null, used: true, next: null };
    this.embedded++;
    entry.done = embed(target, parts.spec as never, { actions: false, renderer: 'svg', patch: titleFromSignals(parts) as never })
      .then((result) => {
        entry.result = result;
        element.dataset.rendered = 'true';
      })
      .catch((error: unknown) => {
        element.dataset.rendered = 'error';
        element.appendChild(h('p', { class: 'error' }, `This chart could not be drawn: ${String(error)}`));
      });
    this.drawn.set(spec.name, entry);
    return entry;
  }

  private async flush(entry: Drawn): Promise<void> {
    const parts = entry.next;
    entry.next = null;
    if (parts) await this.update(entry, parts);
  }

  // The drawn view, given the new data and title.
  private async update(entry: Drawn, parts: Parts): Promise<void> {
    const view = entry.result?.view;
    if (!view) return;
    try {
      for (const [name, values] of parts.data) view.data(name, values as never);
      for (const [name, value] of parts.domains) view.signal(name, value);
      view.signal(TITLE, parts.title);
      if (entry.hasSubtitle) view.signal(SUBTITLE, parts.subtitle);
      await view.runAsync();
      this.updated++;
      entry.element.dataset.updates = String(Number(entry.element.dataset.updates ?? 0) + 1);
    } catch {
      // A view that will not take the data (it should not happen): drawn anew in its place.
      entry.result?.finalize();
      entry.result = null;
      const target = entry.element.querySelector('.chart-canvas') as HTMLElement;
      target.replaceChildren();
      this.embedded++;
      entry.result = await embed(target, parts.spec as never, { actions: false, renderer: 'svg', patch: titleFromSignals(parts) as never });
    }
  }

  // Before a redrawing: every chart may be reused once.
  begin(): void {
    for (const d of this.drawn.values()) d.used = false;
  }

  // After it: the charts it did not use are freed.
  end(): void {
    for (const [name, d] of this.drawn) {
      if (d.used) continue;
      d.result?.finalize();
      this.drawn.delete(name);
    }
  }

  // Frees every chart's listeners before the page draws anew.
  clear(): void {
    for (const d of this.drawn.values()) d.result?.finalize();
    this.drawn.clear();
  }
}
