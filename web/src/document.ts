// The scenario as a document: title and sources, the headline, the charts, the inputs with their
// sources, the results with their formulas, the published figures' checks and the explain tree.
// The report shows it alone; `gpugap serve` shows it beside the sliders and redraws it per run.

import type { ChartSet } from './charts';
import { h, linkify } from './dom';
import { formatInUnit, formatProbability } from './format';
import type { ChartSpec, ExplainNode, PageData, Quantity, YearValues } from './types';
import { blockViews } from './views';

// An input drawn from a distribution ("100B to 300B", "loguniform(1, 10)", "discrete(…)"): the
// engine says so in "uncertain" (an input is uncertain only when its own formula draws), so the
// page keeps no list of distribution names (src/gpugap/program/distributions.cc has the one).
export function isDistribution(q: Quantity): boolean {
  return q.input && q.uncertain === true;
}

export function scalarValue(q: Quantity): number | null {
  return typeof q.value === 'number' ? q.value : null;
}

export function scalarStat(q: Quantity, key: keyof Quantity): number | null {
  const v = q[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

// What a quantity shows as its value, as `gpugap run` prints it: a result's median over the
// samples when there are samples; an input's own central value (exact, not sampled).
export function shownValue(q: Quantity): number | null {
  return q.input ? scalarValue(q) : (scalarStat(q, 'p50') ?? scalarValue(q));
}

// "= 97.0%", or ">99.9%" when the samples say no more than that.
function probabilityClause(p: number): string {
  const text = formatProbability(p);
  return /^[<>]/.test(text) ? text : `= ${text}`;
}

function yearStat(q: Quantity, key: keyof Quantity, year: string, index: number): number | null {
  const v = q[key] as unknown;
  if (Array.isArray(v)) return typeof v[index] === 'number' ? (v[index] as number) : null;
  if (v && typeof v === 'object') {
    const y = (v as YearValues)[year];
    return typeof y === 'number' ? y : null;
  }
  return null;
}

function label(data: PageData, name: string): string {
  return data.view.labels[name] ?? name;
}

function shorten(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

function header(data: PageData): HTMLElement {
  const { run, view } = data;
  const published = run.published;
  const by = published ? [published.by, published.date].filter((s) => s).join(', ') : '';
  return h(
    'header',
    { class: 'doc-header' },
    h('h1', {}, run.title || run.scenario),
    by || published?.url
      ? h(
          'p',
          { class: 'published' },
          by,
          published?.url ? [by ? ' · ' : '', h('a', { href: published.url, target: '_blank', rel: 'noopener noreferrer' }, 'the source')] : null,
        )
      : null,
    // A description is written as TOML text: lines wrap anywhere, a blank line starts a paragraph.
    view.description
      ? h('div', { class: 'description' }, view.description.split(/\n\s*\n/).map((p) => h('p', {}, p.replace(/\s*\n\s*/g, ' '))))
      : null,
  );
}

function headlineCard(data: PageData, name: string): HTMLElement | null {
  const q = data.run.quantities[name];
  if (!q) return null;
  const value = shownValue(q);
  const p5 = scalarStat(q, 'p5');
  const p95 = scalarStat(q, 'p95');
  const pPositive = scalarStat(q, 'p_positive');
  const details: (HTMLElement | null)[] = [];
  if (p5 !== null && p95 !== null) {
    details.push(h('div', { class: 'card-detail' }, `median; 90% between ${formatInUnit(p5, q.unit)} and ${formatInUnit(p95, q.unit)}`));
  }
  // P(> 0) matters for a gap, and for anything whose samples fall on both sides of zero.
  if (pPositive !== null && (/gap|shortfall/.test(name) || (pPositive > 0 && pPositive < 1))) {
    details.push(h('div', { class: 'card-probability', 'data-testid': `p-positive-${name}` }, `P(${label(data, name).toLowerCase()} > 0) ${probabilityClause(pPositive)}`));
  }
  if (details.length === 0) {
    const about = q.note || (q.input ? q.source : q.formula ? `= ${q.formula}` : '');
    if (about) details.push(h('div', { class: 'card-detail' }, shorten(about, 120)));
  }
  return h(
    'div',
    { class: `card${q.input ? ' card-input' : ''}`, 'data-name': name },
    h('div', { class: 'card-label' }, label(data, name)),
    h('div', { class: 'card-value' }, value === null && data.view.never?.includes(name) ? 'never' : formatInUnit(value, q.unit)),
    details,
  );
}

function headline(data: PageData): HTMLElement {
  const cards = data.view.headline.map((name) => headlineCard(data, name)).filter((c): c is HTMLElement => c !== null);
  return h('section', { class: 'headline', id: 'headline', 'aria-label': 'headline' }, cards);
}

function chartSection(title: string, section: string, specs: ChartSpec[], charts: ChartSet, done: Promise<void>[], intro?: string): HTMLElement | null {
  const mine = specs.filter((s) => s.usermeta?.section === section);
  if (mine.length === 0) return null;
  const grid = h('div', { class: `chart-grid chart-grid-${section}` });
  for (const spec of mine) {
    const chart = charts.add(spec);
    grid.appendChild(chart.element);
    done.push(chart.done);
  }
  return h('section', { class: 'charts', 'data-section': section }, h('h2', {}, title), intro ? h('p', { class: 'intro' }, intro) : null, grid);
}

function rangeText(q: Quantity): string {
  const p5 = scalarStat(q, 'p5');
  const p95 = scalarStat(q, 'p95');
  if (p5 !== null && p95 !== null && p5 !== p95) return `${formatInUnit(p5, q.unit)} to ${formatInUnit(p95, q.unit)}`;
  return isDistribution(q) ? q.formula : '';
}

function inputsTable(data: PageData): HTMLElement | null {
  const rows = Object.entries(data.run.quantities).filter(([, q]) => q.input && typeof q.value !== 'object');
  if (rows.length === 0) return null;
  const ranged = rows.some(([, q]) => rangeText(q) !== '');
  return h(
    'section',
    { class: 'table-section', id: 'inputs' },
    h('h2', {}, 'Inputs'),
    h('p', { class: 'intro' }, ranged ? 'Every assumption, with its source. An uncertain input shows the range where 90% of its samples fall (p5 to p95), or the range it was given.' : 'Every assumption, with its source.'),
    h(
      'table',
      { class: 'data-table inputs-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Input'), h('th', { class: 'num' }, 'Value'), h('th', {}, 'Unit'), ranged ? h('th', {}, 'Range') : null, h('th', {}, 'Source'))),
      h(
        'tbody',
        {},
        rows.map(([name, q]) =>
          h(
            'tr',
            { 'data-name': name },
            h('td', {}, h('span', { class: 'qlabel' }, label(data, name)), h('code', { class: 'qname' }, name)),
            h('td', { class: 'num value' }, formatInUnit(shownValue(q), q.unit)),
            h('td', { class: 'unit' }, q.unit),
            ranged ? h('td', { class: 'range' }, rangeText(q)) : null,
            h('td', { class: 'source' }, linkify(q.source || ''), q.note ? h('div', { class: 'note' }, q.note) : null),
          ),
        ),
      ),
    ),
  );
}

function resultsTable(data: PageData): HTMLElement | null {
  const rows = Object.entries(data.run.quantities).filter(([, q]) => !q.input && typeof q.value !== 'object');
  if (rows.length === 0) return null;
  const sampled = rows.some(([, q]) => scalarStat(q, 'p5') !== null);
  return h(
    'section',
    { class: 'table-section', id: 'results' },
    h('h2', {}, 'Results'),
    h(
      'table',
      { class: 'data-table results-table' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', {}, 'Result'), h('th', { class: 'num' }, sampled ? 'Median' : 'Value'), sampled ? h('th', {}, '90% of samples') : null, sampled ? h('th', { class: 'num' }, 'P(> 0)') : null, h('th', {}, 'Formula')),
      ),
      h(
        'tbody',
        {},
        rows.map(([name, q]) => {
          const p = scalarStat(q, 'p_positive');
          return h(
            'tr',
            { 'data-name': name },
            h('td', {}, h('span', { class: 'qlabel' }, label(data, name)), h('code', { class: 'qname' }, name)),
            h('td', { class: 'num value' }, formatInUnit(shownValue(q), q.unit)),
            sampled ? h('td', { class: 'range' }, rangeText(q)) : null,
            sampled ? h('td', { class: 'num' }, p === null ? '' : formatProbability(p)) : null,
            h('td', { class: 'formula' }, h('code', {}, q.formula), q.note ? h('div', { class: 'note' }, q.note) : null),
          );
        }),
      ),
    ),
  );
}

function seriesTable(data: PageData): HTMLElement | null {
  const rows = Object.entries(data.run.quantities).filter(([, q]) => q.value !== null && typeof q.value === 'object');
  if (rows.length === 0) return null;
  const years = Object.keys(rows[0][1].value as YearValues);
  return h(
    'section',
    { class: 'table-section', id: 'by-year' },
    h('h2', {}, 'By year'),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        { class: 'data-table series-table' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Quantity'), years.map((y) => h('th', { class: 'num' }, y)))),
        h(
          'tbody',
          {},
          rows.map(([name, q]) =>
            h(
              'tr',
              { 'data-name': name },
              h('td', {}, h('span', { class: 'qlabel' }, label(data, name)), h('code', { class: 'qname' }, name)),
              years.map((year, i) => {
                const v = yearStat(q, 'p50', year, i) ?? (q.value as YearValues)[year];
                return h('td', { class: 'num' }, formatInUnit(v, q.unit));
              }),
            ),
          ),
        ),
      ),
    ),
  );
}

