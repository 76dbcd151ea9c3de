// The playground (`gpugap playground`, `gpugap serve`'s /playground; docs/playground.md): a
// scenario editor beside its results. The page carries everything it needs — the engine as
// WebAssembly, the bundled scenarios' text — and computes in a Web Worker as you type, with no
// server and no network request. Errors are marked where the engine places them, with the
// message and hint `gpugap run` prints. The URL's fragment always holds the current text
// (share.ts), so the address bar is the share link.
import { EditorView, basicSetup } from 'codemirror';
import { StreamLanguage } from '@codemirror/language';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';

import { h } from '../dom';
import { marks, place, type EngineDiagnostic } from './diagnostics';
import { embeddedEngine } from '../engine';
import { Engine } from './engine';
import { renderResults, type RunJson } from './results';
import { decodeShare, encodeShare } from './share';

interface PageData {
  gpugap: string;
  name: string;
  text: string;
  samples: number;
  scenarios: Record<string, string>;
}

interface ErrorAnswer {
  error: string;
  diagnostics: EngineDiagnostic[];
  printed: string;
}

const DEBOUNCE_MS = 200;

function safeName(name: string): string {
  const clean = name.replace(/\.toml$/, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return clean || 'playground';
}

function setState(state: string): void {
  document.body.dataset.state = state;
}

async function start(root: HTMLElement): Promise<void> {
  const dataElement = document.getElementById('gpugap-playground-data');
  const data = JSON.parse(dataElement?.textContent ?? '{}') as PageData;
  const shared = await decodeShare(location.hash).catch(() => null);
  let name = safeName(shared?.name ?? data.name);
  // As if the text were a bundled scenario's file: its data files (../data/…) and `extends`
  // resolve as the bundled ones do, in the engine's own file system (docs/wasm.md).
  const path = () => `/gpugap/scenarios/${name}.toml`;

  // The controls.
  const fork = h('select', { id: 'pg-fork', 'aria-label': 'Fork a bundled scenario' }, h('option', { value: '' }, 'Fork a bundled scenario…'));
  for (const scenario of Object.keys(data.scenarios).sort()) fork.appendChild(h('option', { value: scenario }, scenario));
  const samples = h(
    'select',
    { id: 'pg-samples', 'aria-label': 'Monte Carlo samples' },
    h('option', { value: '1' }, 'point values'),
    h('option', { value: '10000' }, '10,000 samples'),
    h('option', { value: '100000' }, '100,000 samples'),
  );
  samples.value = String(data.samples || 10000);
  const download = h('button', { id: 'pg-download', type: 'button' }, 'Download .toml');
  const share = h('button', { id: 'pg-share', type: 'button' }, 'Share link');
  const link = h('input', { id: 'pg-link', type: 'text', readonly: true, 'aria-label': 'Share link', placeholder: 'the link to this text appears here' });
  const status = h('span', { id: 'pg-status', role: 'status' }, 'loading the engine…');
  const problems = h('ul', { id: 'pg-problems', 'aria-label': 'Problems' });
  const results = h('div', { id: 'pg-results' });
  const editorBox = h('div', { id: 'pg-editor' });
  root.append(
    h(
      'header',
      { class: 'pg-bar' },
      h('strong', {}, 'gpugap playground'),
      fork,
      samples,
      download,
      share,
      link,
      status,
    ),
    h('main', { class: 'pg-main' }, h('section', { class: 'pg-left' }, editorBox, problems), h('section', { class: 'pg-right' }, results)),
  );

  const editor = new EditorView({
    doc: shared?.text ?? data.text,
    extensions: [
      basicSetup,
      StreamLanguage.define(toml),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.updateListener.of((update) => {
        if (update.docChanged) schedule();
      }),
    ],
    parent: editorBox,
  });

  const text = () => editor.state.doc.toString();

  // Problems: marks in the editor, and a list under it whose items move the cursor there.
  function showProblems(answer: ErrorAnswer | null): void {
    const diagnostics = answer?.diagnostics ?? [];
    editor.dispatch(setDiagnostics(editor.state, marks(editor.state.doc, diagnostics, path())));
    problems.replaceChildren(
      ...diagnostics.map((d) => {
        const here = d.file === path();
        const file = (d.file ?? '').replace(/^.*\//, ''); // another file: the parent it extends
        const where = d.line === null ? (here || !file ? '' : `${file}: `) : here ? `line ${d.line}, column ${d.column}: ` : `${file}:${d.line}:${d.column}: `;
        const item = h(
          'li',
          { class: 'pg-problem', 'data-line': d.line ?? '', 'data-column': d.column ?? '' },
          h('span', { class: 'pg-where' }, where),
          h('span', { class: 'pg-message' }, d.message),
          d.hint ? h('div', { class: 'pg-hint' }, `hint: ${d.hint}`) : null,
        );
        const at = here ? place(editor.state.doc, d) : null;
        if (at) {
          item.classList.add('pg-jump');
          item.addEventListener('click', () => {
            editor.dispatch({ selection: { anchor: at.from, head: at.to }, scrollIntoView: true });
            editor.focus();
          });
        }
        return item;
      }),
    );
  }

  let engine: Engine | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let runs = 0;
  let lastRun: RunJson | null = null;

  async function compute(): Promise<void> {
    if (!engine) return;
    const asked = text();
    setState('computing');
    status.textContent = 'computing…';
    const answer = await engine.run({ text: asked, path: path(), samples: Number(samples.value) });
    if (!answer || asked !== text()) return; // a newer text is on its way
    const json = JSON.parse(answer.json) as RunJson | ErrorAnswer;
    runs++;
    document.body.dataset.runs = String(runs);
    if ('error' in json) {
      showProblems(json);
      results.classList.add('pg-stale');
      status.textContent = `${json.diagnostics.length || 1} error${json.diagnostics.length > 1 ? 's' : ''}: ${json.error}`;
      setState('error');
    } else {
      showProblems(null);
      lastRun = json;
      results.classList.remove('pg-stale');
      results.replaceChildren(renderResults(json, answer.ms));
      status.textContent = `computed in ${Math.round(answer.ms)} ms`;
      setState('ready');
    }
    // What `gpugap run --format json` prints: the answer without the view the page asked for.
    if ('error' in json) window.gpugapPlayground.answer = json;
    else {
      const { view: _view, ...plain } = json;
      window.gpugapPlayground.answer = plain;
    }
  }

  async function remember(): Promise<void> {
    const fragment = await encodeShare({ name, text: text() });
    history.replaceState(null, '', `#${fragment}`);
  }

  function schedule(): void {
    clearTimeout(timer);
    setState('editing');
    timer = setTimeout(() => {
      void compute();
      void remember();
    }, DEBOUNCE_MS);
  }

  fork.addEventListener('change', () => {
    const chosen = fork.value;
    if (!chosen || data.scenarios[chosen] === undefined) return;
    name = safeName(chosen);
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: data.scenarios[chosen] } });
    fork.value = '';
  });
  samples.addEventListener('change', () => schedule());
  download.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([text()], { type: 'application/toml' }));
    const a = h('a', { href: url, download: `${name}.toml` });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  share.addEventListener('click', async () => {
    await remember();
    link.value = location.href;
    link.select();
    try {
      await navigator.clipboard.writeText(location.href);
      status.textContent = 'link copied';
    } catch {
      status.textContent = 'link ready to copy';
    }
  });

  window.gpugapPlayground = { text, answer: null, lastRun: () => lastRun, editor };

  try {
    const embedded = await embeddedEngine();
    if (!embedded) {
      status.textContent = 'this gpugap was built without its WebAssembly engine: the page cannot compute';
      setState('failed');
      return;
    }
    engine = new Engine(embedded.glue, embedded.wasm);
    await engine.ready;
  } catch (error) {
    status.textContent = `the engine did not start: ${String(error)}`;
    setState('failed');
    return;
  }
  await compute();
}

declare global {
  interface Window {
    // For scripts and tests: the editor's text and the engine's last answer.
    gpugapPlayground: { text: () => string; answer: unknown; lastRun: () => RunJson | null; editor: EditorView };
  }
}

const root = document.getElementById('gpugap-playground');
if (root) {
  start(root).catch((error) => {
    setState('failed');
    root.prepend(h('p', { class: 'pg-failed' }, `The playground failed: ${String(error)}`));
  });
}
