// Views of a scenario's blocks (the fleet, the financing graph): each appears when its block is in
// the scenario, that is when the run has quantities named "<block>.<output>".
//
// report/vega.cc draws no chart of a block's outputs: that is the block view's job. To add one:
// write its charts in C++ (a function in src/gpugap/report/ returning Vega-Lite specs whose
// usermeta.section is the block's name, called from report_view()), then `render(data, charts,
// done)` here returning a <section> that draws them with `charts` (and by hand what Vega-Lite
// cannot draw: the Sankey of the financing graph, with d3-sankey); then list it in BLOCK_VIEWS.
// The page shows the views in this order, after the results' charts and before the tables.

import type { ChartSet } from './charts';
import type { PageData } from './types';

export interface BlockView {
  block: string; // the scenario's table that switches the block on: "fleet", "financing"
  render(data: PageData, charts: ChartSet, done: Promise<void>[]): HTMLElement;
}

export const BLOCK_VIEWS: BlockView[] = [];

export function blockInRun(data: PageData, block: string): boolean {
  return Object.keys(data.run.quantities).some((name) => name.startsWith(`${block}.`));
}