function checksTable(data: PageData): HTMLElement | null {
  if (data.view.checks.length === 0) return null;
  return h(
    'section',
    { class: 'table-section', id: 'checks' },
    h('h2', {}, 'Published figures'),
    h('p', { class: 'intro' }, 'What the source published, next to what its own inputs give.'),
    h(
      'table',
      { class: 'data-table checks-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Figure'), h('th', { class: 'num' }, 'Published'), h('th', { class: 'num' }, 'Computed'), h('th', {}, ''))),
      h(
        'tbody',
        {},
        data.view.checks.map((c) =>
          h(
            'tr',
            { 'data-name': c.name },
            h('td', {}, h('span', { class: 'qlabel' }, label(data, c.name)), h('code', { class: 'qname' }, c.name)),
            h('td', { class: 'num' }, c.expected),
            h('td', { class: 'num' }, c.computed),
            h('td', { class: c.passed ? 'pass' : 'fail' }, c.passed ? '✓ matches' : '✗ differs'),
          ),
        ),
      ),
    ),
  );
}

function explainNode(data: PageData, node: ExplainNode, open: boolean): HTMLElement {
  const unit = node.unit ? h('span', { class: 'unit' }, ` [${node.unit}]`) : null;
  const title = [h('code', { class: 'qname' }, node.name), ' = ', h('strong', {}, node.value), unit];
  const lines = [
    node.formula && node.children ? h('div', { class: 'formula' }, h('code', {}, `= ${node.formula}`)) : null,
    node.substituted ? h('div', { class: 'formula' }, h('code', {}, `= ${node.substituted}`)) : null,
    node.formula && !node.children && !node.repeated ? h('div', { class: 'formula' }, 'value: ', h('code', {}, node.formula)) : null,
    node.source ? h('div', { class: 'source' }, 'source: ', linkify(node.source)) : null,
    node.note ? h('div', { class: 'note' }, node.note) : null,
    node.set ? h('div', { class: 'note' }, 'set on the command line or by a slider') : null,
    node.repeated ? h('div', { class: 'note' }, '(derivation shown above)') : null,
  ];
  if (!node.children) return h('div', { class: 'explain-leaf', 'data-name': node.name }, h('div', { class: 'explain-title' }, title), lines);
  return h(
    'details',
    { class: 'explain-node', 'data-name': node.name, open },
    h('summary', {}, title),
    lines,
    h('div', { class: 'explain-children' }, node.children.map((child) => explainNode(data, child, false))),
  );
}

