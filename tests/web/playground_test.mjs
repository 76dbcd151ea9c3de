// `gpugap playground`: one self-contained page with a scenario editor beside its results, computed
// in the page by the engine as WebAssembly. In a real browser: a typo is marked at its line and
// column with the message and hint `gpugap run` prints; once fixed, the page shows what `gpugap
// run` gives for the same text; a share link restores the text exactly in a new page; forking and
// downloading work; `gpugap serve` shows the same page at /playground; and no page makes any
// network request. Screenshots go to the test's output folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { gpugap, launchBrowser, outputDir, root, run, startServer, watch } from './helpers.mjs';

const out = outputDir('playground');
const file = join(out, 'sequoia-2024-playground.html');
let browser;
let context;
const pages = [];

before(async () => {
  run('playground', 'sequoia-2024', '-o', file);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
});

after(async () => {
  await browser?.close();
});

// Opens `url` and waits for the engine's first answer; returns the page and what it did.
async function open(url) {
  const page = await context.newPage();
  const seen = watch(page);
  pages.push({ url, seen });
  await page.goto(url, { timeout: 120000 }); // a 1.5 MB page, on a loaded machine
  await page.waitForSelector('body[data-state=ready], body[data-state=error]', { timeout: 60000 });
  return { page, seen };
}

// The state after the next answer of the engine to what `action` does.
async function answerAfter(page, action) {
  await page.evaluate(() => {
    document.body.dataset.state = 'waiting';
  });
  await action();
  await page.waitForSelector('body[data-state=ready], body[data-state=error]', { timeout: 60000 });
  return page.evaluate(() => document.body.dataset.state);
}

const editorText = (page) => page.evaluate(() => window.gpugapPlayground.text());
const answer = (page) => page.evaluate(() => window.gpugapPlayground.answer);

// Puts the cursor at the end of line `n` (1-based) of the editor.
async function cursorAtEndOfLine(page, n) {
  await page.evaluate((line) => {
    const view = window.gpugapPlayground.editor;
    view.dispatch({ selection: { anchor: view.state.doc.line(line).to } });
    view.focus();
  }, n);
}

