// The HTML report: the document the report was made with, drawn at once from its data, and beside
// it the scenario's inputs as sliders. Moving one recomputes in the page with the embedded
// WebAssembly engine (engine.ts) — no server, no network — on every `input` event while dragging;
// a Monte Carlo report streams its distributions (10^3, 10^4, then all its samples).

import { ChartSet } from './charts';
import { makeControl, type Control } from './controls';
import { renderDocument } from './document';
import { h } from './dom';
import { EngineFailure, hasEmbeddedEngine, isSuperseded, WasmEngine, type Answer, type EngineRequest } from './engine';
import { makeThreshold } from './threshold';
import type { PageData } from './types';

export interface ReportData extends PageData {
  request: PageData['request'] & { source?: { scenario?: string; text?: string; path?: string } | null };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function startReport(root: HTMLElement, data: ReportData): void {
  const charts = new ChartSet();
  const status = h('p', { id: 'status', class: 'status', role: 'status' });
  const engineNote = h('p', { id: 'engine', class: 'engine-note' });
  const resetAll = h('button', { type: 'button', id: 'reset-all', disabled: true }, 'Reset all');
  const controlsList = h('div', { class: 'controls-list' });
  const errorBox = h('div', { id: 'error', class: 'error-box', role: 'alert', hidden: true });
  const documentBox = h('div', { id: 'document' });
  const threshold = makeThreshold();
  root.appendChild(
    h(
      'div',
      { class: 'app report-app' },
      h(
        'div',
        { class: 'app-body' },
        h('aside', { class: 'controls', 'aria-label': 'inputs' }, h('div', { class: 'controls-head' }, h('h2', {}, 'Inputs'), resetAll), engineNote, status, controlsList, threshold.element),
        h('main', { class: 'app-main' }, errorBox, documentBox),
      ),
    ),
  );

  const { request } = data;
  const sampled = request.samples > 0;
  let generation = 0;
  const draw = (page: PageData, final: boolean): Promise<void> => {
    const mine = ++generation;
    charts.begin();
    const drawn = renderDocument(page, charts);
    charts.end();
    documentBox.replaceChildren(drawn.element);
    threshold.update(page);
    documentBox.classList.toggle('stale', !final);
    return drawn.done.then(() => {
      // For the benchmark (bench/report_latency.mjs): the charts now show this drawing's data or a
      // newer one's (a chart draws only the newest update it was given); and how many charts were
      // updated in place or drawn anew so far.
      document.body.dataset.drawn = String(page.request.samples);
      document.body.dataset.chartsUpdated = String(charts.updated);
      document.body.dataset.chartsEmbedded = String(charts.embedded);
      if (mine === generation && final) document.body.dataset.state = 'ready';
    });
  };

  document.body.dataset.state = 'rendering';
  void draw(data, true);

  const controls: Control[] = [];
  const overrides = (): string[] => controls.map((c) => (c.override() === null ? null : `${c.name}=${c.override()}`)).filter((s): s is string => s !== null);
  const source = request.source ?? null;
  let engine: Promise<WasmEngine | null> | null = null;
  let startEngine: () => Promise<WasmEngine | null> = () => Promise.resolve(null);

  const showError = (error: unknown) => {
    errorBox.textContent = error instanceof EngineFailure ? error.describe() : String(error);
    errorBox.hidden = false;
    documentBox.classList.add('stale');
    status.textContent = 'error';
    document.body.dataset.state = 'error';
  };

  const pageOf = (answer: Answer, sets: string[]): PageData => {
    const { view, ...run } = answer;
    return { gpugap: data.gpugap, run, view, request: { sets, samples: run.samples ?? 0, seed: run.seed ?? request.seed } };
  };

  const recompute = async () => {
    const sets = [...request.sets, ...overrides()];
    resetAll.disabled = overrides().length === 0;
    document.body.dataset.state = 'computing';
    status.textContent = 'computing…';
    const started = performance.now();
    const ask: EngineRequest = { ...(source ?? {}), set: sets, samples: sampled ? request.samples : 0, seed: request.seed };
    try {
      const wasm = await startEngine();
      if (!wasm) return;
      if (!sampled) {
        const answer = await wasm.point(ask);
        // How long the engine took (worker round trip), for the benchmark (bench/report_latency.mjs).
        document.body.dataset.engineMs = (performance.now() - started).toFixed(1);
        errorBox.hidden = true;
        const drawn = draw(pageOf(answer, sets), true);
        status.textContent = `point values, computed in this page in ${Math.round(performance.now() - started)} ms`;
        await drawn;
        return;
      }
      let first = true;
      await wasm.sampled(ask, (update) => {
        errorBox.hidden = true;
        // The first step's arrival and the engine's own time for it, for the benchmark.
        if (first) {
          document.body.dataset.firstStepMs = (performance.now() - started).toFixed(1);
          document.body.dataset.firstEngineMs = update.ms.toFixed(1);
          first = false;
        }
        document.body.dataset.samples = String(update.samples);
        void draw(pageOf(update.answer, sets), update.final);
        status.textContent = update.final
          ? `${count(update.total)} samples, computed in this page in ${Math.round(performance.now() - started)} ms`
          : `${count(update.samples)} of ${count(update.total)} samples…`;
      });
    } catch (error) {
      if (!isSuperseded(error)) showError(error);
    }
  };

  for (const [name, q] of Object.entries(data.run.quantities)) {
    if (!q.input) continue;
    const control = makeControl(name, data.view.labels[name] ?? name, q, () => void recompute());
    if (control) controls.push(control);
  }
  controlsList.replaceChildren(...controls.map((c) => c.element));
  resetAll.addEventListener('click', () => {
    for (const c of controls) c.reset();
    void recompute();
  });

  const disable = (why: string) => {
    engineNote.textContent = why;
    document.body.dataset.engine = 'none';
    for (const input of controlsList.querySelectorAll('input, button')) (input as HTMLInputElement).disabled = true;
  };
  if (!source) {
    disable('The inputs of this report cannot be moved: its scenario is not one the page can recompute.');
    return;
  }
  if (typeof WebAssembly !== 'object' || typeof DecompressionStream !== 'function' || typeof Worker !== 'function') {
    disable('This browser cannot run the engine this report carries (WebAssembly, Web Workers and DecompressionStream are needed): the numbers are those the report was made with.');
    return;
  }
  if (!hasEmbeddedEngine()) {
    disable('This report was made by a gpugap built without its WebAssembly engine: its reader cannot recompute. The numbers are those it was made with.');
    return;
  }
  // The engine starts when the reader comes to the inputs (a pointer over them, a focus, a touch),
  // not when the page opens: a reader who only reads pays nothing for it.
  document.body.dataset.engine = 'idle';
  const start = (): Promise<WasmEngine | null> => {
    if (engine) return engine;
    document.body.dataset.engine = 'loading';
    engineNote.textContent = 'Loading the engine…';
    engine = WasmEngine.fromPage(sampled).then(
      (wasm) => {
        if (!wasm) {
          disable('This report was made by a gpugap built without its WebAssembly engine: its reader cannot recompute. The numbers are those it was made with.');
          return null;
        }
        document.body.dataset.engine = 'ready';
        engineNote.textContent = sampled
          ? `The page recomputes here, with gpugap's engine (WebAssembly): ${count(request.samples)} samples (seed ${request.seed}), nothing sent anywhere.`
          : "The page recomputes here, with gpugap's engine (WebAssembly), nothing sent anywhere.";
        return wasm;
      },
      (error: unknown) => {
        disable(`The engine could not start: ${String(error)}`);
        return null;
      },
    );
    return engine;
  };
  engineNote.textContent = 'Move an input: the page recomputes in place, offline.';
  const aside = controlsList.parentElement as HTMLElement;
  for (const event of ['pointerenter', 'focusin', 'touchstart']) aside.addEventListener(event, () => void start(), { once: true, passive: true });
  startEngine = start;
}
