// `gpugap serve`'s page: pick a scenario, move its inputs, watch the results, the charts and
// P(gap > 0) follow. The state (scenario, overrides, samples, seed, the scenario compared with)
// lives in the URL, so "copy link" shares exactly what is on screen.
// The page computes with the WebAssembly engine it embeds (engine.ts), as the report does: point
// runs on every input event, Monte Carlo streamed from a Web Worker. The server lists the
// scenarios, gives their text, saves an edited one back, compares two scenarios (diff), and runs
// what the page does not: more than 10^6 samples, and a scenario the engine cannot load (one that
// extends or reads a file of the user's folder). The status line says which engine ran.

import { api, ApiFailure, type RunBody, type ScenarioInfo } from './api';
import { EngineFailure, isSuperseded, WasmEngine, type Answer, type EngineRequest } from './engine';
import { makeThreshold } from './threshold';
import { ChartSet } from './charts';
import { makeControl, type Control } from './controls';
import { renderDocument } from './document';
import { h } from './dom';
import type { PageData, Run, View } from './types';

// With the server computing, a change waits this long for the next one.
const DEBOUNCE_MS = 120;
// Above this many samples the server computes (all its cores, no page memory).
const PAGE_MAX_SAMPLES = 1_000_000;

// samples 0 and seed null mean what `gpugap run` does by default: 100000 samples when an input
// is uncertain (else point values), and its default seed.
interface State {
  scenario: string;
  sets: string[];
  samples: number;
  seed: number | null;
  diff: string;
}

function readState(): State {
  const q = new URLSearchParams(location.search);
  return {
    scenario: q.get('scenario') ?? '',
    sets: q.getAll('set'),
    samples: Math.max(0, Math.round(Number(q.get('samples') ?? 0)) || 0),
    seed: q.get('seed') === null || Number.isNaN(Number(q.get('seed'))) ? null : Number(q.get('seed')),
    diff: q.get('diff') ?? '',
  };
}

function stateQuery(state: State): string {
  const q = new URLSearchParams();
  q.set('scenario', state.scenario);
  for (const s of state.sets) q.append('set', s);
  if (state.samples > 0) q.set('samples', String(state.samples));
  if (state.seed !== null) q.set('seed', String(state.seed));
  if (state.diff) q.set('diff', state.diff);
  return q.toString();
}

function option(value: string, text: string, selected: boolean): HTMLOptionElement {
  return h('option', { value, selected }, text);
}

