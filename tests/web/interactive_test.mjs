// The report stays interactive offline: `gpugap report` embeds the WebAssembly engine, and the
// reader's sliders recompute in the page, opened from file:// with the network cut off. What the
// page shows after a drag is what `gpugap run --set …` prints for the value the slider reached.
// Without the engine (gpugap built without emscripten) the page says its inputs cannot be moved.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { launchBrowser, outputDir, run, watch } from './helpers.mjs';

const out = outputDir('interactive');
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function hasEngine(html) {
  return html.includes('id="gpugap-engine-wasm"');
}

// A page of the report in a context with the network off; every request it makes is recorded.
async function open(file) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  const seen = watch(page);
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  return { context, page, seen };
}

function assertNoNetwork(seen) {
  const remote = seen.requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:'));
  assert.deepEqual(remote, [], 'the page made no network request');
  assert.deepEqual(seen.errors, [], 'no error, no refused request');
}

// Drags a slider's thumb with the mouse from where it is to `fraction` of its width: several
// `input` events, as a reader's drag makes.
async function drag(page, selector, fraction) {
  const slider = page.locator(selector);
  const box = await slider.boundingBox();
  const value = await slider.evaluate((s) => (Number(s.value) - Number(s.min)) / (Number(s.max) - Number(s.min)));
  const y = box.y + box.height / 2;
  const from = box.x + 8 + value * (box.width - 16);
  const to = box.x + 8 + fraction * (box.width - 16);
  await page.mouse.move(from, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(from + ((to - from) * i) / 8, y);
  await page.mouse.up();
}

// The line of `gpugap run`'s table for a quantity: "  name  value  unit …".
function tableLine(table, name) {
  return table.split('\n').find((l) => l.startsWith(`  ${name} `)) ?? '';
}

test('sequoia-2024-uncertain: dragging the margin recomputes the Monte Carlo run in the page, offline', async () => {
  const file = join(out, 'sequoia-2024-uncertain.html');
  run('report', 'sequoia-2024-uncertain', '-o', file);
  const html = readFileSync(file, 'utf8');
  const { context, page, seen } = await open(file);
  if (!hasEngine(html)) {
    await page.waitForSelector('body[data-engine=none]');
    assert.match(await page.textContent('#engine'), /cannot recompute/);
    await context.close();
    return;
  }
  assert.ok(statSync(file).size <= 3 * 1024 * 1024, `the report is ${statSync(file).size} bytes, at most 3 MB`);
  // The engine starts when the reader comes to the inputs.
  assert.equal(await page.getAttribute('body', 'data-engine'), 'idle');
  await page.hover('aside.controls');
  await page.waitForSelector('body[data-engine=ready]', { timeout: 60000 });
  const before = await page.textContent('.card[data-name="revenue_gap"] .card-value');
  assert.ok(tableLine(run('run', 'sequoia-2024-uncertain'), 'revenue_gap').includes(` ${before}`), `the card shows what gpugap run prints: ${before}`);

  // The margin is triangular(30%, 50%, 70%): the slider moves it whole, its shape kept.
  assert.match(await page.textContent('.control[data-name="end_user_margin"] .control-shape'), /shape is kept/);
  await drag(page, '#slider-end_user_margin', 0.62);
  await page.waitForSelector('body[data-state=ready][data-samples="100000"]', { timeout: 120000 });
  const set = await page.inputValue('.control[data-name="end_user_margin"] .exact');
  assert.match(set, /^triangular\(/);
  assert.notEqual(set, 'triangular(30%, 50%, 70%)');
  const after = await page.textContent('.card[data-name="revenue_gap"] .card-value');
  const line = tableLine(run('run', 'sequoia-2024-uncertain', '--set', `end_user_margin=${set}`), 'revenue_gap');
  assert.ok(line.includes(` ${after}`), `after --set end_user_margin=${set}: the page shows ${after}, gpugap run: ${line.trim()}`);
  assert.notEqual(after, before, 'the median moved');
  assert.match(await page.textContent('#status'), /100,000 samples, computed in this page/);
  await page.screenshot({ path: join(out, 'sequoia-2024-uncertain-moved.png') });

  // Reset all: back to the report's own numbers.
  await page.click('#reset-all');
  await page.waitForSelector('body[data-state=ready][data-samples="100000"]', { timeout: 120000 });
  assert.equal(await page.textContent('.card[data-name="revenue_gap"] .card-value'), before);
  assertNoNetwork(seen);
  await context.close();
});

test('sequoia-2024: point values follow every input event of a drag', async () => {
  const file = join(out, 'sequoia-2024.html');
  run('report', 'sequoia-2024', '-o', file);
  const html = readFileSync(file, 'utf8');
  if (!hasEngine(html)) return;
  const { context, page, seen } = await open(file);
  // The engine starts when the reader comes to the inputs.
  assert.equal(await page.getAttribute('body', 'data-engine'), 'idle');
  await page.hover('aside.controls');
  await page.waitForSelector('body[data-engine=ready]', { timeout: 60000 });
  // Record the required revenue after every update while the slider moves.
  await page.evaluate(() => {
    window.shown = [];
    new MutationObserver(() => {
      const card = document.querySelector('.card[data-name="required_revenue"] .card-value');
      if (card && window.shown.at(-1) !== card.textContent) window.shown.push(card.textContent);
    }).observe(document.getElementById('document'), { childList: true, subtree: true });
  });
  // The charts are updated in place: the same element, a Vega view given new data.
  const chart = 'figure.chart[data-chart-id="headline"]';
  const svgBefore = await page.innerHTML(`${chart} svg`);
  await page.evaluate((chart) => {
    document.querySelector(chart).dataset.kept = 'yes';
  }, chart);
  await drag(page, '#slider-gpu_runrate', 0.2);
  await page.waitForSelector('body[data-state=ready]');
  assert.equal(await page.getAttribute(chart, 'data-kept'), 'yes', 'the chart was not drawn anew');
  assert.ok(Number(await page.getAttribute(chart, 'data-updates')) >= 1, 'the chart was updated in place');
  assert.notEqual(await page.innerHTML(`${chart} svg`), svgBefore, "the chart's data changed");
  const shown = await page.evaluate(() => window.shown);
  assert.ok(shown.length >= 2, `the numbers change while the slider moves, not only at its end: ${JSON.stringify(shown)}`);
  const set = await page.inputValue('.control[data-name="gpu_runrate"] .exact');
  const line = tableLine(run('run', 'sequoia-2024', '--set', `gpu_runrate=${set}`), 'required_revenue');
  assert.ok(line.includes(` ${shown.at(-1)}`), `gpu_runrate=${set}: the page shows ${shown.at(-1)}, gpugap run: ${line.trim()}`);
  assertNoNetwork(seen);
  await context.close();
});

test('fleet-2020-2035: its labels and its headline, in its order, also once the page recomputes', async () => {
  const file = join(out, 'fleet-2020-2035.html');
  run('report', 'fleet-2020-2035', '-o', file);
  const html = readFileSync(file, 'utf8');
  const { context, page, seen } = await open(file);
  const check = async (when) => {
    assert.deepEqual(await page.$$eval('#headline .card', (cards) => cards.map((c) => c.dataset.name)), ['book_vs_economic_pv_2030', 'payback_year'], `the headline the scenario picks, ${when}`);
    assert.equal(await page.textContent('.card[data-name="book_vs_economic_pv_2030"] .card-label'), 'Book ÷ economic depreciation to 2030 (present value)', when);
    assert.equal(await page.textContent('.card[data-name="payback_year"] .card-label'), 'Year the fleet pays back', when);
    assert.equal(await page.textContent('.control[data-name="sequoia_energy_ratio"] label'), 'Energy and data-center cost per $ of GPU (Sequoia)', when);
    assert.equal(await page.textContent('#results tr[data-name="sequoia_vs_fleet_2030"] .qlabel'), 'Sequoia vs fleet 2030', `${when}: without a label, the name made readable`);
  };
  await check('as the report was made');
  if (!hasEngine(html)) {
    await context.close();
    return;
  }
  await page.hover('aside.controls');
  await page.waitForSelector('body[data-engine=ready]', { timeout: 60000 });
  const before = await page.textContent('#results tr[data-name="sequoia_vs_fleet_2030"] .value');
  await page.evaluate(() => {
    document.body.dataset.state = 'waiting';
  });
  await page.focus('#slider-sequoia_energy_ratio');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('body[data-state=ready]', { timeout: 60000 });
  assert.notEqual(await page.textContent('#results tr[data-name="sequoia_vs_fleet_2030"] .value'), before, 'recomputed in the page');
  await check('recomputed in the page');
  assertNoNetwork(seen);
  await context.close();
});
