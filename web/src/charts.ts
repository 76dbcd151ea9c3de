// Draws the Vega-Lite specs of report/vega.cc with vega-embed, as SVG (crisp when printed, and
// the browser tests can count its marks). Each chart fills its container's width.
// A page that redraws (a slider moved) keeps each chart whose spec has not changed: between
// begin() and end(), add() hands back the drawn chart for a spec equal to one of the last drawing,
// and end() frees the charts not asked for again.

import embed, { type Result } from 'vega-embed';

import { h } from './dom';
import type { ChartSpec } from './types';

interface Drawn {
  key: string;
  element: HTMLElement;
  done: Promise<void>;
  result: Result | null;
  used: boolean;
}

export class ChartSet {
  private drawn = new Map<string, Drawn>();

  // A container for the chart, drawn asynchronously; `done` settles when every chart is drawn.
  add(spec: ChartSpec): { element: HTMLElement; done: Promise<void> } {
    const key = JSON.stringify(spec);
    const old = this.drawn.get(spec.name);
    if (old && old.key === key && !old.used) {
      old.used = true;
      return old;
    }
    if (old) old.result?.finalize();
    const target = h('div', { class: 'chart-canvas' });
    const element = h('figure', { class: 'chart', 'data-chart-id': spec.name }, target);
    const responsive: ChartSpec = { ...spec, width: 'container' };
    const entry: Drawn = { key, element, done: Promise.resolve(), result: null, used: true };
    entry.done = embed(target, responsive as never, { actions: false, renderer: 'svg' })
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
