// `gpugap serve`'s page: pick a scenario, move its inputs, watch the results, the charts and
// P(gap > 0) follow. The state (scenario, overrides, samples, seed, the scenario compared with)
// lives in the URL, so "copy link" shares exactly what is on screen.

import { api, ApiFailure, type RunBody, type ScenarioInfo } from './api';
import { ChartSet } from './charts';
import { makeControl, type Control } from './controls';
import { renderDocument } from './document';
import { h } from './dom';
import type { PageData, Run, View } from './types';

const DEBOUNCE_MS = 120;

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
        h('aside', { class: 'controls', 'aria-label': 'inputs' }, h('div', { class: 'controls-head' }, h('h2', {}, 'Inputs'), resetAll), status, controlsList),
        h('main', { class: 'app-main' }, errorBox, diffBox, documentBox),
      ),
    ),
  );

  let controls: Control[] = [];
  // The result whose tornado the page draws: the gap, or the first uncertain headline result.
  let tornadoOutput: string | null = null;
  let running: AbortController | null = null;
  let timer: number | undefined;

  const setBusy = (busy: string) => {
    document.body.dataset.state = busy;
  };

  const showError = (error: unknown) => {
    const text = error instanceof ApiFailure ? error.describe() : String(error);
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
                h('tr', { 'data-name': r.name }, h('td', {}, h('code', {}, r.name)), h('td', { class: 'num' }, r.a_text), h('td', { class: 'num' }, r.b_text), h('td', {}, r.change_text), h('td', {}, r.change), h('td', {}, r.caused_by.join(', '))),
              ),
            ),
          ),
    );
    diffBox.hidden = false;
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
    try {
      const [result, tornado] = await Promise.all([
        api.run({ ...body(), view: true }, controller.signal),
        tornadoOutput ? api.sensitivity({ ...body(), output: tornadoOutput, method: 'tornado' }, controller.signal) : null,
      ]);
      const { view, ...run } = result as Run & { view: View };
      if (tornado) view.charts.push(...tornado.charts);
      const data: PageData = { run, view, request: { sets: state.sets, samples: run.samples ?? 0, seed: run.seed ?? 0 } };
      charts.clear();
      const drawn = renderDocument(data, charts);
      documentBox.replaceChildren(drawn.element);
      documentBox.classList.remove('stale');
      errorBox.hidden = true;
      await Promise.all([drawn.done, runDiff(controller.signal)]);
      if (running !== controller) return;
      status.textContent = `computed in ${Math.round(performance.now() - started)} ms`;
      setBusy('ready');
    } catch (error) {
      if (controller.signal.aborted) return;
      showError(error);
    }
  };

  // A change waits DEBOUNCE_MS for the next one before it runs: the page is "pending" meanwhile,
  // so nothing (a test, a screen reader's live region) takes the old numbers for the new ones.
  const schedule = () => {
    setBusy('pending');
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void run(), DEBOUNCE_MS);
  };

  // A new scenario: its inputs' controls from a run without overrides, then the run with them.
  const loadScenario = async (sets: string[]) => {
    setBusy('running');
    try {
      const baseline = await api.run({ scenario: state.scenario, set: [], samples: 1, view: true });
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
