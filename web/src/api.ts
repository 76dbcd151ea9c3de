// The JSON API of `gpugap serve` (docs/api.md), as the page calls it.

import type { ApiError, ChartSpec, Run, View } from './types';

export interface ScenarioInfo {
  name: string;
  title: string;
  origin: 'user' | 'bundled';
  published?: { by: string; date: string; url: string };
}

export interface RunBody {
  scenario: string;
  set: string[];
  samples?: number;
  seed?: number;
  view?: boolean;
}

export interface DiffRow {
  name: string;
  change: string;
  a: number | null;
  b: number | null;
  a_text: string;
  b_text: string;
  change_text: string;
  unit: string;
  caused_by: string[];
  year: number | null;
  comparable: boolean;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly detail: ApiError,
  ) {
    super(detail.error);
  }

  // As the command line says it: "mine.toml:3:17: unknown name 'x'", then "hint: …".
  describe(): string {
    const { file, line, col, error, hint } = this.detail;
    const where = [file, line, col].filter((part) => part !== undefined && part !== null && part !== '').join(':');
    return `${where ? `${where}: ` : ''}${error}${hint ? `\nhint: ${hint}` : ''}`;
  }
}

async function call<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const payload = (await response.json().catch(() => ({ error: `HTTP ${response.status}` }))) as unknown;
  if (!response.ok) throw new ApiFailure(response.status, payload as ApiError);
  return payload as T;
}

export const api = {
  scenarios: () => call<ScenarioInfo[]>('/api/scenarios'),
  run: (body: RunBody, signal?: AbortSignal) => call<Run & { view?: View }>('/api/run', body, signal),
  sensitivity: (body: RunBody & { output: string; method: 'tornado' | 'sobol' }, signal?: AbortSignal) =>
    call<{ charts: ChartSpec[] }>('/api/sensitivity', body, signal),
  diff: (a: RunBody, b: RunBody, signal?: AbortSignal) =>
    call<{ rows: DiffRow[] }>('/api/diff', { a: { scenario: a.scenario, set: a.set }, b: { scenario: b.scenario, set: b.set } }, signal),
};