export async function startApp(root: HTMLElement): Promise<void> {
  // A computation that a newer one replaces is aborted, and what it still awaited (a fetch, a
  // chart) rejects with an AbortError that nobody needs: that is the page working, not an error.
  window.addEventListener('unhandledrejection', (event) => {
    if (event.reason instanceof DOMException && event.reason.name === 'AbortError') event.preventDefault();
  });
  const state = readState();
  const charts = new ChartSet();
  const scenarioSelect = h('select', { id: 'scenario-select', 'aria-label': 'scenario' });
  const diffSelect = h('select', { id: 'diff-select', 'aria-label': 'compare with' });
  const samplesInput = h('input', { type: 'number', id: 'samples', min: 1, max: 10000000, step: 1000, value: state.samples || '', placeholder: 'auto', title: 'Monte Carlo samples. Empty: 100,000 when an input is uncertain, else point values; 1: point values' });
  const seedInput = h('input', { type: 'number', id: 'seed', min: 0, step: 1, value: state.seed ?? '', placeholder: 'default', title: 'Seed of the random streams: the same seed gives the same numbers' });
  const copyButton = h('button', { type: 'button', id: 'copy-link' }, 'Copy link');
  const linkBox = h('input', { type: 'text', id: 'link-box', readonly: true, hidden: true, 'aria-label': 'link to this view' });
  const downloadLink = h('a', { id: 'download-report', class: 'button', download: '' }, 'Download report');
  const status = h('span', { id: 'status', class: 'status', role: 'status' });
  const resetAll = h('button', { type: 'button', id: 'reset-all' }, 'Reset all');
  const controlsList = h('div', { class: 'controls-list' });
  const errorBox = h('div', { id: 'error', class: 'error-box', role: 'alert', hidden: true });
  const diffBox = h('section', { id: 'diff', class: 'diff', hidden: true });
  const documentBox = h('div', { id: 'document' });
  const engineNote = h('p', { id: 'engine', class: 'engine-note' });
  // The scenario's file, to edit: recomputed in the page, saved into the user's folder.
  const tomlText = h('textarea', { id: 'toml-text', rows: 16, spellcheck: 'false', 'aria-label': 'scenario file' });
  const applyText = h('button', { type: 'button', id: 'apply-text' }, 'Recompute');
  const saveName = h('input', { type: 'text', id: 'save-name', 'aria-label': 'save as', spellcheck: 'false' });
  const saveText = h('button', { type: 'button', id: 'save-text' }, 'Save to my folder');
  const saveStatus = h('span', { id: 'save-status', class: 'status', role: 'status' });
  const editor = h('details', { id: 'editor', class: 'editor' }, h('summary', {}, 'Edit the scenario file'), tomlText, h('div', { class: 'editor-bar' }, applyText, ' as ', saveName, '.toml ', saveText, ' ', saveStatus));
  const threshold = makeThreshold();

  root.appendChild(
    h(
      'div',
      { class: 'app' },
      h(
        'header',
        { class: 'app-bar' },
        h('span', { class: 'brand' }, 'gpugap'),
        h('label', {}, 'Scenario ', scenarioSelect),
        h('label', {}, 'Samples ', samplesInput),
        h('label', {}, 'Seed ', seedInput),
        h('label', {}, 'Compare with ', diffSelect),
        copyButton,
        downloadLink,
        linkBox,
      ),
      h(
        'div',
        { class: 'app-body' },
        h('aside', { class: 'controls', 'aria-label': 'inputs' }, h('div', { class: 'controls-head' }, h('h2', {}, 'Inputs'), resetAll), status, engineNote, controlsList, threshold.element),
        h('main', { class: 'app-main' }, editor, errorBox, diffBox, documentBox),
      ),
    ),
  );

  let controls: Control[] = [];
  // The result whose tornado the page draws: the gap, or the first uncertain headline result.
  let tornadoOutput: string | null = null;
  let running: AbortController | null = null;
  let timer: number | undefined;
  // The engine the page embeds; null when gpugap was built without it (the server computes).
  // Until it is ready (it starts with the page) the server computes, so the first numbers do not
  // wait for it.
  let ready: WasmEngine | null = null;
  const engine: Promise<WasmEngine | null> = WasmEngine.fromPage(false)
    .catch(() => null)
    .then((wasm) => (ready = wasm));
  // The scenario as the engine is asked for it: a bundled name, or a user's file as its text.
  let source: Pick<EngineRequest, 'scenario' | 'text' | 'path'> | null = null;
  let scenarioUncertain = false;

  const setBusy = (busy: string) => {
    document.body.dataset.state = busy;
  };

  const showError = (error: unknown) => {
    const text = error instanceof ApiFailure || error instanceof EngineFailure ? error.describe() : String(error);
    errorBox.textContent = text;
    errorBox.hidden = false;
    documentBox.classList.add('stale');
    status.textContent = 'error';
    setBusy('error');
  };

  const syncUrl = () => {
    history.replaceState(null, '', `?${stateQuery(state)}`);
    downloadLink.href = `/report.html?${stateQuery(state)}`;
    downloadLink.setAttribute('download', `${state.scenario}.html`);
  };

  const body = (): RunBody => ({ scenario: state.scenario, set: state.sets, samples: state.samples, ...(state.seed === null ? {} : { seed: state.seed }) });

  const runDiff = async (signal: AbortSignal) => {
    if (!state.diff) {
      diffBox.hidden = true;
      return;
    }
    const other: RunBody = { scenario: state.diff, set: [], samples: 1 };
    // The API's A is this scenario ("Here") and B the other: say so by their column names.
    const changeLabel = (change: string) => (change === 'only in A' ? 'only here' : change === 'only in B' ? `only in ${state.diff}` : change);
    const { rows } = await api.diff(body(), other, signal);
    diffBox.replaceChildren(
      h('h2', {}, `Compared with ${state.diff}`),
      rows.length === 0
        ? h('p', {}, 'No quantity differs.')
        : h(
            'table',
            { class: 'data-table diff-table' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Quantity'), h('th', { class: 'num' }, 'Here'), h('th', { class: 'num' }, state.diff), h('th', {}, 'Change'), h('th', {}, 'What changed'), h('th', {}, 'Because of'))),
            h(
              'tbody',
              {},
              rows.map((r) =>
                h('tr', { 'data-name': r.name }, h('td', {}, h('code', {}, r.name)), h('td', { class: 'num' }, r.a_text), h('td', { class: 'num' }, r.b_text), h('td', {}, r.change_text), h('td', {}, changeLabel(r.change)), h('td', {}, r.caused_by.join(', '))),
              ),
            ),
          ),
    );
    diffBox.hidden = false;
  };

  // What the page draws once an answer is in; `final` when no more samples will come.
  const show = async (result: Answer, final: boolean, controller: AbortController, tornado: { charts: unknown[] } | null = null) => {
    const { view, ...run } = result;
    if (tornado) view.charts.push(...(tornado.charts as View['charts']));
    const data: PageData = { run, view, request: { sets: state.sets, samples: run.samples ?? 0, seed: run.seed ?? 0 } };
    charts.begin();
    const drawn = renderDocument(data, charts);
    charts.end();
    documentBox.replaceChildren(drawn.element);
    documentBox.classList.toggle('stale', !final);
    threshold.update(data);
    errorBox.hidden = true;
    if (!final) return;
    await Promise.all([drawn.done, runDiff(controller.signal)]);
  };

  // On the server: the run and its tornado, as before the page had an engine.
  const runOnServer = async (controller: AbortController) => {
    const [result, tornado] = await Promise.all([
      api.run({ ...body(), view: true }, controller.signal),
      tornadoOutput ? api.sensitivity({ ...body(), output: tornadoOutput, method: 'tornado' }, controller.signal) : null,
    ]);
    await show(result as Answer, true, controller, tornado);
    return 'the server (native engine)';
  };

  // In the page: point values at once, Monte Carlo streamed.
  const runInPage = async (wasm: WasmEngine, controller: AbortController, total: number) => {
    const ask: EngineRequest = { ...(source ?? {}), set: state.sets, samples: total, ...(state.seed === null ? {} : { seed: state.seed }), ...(tornadoOutput ? { tornado: tornadoOutput } : {}) };
    if (total <= 1) {
      await show(await wasm.point(ask), true, controller);
    } else {
      await wasm.sampled(ask, (update) => {
        document.body.dataset.samples = String(update.samples);
        if (!update.final) status.textContent = `${update.samples.toLocaleString('en-US')} of ${update.total.toLocaleString('en-US')} samples…`;
        show(update.answer, update.final, controller).catch((error: unknown) => {
          if (!controller.signal.aborted) showError(error);
        });
      });
    }
    return 'this page (WebAssembly)';
  };

  const run = async () => {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    state.sets = controls.map((c) => (c.override() === null ? null : `${c.name}=${c.override()}`)).filter((s): s is string => s !== null);
    syncUrl();
    setBusy('running');
    status.textContent = 'computing…';
    const started = performance.now();
    const total = state.samples > 0 ? state.samples : scenarioUncertain ? 100000 : 0;
    try {
      const wasm = ready;
      let where: string;
      if (wasm && source && total <= PAGE_MAX_SAMPLES) {
        try {
          where = await runInPage(wasm, controller, total);
        } catch (error) {
          // The engine holds no file of the user's: what it cannot load, the server can.
          if (!(error instanceof EngineFailure) || source.text === undefined) throw error;
          where = await runOnServer(controller);
        }
      } else {
        where = await runOnServer(controller);
      }
      if (running !== controller) return;
      status.textContent = `computed in ${Math.round(performance.now() - started)} ms`;
      engineNote.textContent = `Computed by ${where}.`;
      document.body.dataset.engine = where.startsWith('this page') ? 'wasm' : 'server';
      setBusy('ready');
    } catch (error) {
      if (controller.signal.aborted || isSuperseded(error)) return;
      showError(error);
    }
  };

  // A change in the page's engine runs at once, on every input event; on the server it
  // for the next one before it runs: the page is "pending" meanwhile,
  // so nothing (a test, a screen reader's live region) takes the old numbers for the new ones.
  const schedule = () => {
    setBusy('pending');
    window.clearTimeout(timer);
    if (ready && source && (state.samples || 0) <= PAGE_MAX_SAMPLES) {
      void run();
    } else {
      timer = window.setTimeout(() => void run(), DEBOUNCE_MS);
    }
  };

  // A new scenario: its inputs' controls from a run without overrides, then the run with them.
  const loadScenario = async (sets: string[]) => {
    setBusy('running');
    try {
      const info = scenarios.find((s) => s.name === state.scenario);
      source = null;
      const file = (await fetch(`/api/scenarios/${encodeURIComponent(state.scenario)}`).then((r) => (r.ok ? r.json() : null))) as { toml?: string } | null;
      tomlText.value = file?.toml ?? '';
      saveName.value = info?.origin === 'user' ? state.scenario : `${state.scenario}-mine`;
      saveStatus.textContent = '';
      if (info?.origin === 'bundled') source = { scenario: state.scenario };
      else if (typeof file?.toml === 'string') source = { text: file.toml, path: `${state.scenario}.toml` };
      const baseline = await api.run({ scenario: state.scenario, set: [], samples: 1, view: true });
      scenarioUncertain = Object.values(baseline.quantities).some((q) => q.input && q.uncertain);
      controls = [];
      for (const [name, q] of Object.entries(baseline.quantities)) {
        if (!q.input) continue;
        const control = makeControl(name, baseline.view?.labels[name] ?? name, q, schedule);
        if (control) controls.push(control);
      }
      for (const s of sets) {
        const eq = s.indexOf('=');
        const control = controls.find((c) => c.name === s.slice(0, eq));
        control?.apply(s.slice(eq + 1));
      }
      controlsList.replaceChildren(...controls.map((c) => c.element));
      const uncertain = (baseline.view?.headline ?? []).filter((name) => baseline.quantities[name]?.uncertain && !baseline.quantities[name].input);
      tornadoOutput = uncertain.find((name) => /gap/.test(name)) ?? uncertain[0] ?? null;
      await run();
    } catch (error) {
      showError(error);
    }
  };

  let scenarios: ScenarioInfo[] = [];
  try {
    scenarios = await api.scenarios();
  } catch (error) {
    showError(error);
    return;
  }
  if (!scenarios.some((s) => s.name === state.scenario)) {
    state.scenario = scenarios.find((s) => s.name === 'sequoia-2024')?.name ?? scenarios[0]?.name ?? '';
  }
  for (const s of scenarios) scenarioSelect.appendChild(option(s.name, `${s.title || s.name}${s.origin === 'user' ? ' (yours)' : ''}`, s.name === state.scenario));
  diffSelect.appendChild(option('', '—', state.diff === ''));
  for (const s of scenarios) diffSelect.appendChild(option(s.name, s.name, s.name === state.diff));

  scenarioSelect.addEventListener('change', () => {
    state.scenario = scenarioSelect.value;
    void loadScenario([]);
  });
  diffSelect.addEventListener('change', () => {
    state.diff = diffSelect.value;
    schedule();
  });
  samplesInput.addEventListener('change', () => {
    state.samples = Math.max(0, Math.round(Number(samplesInput.value) || 0));
    schedule();
  });
  seedInput.addEventListener('change', () => {
    state.seed = seedInput.value === '' ? null : Math.max(0, Math.round(Number(seedInput.value) || 0));
    schedule();
  });
  resetAll.addEventListener('click', () => {
    for (const c of controls) c.reset();
    schedule();
  });
  applyText.addEventListener('click', () => {
    // A bundled scenario's text is read where the engine keeps it, so that its data files resolve.
    const bundled = scenarios.find((s) => s.name === state.scenario)?.origin === 'bundled';
    source = { text: tomlText.value, path: bundled ? `/gpugap/scenarios/${state.scenario}.toml` : `${state.scenario}.toml` };
    void run();
  });
  saveText.addEventListener('click', async () => {
    saveStatus.textContent = 'saving…';
    const response = await fetch(`/api/scenarios/${encodeURIComponent(saveName.value.trim())}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ toml: tomlText.value }) });
    const answer = (await response.json().catch(() => ({}))) as { error?: string; hint?: string };
    saveStatus.textContent = response.ok ? `saved as ${saveName.value.trim()}.toml` : `not saved: ${answer.error ?? response.status}${answer.hint ? ` (${answer.hint})` : ''}`;
  });
  copyButton.addEventListener('click', () => {
    const link = location.href;
    linkBox.value = link;
    const copied = () => {
      copyButton.textContent = 'Copied ✓';
      window.setTimeout(() => (copyButton.textContent = 'Copy link'), 2000);
    };
    // Without clipboard access (a non-secure context, a denied permission) show the link to copy.
    const shown = () => {
      linkBox.hidden = false;
      linkBox.select();
    };
    if (navigator.clipboard) navigator.clipboard.writeText(link).then(copied, shown);
    else shown();
  });

  await loadScenario(state.sets);
}