function explainTree(data: PageData): HTMLElement | null {
  if (data.view.explain.length === 0) return null;
  return h(
    'section',
    { class: 'explain', id: 'explain' },
    h('h2', {}, 'How each result is computed'),
    h('p', { class: 'intro' }, Object.values(data.run.quantities).some((q) => q.histogram) ? 'Open a line to see what it is made of, down to the sourced inputs. The values here are those with every uncertain input at its central value; the charts above show the spread.' : 'Open a line to see what it is made of, down to the sourced inputs.'),
    // The headline's derivations start open; with few roots, all of them.
    data.view.explain.map((node) => explainNode(data, node, data.view.explain.length <= 3 || data.view.headline.includes(node.name))),
  );
}

function footer(data: PageData): HTMLElement {
  const { request, run } = data;
  const parts = [`scenario ${run.scenario}`];
  if (request.sets.length) parts.push(`with ${request.sets.map((s) => `--set ${s}`).join(' ')}`);
  parts.push(request.samples > 0 ? `${request.samples.toLocaleString('en-US')} samples, seed ${request.seed}` : 'point values');
  return h('footer', { class: 'doc-footer' }, `Made by gpugap${data.gpugap ? ` ${data.gpugap}` : ''} from ${parts.join(', ')}. Every number here has a source or a formula.`);
}

// The whole document; `done` settles when every chart is drawn.
export function renderDocument(data: PageData, charts: ChartSet): { element: HTMLElement; done: Promise<void> } {
  const done: Promise<void>[] = [];
  const specs = data.view.charts;
  const sampled = Object.values(data.run.quantities).some((q) => q.histogram);
  const sections = [
    header(data),
    headline(data),
    chartSection('At a glance', 'headline', specs, charts, done),
    chartSection('How sure', 'distributions', specs, charts, done, sampled ? 'The distribution of each result over the samples: the orange lines mark the median and the 90% interval.' : undefined),
    chartSection('Over time', 'series', specs, charts, done),
    chartSection('What matters most', 'sensitivity', specs, charts, done),
    ...blockViews(data).map((render) => render(data, charts, done)),
    seriesTable(data),
    inputsTable(data),
    resultsTable(data),
    checksTable(data),
    explainTree(data),
    footer(data),
  ];
  const element = h('article', { class: 'document' }, sections);
  return { element, done: Promise.all(done).then(() => undefined) };
}