// `gpugap run` on `text` as the file NAME.toml: its JSON, or its exit code and stderr.
function native(text, name, ...args) {
  const path = join(out, `${name}.toml`);
  writeFileSync(path, text);
  try {
    return { json: JSON.parse(execFileSync(gpugap, ['run', path, '--format', 'json', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) };
  } catch (error) {
    return { status: error.status, stderr: String(error.stderr) };
  }
}

test('the page is one file: no src or href leaves it, a policy forbids the network, the engine is compressed', () => {
  const html = readFileSync(file, 'utf8');
  const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '');
  const links = [...markup.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]);
  assert.deepEqual(links.filter((l) => !l.startsWith('data:')), []);
  assert.doesNotMatch(html, /<script[^>]+src=/i);
  assert.match(html, /Content-Security-Policy" content="default-src 'none';[^"]*connect-src 'none'/);
  const size = statSync(file).size;
  const wasm = statSync(join(root, 'build', 'wasm', 'gpugap.wasm'), { throwIfNoEntry: false })?.size ?? 0;
  console.log(`playground page: ${(size / 1024).toFixed(0)} KiB (gpugap.wasm alone: ${(wasm / 1024).toFixed(0)} KiB)`);
  assert.ok(size < 2.5 * 1024 * 1024, `the page is ${size} bytes`);
});

test('opens on its scenario and shows what `gpugap run` gives', async () => {
  const { page } = await open(pathToFileURL(file).href);
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
  assert.equal(await editorText(page), readFileSync(join(root, 'scenarios', 'sequoia-2024.toml'), 'utf8'));
  // The page asks for 10^4 samples (its default): a scenario without uncertain inputs says so too.
  assert.deepEqual(await answer(page), JSON.parse(run('run', 'sequoia-2024', '--format', 'json', '--samples', '10000')));
  assert.match(await page.textContent('tr[data-name="revenue_gap"] .pg-value'), /\$500B/);
  await page.screenshot({ path: join(out, 'opened.png') });
});

test('a typo is marked at its line and column with the CLI message; fixed, the result is `gpugap run`’s', async () => {
  const { page } = await open(pathToFileURL(file).href);
  const lines = (await editorText(page)).split('\n');
  const at = lines.indexOf('[quantities]') + 1; // 1-based line of the table's header
  await cursorAtEndOfLine(page, at);
  await page.keyboard.press('Enter');
  const typed = 'my_gap = { value = "required_revenu * 2 - ai_revenue", unit = "USD" }';
  const state = await answerAfter(page, () => page.keyboard.type(typed, { delay: 5 }));
  assert.equal(state, 'error');
  const text = await editorText(page);
  assert.equal(text.split('\n')[at], typed, 'the editor holds what was typed');

  // Where the CLI places it, with its message and hint.
  const cli = native(text, 'sequoia-2024');
  assert.equal(cli.status, 2);
  const column = typed.indexOf('required_revenu') + 1;
  assert.match(cli.stderr, new RegExp(`sequoia-2024\\.toml:${at + 1}:${column}: error: unknown name 'required_revenu'`));
  assert.match(cli.stderr, /hint: did you mean 'required_revenue'\?/);
  const problem = page.locator('#pg-problems li').first();
  assert.equal(await problem.getAttribute('data-line'), String(at + 1));
  assert.equal(await problem.getAttribute('data-column'), String(column));
  assert.equal(await problem.locator('.pg-where').textContent(), `line ${at + 1}, column ${column}: `);
  assert.equal(await problem.locator('.pg-message').textContent(), "unknown name 'required_revenu'");
  assert.equal(await problem.locator('.pg-hint').textContent(), "hint: did you mean 'required_revenue'?");
  assert.doesNotMatch(await page.textContent('body'), /<--set>/);
  // In the editor: the name underlined, a marker in the gutter on its line.
  await page.waitForSelector('.cm-lintRange-error');
  assert.equal(await page.textContent('.cm-lintRange-error'), 'required_revenu');
  assert.equal(await page.locator('.cm-lint-marker-error').count(), 1);
  await page.screenshot({ path: join(out, 'typo.png') });

  // Fixed: the result of `gpugap run` for the same text.
  await page.evaluate(({ line, ch }) => {
    const view = window.gpugapPlayground.editor;
    view.dispatch({ selection: { anchor: view.state.doc.line(line).from + ch } });
    view.focus();
  }, { line: at + 1, ch: column - 1 + 'required_revenu'.length });
  assert.equal(await answerAfter(page, () => page.keyboard.type('e')), 'ready');
  const fixed = await editorText(page);
  assert.equal(fixed.split('\n')[at], typed.replace('required_revenu', 'required_revenue'));
  const cliFixed = native(fixed, 'sequoia-2024', '--samples', '10000');
  assert.deepEqual(await answer(page), cliFixed.json);
  assert.equal(cliFixed.json.quantities.my_gap.value, 1.1e12);
  assert.equal(await page.textContent('tr[data-name="my_gap"] .pg-value'), '$1.1T');
  assert.equal(await page.locator('.cm-lintRange-error').count(), 0);
  assert.equal(await page.locator('#pg-problems li').count(), 0);
  await page.screenshot({ path: join(out, 'fixed.png') });
});

test('an error after a non-ASCII character is marked on the right characters', async () => {
  const { page } = await open(pathToFileURL(file).href);
  const lines = (await editorText(page)).split('\n');
  const at = lines.indexOf('[quantities]') + 1;
  await cursorAtEndOfLine(page, at);
  await page.keyboard.press('Enter');
  const line = 'eu = { note = "€ — ünï", value = "gpu_runrat / 2", unit = "USD" }';
  await answerAfter(page, () => page.keyboard.insertText(line));
  await page.waitForSelector('.cm-lintRange-error');
  assert.equal(await page.textContent('.cm-lintRange-error'), 'gpu_runrat');
});

test('a share link reopened in a new page restores the text exactly', async () => {
  const { page } = await open(pathToFileURL(file).href);
  const original = await editorText(page);
  // Characters a URL or a compressor could mangle, at the end of the file.
  const extra = '\n# € — ünïcödé, "quotes", #hash&amp=+/%20 \\ tab:\t end\n\n';
  await answerAfter(page, () =>
    page.evaluate((insert) => {
      const view = window.gpugapPlayground.editor;
      view.dispatch({ changes: { from: view.state.doc.length, insert } });
    }, extra),
  );
  await page.click('#pg-share');
  // The link is written once the text is compressed (asynchronously).
  await page.waitForFunction(() => document.querySelector('#pg-link').value !== '');
  const link = await page.inputValue('#pg-link');
  assert.match(link, /^file:.*#toml=[A-Za-z0-9_-]+&name=sequoia-2024$/);
  const reopened = await open(link);
  assert.equal(await editorText(reopened.page), original + extra);
  assert.equal(await reopened.page.evaluate(() => document.body.dataset.state), 'ready');
});

test('forking a bundled scenario loads its text and computes it as `gpugap run --samples 10000`', async () => {
  const { page } = await open(pathToFileURL(file).href);
  assert.equal(await answerAfter(page, () => page.selectOption('#pg-fork', 'sequoia-2024-uncertain')), 'ready');
  const text = readFileSync(join(root, 'scenarios', 'sequoia-2024-uncertain.toml'), 'utf8');
  assert.equal(await editorText(page), text);
  assert.deepEqual(await answer(page), JSON.parse(run('run', 'sequoia-2024-uncertain', '--format', 'json', '--samples', '10000')));
  assert.ok((await page.locator('svg.pg-chart[data-kind=histogram] rect').count()) > 10, 'histograms drawn');
  await page.screenshot({ path: join(out, 'forked.png') });

  // Download .toml: the editor's text, named after the scenario.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#pg-download')]);
  assert.equal(download.suggestedFilename(), 'sequoia-2024-uncertain.toml');
  assert.equal(readFileSync(await download.path(), 'utf8'), text);
});

test('a series is drawn as a line by year', async () => {
  const { page } = await open(pathToFileURL(file).href);
  assert.equal(await answerAfter(page, () => page.selectOption('#pg-fork', 'fleet-2020-2035')), 'ready');
  assert.ok((await page.locator('svg.pg-chart[data-kind=series] polyline').count()) > 3);
  // The scenario's headline, in its order, and its labels.
  assert.deepEqual(await page.$$eval('#pg-headline .pg-card', (cards) => cards.map((c) => c.dataset.name)), ['book_vs_economic_pv_2030', 'payback_year']);
  assert.equal(await page.textContent('#pg-headline .pg-card[data-name="payback_year"] .pg-card-label'), 'Year the fleet pays back');
  assert.equal(await page.textContent('.pg-table tr[data-name="sequoia_energy_ratio"] .pg-label'), 'Energy and data-center cost per $ of GPU (Sequoia)');
  assert.equal(await page.textContent('.pg-table tr[data-name="gpu_spend"] .pg-label'), 'GPU spend', 'without a label, the name made readable');
});

test('`gpugap serve` shows the playground at /playground', async () => {
  const server = await startServer();
  try {
    const { page } = await open(`${server.url}/playground`);
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
    assert.equal(await editorText(page), readFileSync(join(root, 'scenarios', 'sequoia-2024.toml'), 'utf8'));
    // Another bundled scenario: the page's data opens on its text.
    const other = await (await fetch(`${server.url}/playground?scenario=bain-2030`)).text();
    const data = JSON.parse(/<script type="application\/json" id="gpugap-playground-data">(.*?)<\/script>/s.exec(other)[1]);
    assert.equal(data.name, 'bain-2030');
    assert.equal(data.text, readFileSync(join(root, 'scenarios', 'bain-2030.toml'), 'utf8'));
    const res = await fetch(`${server.url}/playground?scenario=../../etc/passwd`);
    assert.equal(res.status, 404);
  } finally {
    await server.stop();
  }
});

test('no page made a network request or reported an error', () => {
  assert.ok(pages.length >= 7);
  for (const { url, seen } of pages) {
    const served = url.startsWith('http:') ? [url] : [];
    const remote = seen.requests.filter((r) => !r.startsWith('file:') && !r.startsWith('data:') && !r.startsWith('blob:') && !served.includes(r));
    assert.deepEqual(remote, [], `requests of ${url}`);
    assert.deepEqual(seen.errors, [], `errors of ${url}`);
  }
});
