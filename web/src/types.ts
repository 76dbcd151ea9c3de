// The data the page draws: a run's JSON (`gpugap run --format json`, or POST /api/run), the view
// that report_view() adds (src/gpugap/report/html.h) and how the run was asked for.
// Monte Carlo statistics are optional everywhere: a point run has none of them.

export type YearValues = Record<string, number | null>;

export interface Histogram {
  edges: number[];
  counts: number[];
  below?: number; // samples under the first edge (the histogram spans p0.5 to p99.5)
  above?: number; // samples over the last edge
}

// A statistic of a scalar is a number; of a series, a number per year (object keyed by year, or
// an array parallel to the years).
export type Stat = number | YearValues | (number | null)[];

export interface Quantity {
  unit: string;
  value: number | null | YearValues;
  formula: string;
  source: string;
  note?: string;
  input: boolean;
  uncertain?: boolean;
  mean?: Stat;
  sd?: Stat;
  p1?: Stat;
  p5?: Stat;
  p10?: Stat;
  p25?: Stat;
  p50?: Stat;
  p75?: Stat;
  p90?: Stat;
  p95?: Stat;
  p99?: Stat;
  p_positive?: Stat;
  p_never?: Stat;
  p_by_year?: YearValues;
  histogram?: Histogram;
}

export interface Published {
  by: string;
  date: string;
  url: string;
}

export interface Run {
  scenario: string;
  title: string;
  published?: Published;
  samples?: number;
  seed?: number;
  quantities: Record<string, Quantity>;
}

export interface ExplainNode {
  name: string;
  value: string;
  unit: string;
  formula?: string;
  substituted?: string;
  source?: string;
  note?: string;
  set?: boolean;
  repeated?: boolean;
  children?: ExplainNode[];
}

export interface Check {
  name: string;
  expected: string;
  computed: string;
  passed: boolean;
}

// A Vega-Lite spec as report/vega.cc writes it: "name" is its id, usermeta.section its place.
export interface ChartSpec {
  name: string;
  usermeta: { section: string };
  width?: number | 'container';
  [key: string]: unknown;
}

export interface View {
  description: string;
  labels: Record<string, string>;
  headline: string[];
  never?: string[]; // quantities whose point value is "never" (+infinity, null in JSON)
  charts: ChartSpec[];
  explain: ExplainNode[];
  checks: Check[];
  block_views?: string[]; // the views of the scenario's blocks, named in the engine's registry of blocks
  years?: [number, number];
  sensitivity?: unknown;
  financing?: FinancingGraph; // the [financing] block's graph of whole deals (gpugap graph --format json)
}

export interface FinancingGraph {
  scenario: string;
  year: number | null;
  unit: string;
  companies: { id: string; name: string; revenue: number; round_tripped_revenue: number; end_customer_revenue: number }[];
  nodes: { name: string; side: 'pays' | 'receives' }[];
  links: { source: number; target: number; value: number; deal: string; kind: string; in_circle: boolean }[];
}

export interface RunRequest {
  sets: string[];
  samples: number;
  seed: number;
}

export interface PageData {
  gpugap?: string;
  run: Run;
  view: View;
  request: RunRequest;
}

// An error as the API returns it (docs/api.md).
export interface ApiError {
  error: string;
  line?: number | null;
  col?: number | null;
  file?: string;
  hint?: string;
}
