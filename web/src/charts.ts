// Draws the Vega-Lite specs of report/vega.cc with vega-embed, as SVG (crisp when printed, and
// the browser tests can count its marks). Each chart fills its container's width.

import embed, { type Result } from 'vega-embed';

import { h } from './dom';
import type { ChartSpec } from './types';

export class ChartSet {
  private results: Result[] = [];

  // A container for the chart, drawn asynchronously; `done` settles when every chart is drawn.
  add(spec: ChartSpec): { element: HTMLElement; done: Promise<void> } {
    const target = h('div', { class: 'chart-canvas' });
    const element = h('figure', { class: 'chart', 'data-chart-id': spec.name }, target);
    const responsive: ChartSpec = { ...spec, width: 'container' };
    const done = embed(target, responsive as never, { actions: false, renderer: 'svg' })
      .then((result) => {
        this.results.push(result);
        element.dataset.rendered = 'true';
      })
      .catch((error: unknown) => {
        element.dataset.rendered = 'error';
        element.appendChild(h('p', { class: 'error' }, `This chart could not be drawn: ${String(error)}`));
      });
    return { element, done };
  }

  // Frees the previous charts' listeners before the page draws new ones.
  clear(): void {
    for (const result of this.results) result.finalize();
    this.results = [];
  }
}
