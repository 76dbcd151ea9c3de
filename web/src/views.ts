// Views of a scenario's blocks (the fleet, the financing graph): each appears when its block is in
// the scenario, as the engine says in the view's block_views.
//
// report/vega.cc draws no chart of a block's outputs: that is the block view's job. Its charts are
// written in C++ (report/vega_blocks.cc: Vega-Lite specs whose usermeta.section is the block's
// name, added by report_view()); `render(data, charts, done)` here returns a <section> that draws
// them with `charts`, and by hand what Vega-Lite cannot draw: the Sankey of the financing graph,
// with d3-sankey. The page shows the views in the engine's order, after the results' charts and
// before the tables.

import { sankey, sankeyLinkHorizontal, type SankeyLink, type SankeyNode } from 'd3-sankey';

import type { ChartSet } from './charts';
import { h } from './dom';
import { formatInUnit } from './format';
import type { FinancingGraph, PageData } from './types';

// Draws a block's view: its section of the page.
export type BlockView = (data: PageData, charts: ChartSet, done: Promise<void>[]) => HTMLElement;

function blockSection(block: string, title: string, intro: string, data: PageData, charts: ChartSet, done: Promise<void>[], extra: HTMLElement[] = []): HTMLElement {
  const grid = h('div', { class: `chart-grid chart-grid-${block}` });
  for (const spec of data.view.charts.filter((s) => s.usermeta?.section === block)) {
    const chart = charts.add(spec);
    grid.appendChild(chart.element);
    done.push(chart.done);
  }
  return h('section', { class: 'charts block-view', 'data-section': block }, h('h2', {}, title), h('p', { class: 'intro' }, intro), ...extra, grid);
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

const KIND_COLOURS: Record<string, string> = {
  equity: '#3b6ea8',
  cloud_contract: '#d9822b',
  purchase: '#5a9e6f',
  loan: '#8e6bb8',
};

interface NodeExtra {
  label: string;
  side: string;
}
interface LinkExtra {
  deal: string;
  kind: string;
  in_circle: boolean;
}

// Who pays whom: payers on the left, receivers on the right, a band per deal as wide as its amount.
export function financingSankey(graph: FinancingGraph): HTMLElement {
  const names = Object.fromEntries(graph.companies.map((c) => [c.id, c.name]));
  const width = 760;
  const height = Math.max(220, 70 * Math.max(graph.nodes.filter((n) => n.side === 'pays').length, graph.nodes.filter((n) => n.side === 'receives').length));
  const margin = { left: 150, right: 150, top: 10, bottom: 10 };
  const layout = sankey<NodeExtra, LinkExtra>()
    .nodeWidth(14)
    .nodePadding(24)
    .nodeSort(null)
    .extent([
      [margin.left, margin.top],
      [width - margin.right, height - margin.bottom],
    ]);
  const { nodes, links } = layout({
    nodes: graph.nodes.map((n) => ({ label: names[n.name] ?? n.name, side: n.side })),
    links: graph.links.filter((l) => l.value > 0).map((l) => ({ source: l.source, target: l.target, value: l.value, deal: l.deal, kind: l.kind, in_circle: l.in_circle })),
  });
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': 'financing graph: who pays whom', class: 'sankey' });
  const linkGroup = svg('g', { class: 'role-mark sankey-links', fill: 'none' });
  const path = sankeyLinkHorizontal<NodeExtra, LinkExtra>();
  for (const link of links as SankeyLink<NodeExtra, LinkExtra>[]) {
    const source = link.source as SankeyNode<NodeExtra, LinkExtra>;
    const target = link.target as SankeyNode<NodeExtra, LinkExtra>;
    const p = svg('path', { d: path(link) ?? '', stroke: KIND_COLOURS[link.kind] ?? '#8c8c8c', 'stroke-opacity': link.in_circle ? 0.55 : 0.3, 'stroke-width': Math.max(1, link.width ?? 1) });
    p.appendChild(svg('title', {}, `${source.label} → ${target.label}: ${formatInUnit(link.value, graph.unit)} (${link.kind.replace(/_/g, ' ')}, ${link.deal})${link.in_circle ? ', on a cycle' : ''}`));
    linkGroup.appendChild(p);
  }
  const nodeGroup = svg('g', { class: 'role-mark sankey-nodes' });
  const labelGroup = svg('g', { class: 'role-mark sankey-labels', 'font-size': 13, fill: '#333333' });
  for (const node of nodes as SankeyNode<NodeExtra, LinkExtra>[]) {
    const x0 = node.x0 ?? 0, x1 = node.x1 ?? 0, y0 = node.y0 ?? 0, y1 = node.y1 ?? 0;
    const rect = svg('rect', { x: x0, y: y0, width: x1 - x0, height: Math.max(1, y1 - y0), fill: '#555555' });
    rect.appendChild(svg('title', {}, `${node.label} ${node.side}: ${formatInUnit(node.value ?? 0, graph.unit)}`));
    nodeGroup.appendChild(rect);
    const left = node.side === 'pays';
    const label = svg('text', { x: left ? x0 - 8 : x1 + 8, y: (y0 + y1) / 2, 'dominant-baseline': 'middle', 'text-anchor': left ? 'end' : 'start' }, node.label);
    labelGroup.appendChild(label);
    labelGroup.appendChild(svg('text', { x: left ? x0 - 8 : x1 + 8, y: (y0 + y1) / 2 + 16, 'dominant-baseline': 'middle', 'text-anchor': left ? 'end' : 'start', fill: '#666666', 'font-size': 12 }, `${left ? 'pays' : 'receives'} ${formatInUnit(node.value ?? 0, graph.unit)}`));
  }
  root.append(linkGroup, nodeGroup, labelGroup);
  const kinds = [...new Set(graph.links.map((l) => l.kind))];
  const legend = h('p', { class: 'sankey-legend' }, ...kinds.map((k) => h('span', { class: 'sankey-key', style: `border-left: 14px solid ${KIND_COLOURS[k] ?? '#8c8c8c'}; padding-left: 6px; margin-right: 16px` }, k.replace(/_/g, ' '))));
  const period = graph.year === null ? 'whole amount of each deal' : `flows of ${graph.year}`;
  return h('figure', { class: 'sankey-chart', 'data-chart-id': 'financing:sankey', 'data-rendered': 'true' }, h('figcaption', { class: 'sankey-title' }, `Who pays whom (${graph.unit}, ${period})`), root, legend);
}

// The renderer of each view, by the view's name in the engine's registry of blocks
// (src/gpugap/blocks/registry.cc). Which views a scenario has, and in what order, the engine says
// (view.block_views): the page keeps no list of blocks.
export const BLOCK_VIEWS: Record<string, BlockView> = {
  fleet: (data, charts, done) =>
    blockSection('fleet', 'The fleet', 'The GPUs bought year by year, followed through their power, their depreciation on the books and in economic terms, and their retirement (docs/fleet-model.md).', data, charts, done),
  financing: (data, charts, done) =>
    blockSection('financing', 'The financing graph', 'Deals between companies as a flow of money: a band per deal, as wide as its amount. Money that goes round a cycle comes back as revenue to the companies that invested it.', data, charts, done, data.view.financing ? [financingSankey(data.view.financing)] : []),
  commitments: (data, charts, done) =>
    blockSection('commitments', 'Commitments against revenue', 'What the company pays its suppliers year by year under the deals it signed, against its revenue, and the money from outside that the difference takes (docs/commitments.md).', data, charts, done),
};

// The views of the run's blocks that the page can draw, in the engine's order.
export function blockViews(data: PageData): BlockView[] {
  return (data.view.block_views ?? []).flatMap((name) => (BLOCK_VIEWS[name] ? [BLOCK_VIEWS[name]] : []));
}
