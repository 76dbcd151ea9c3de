// P(x > t) for a threshold the reader types: pick an uncertain result, type a value in its unit
// ("400B", "55%"), read the share of the samples above it. It is read off the run's histogram (40
// bins from the 0.5th to the 99.5th percentile, with the samples beyond counted apart), linear
// within a bin, so it says "≈"; beyond the histogram's ends it gives a bound.

import { parseConstant } from './controls';
import { h } from './dom';
import { formatInUnit, formatProbability } from './format';
import type { PageData, Quantity } from './types';

// The share of the samples above t: [value, how it is known].
export function shareAbove(q: Quantity, t: number): { text: string; value: number } | null {
  const hist = q.histogram;
  if (!hist || hist.counts.length === 0) return null;
  const below = hist.below ?? 0;
  const above = hist.above ?? 0;
  const inside = hist.counts.reduce((a, b) => a + b, 0);
  const total = below + inside + above;
  if (total <= 0) return null;
  const { edges, counts } = hist;
  if (t < edges[0]) {
    const p = (inside + above) / total;
    return { value: p, text: `at least ${formatProbability(p)}` };
  }
  if (t >= edges[edges.length - 1]) {
    const p = above / total;
    return { value: p, text: `at most ${formatProbability(p)}` };
  }
  let over = above;
  for (let i = counts.length - 1; i >= 0; i--) {
    const [lo, hi] = [edges[i], edges[i + 1]];
    if (t <= lo) over += counts[i];
    else if (t < hi) over += (counts[i] * (hi - t)) / (hi - lo);
  }
  const p = over / total;
  return { value: p, text: `≈ ${formatProbability(p)}` };
}

export function makeThreshold(): { element: HTMLElement; update(data: PageData): void } {
  const select = h('select', { id: 'threshold-of', 'aria-label': 'result' });
  const input = h('input', { type: 'text', id: 'threshold', placeholder: 'e.g. 400B', 'aria-label': 'threshold', spellcheck: 'false' });
  const output = h('output', { id: 'threshold-p', for: 'threshold' });
  const element = h('section', { class: 'threshold', hidden: true }, h('h2', {}, 'Chance above a threshold'), h('div', { class: 'threshold-row' }, 'P(', select, ' > ', input, ')'), output);
  let current: PageData | null = null;

  const show = () => {
    const q = current?.run.quantities[select.value];
    if (!q || !current) return;
    const text = input.value.trim();
    const t = text === '' ? null : parseConstant(text, q.unit);
    if (t === null) {
      output.textContent = text === '' ? 'Type a value in the result’s unit.' : `"${text}" is not a number such as 400B or 55%.`;
      return;
    }
    const share = shareAbove(q, t);
    const samples = current.run.samples ?? 0;
    output.textContent = share ? `P(${current.view.labels[select.value] ?? select.value} > ${formatInUnit(t, q.unit)}) ${share.text} of ${samples.toLocaleString('en-US')} samples` : '';
    output.dataset.value = share ? String(share.value) : '';
  };
  select.addEventListener('change', show);
  input.addEventListener('input', show);

  return {
    element,
    update(data: PageData) {
      current = data;
      const names = Object.entries(data.run.quantities)
        .filter(([, q]) => !q.input && q.histogram && q.p_by_year === undefined && (q.value === null || typeof q.value !== 'object'))
        .map(([name]) => name);
      element.hidden = names.length === 0;
      const chosen = select.value || data.view.headline.find((n) => names.includes(n)) || names[0];
      if (select.options.length !== names.length || names.some((n, i) => select.options[i]?.value !== n)) {
        select.replaceChildren(...names.map((n) => h('option', { value: n, selected: n === chosen }, data.view.labels[n] ?? n)));
      }
      if (names.includes(chosen)) select.value = chosen;
      show();
    },
  };
}
