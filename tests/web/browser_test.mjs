// The web UI of `gpugap serve` in a real browser: move a slider and the gap, its chart and the
// link follow; the link restores the view; the report downloads; the diff compares; a bad value
// shows its error and the page recovers. Screenshots go to the test's output folder.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { chartMarks, launchBrowser, outputDir, startServer, watch } from './helpers.mjs';

const out = outputDir('browser');
let server;
let browser;
let page;
let seen;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page = await context.newPage();
  seen = watch(page);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const gapText = () => page.textContent('.card[data-name="revenue_gap"] .card-value');
const headlineChart = () => page.innerHTML('figure.chart[data-chart-id="headline"] svg');

// The next drawing of the page after `action`: the state goes to pending (a change waits for the
// next one), running, then ready or error.
async function redrawAfter(action) {
  await page.evaluate(() => {
    document.body.dataset.state = 'waiting';
  });
  await action();
  await page.waitForSelector('body[data-state=ready], body[data-state=error]', { timeout: 20000 });
  return page.evaluate(() => document.body.dataset.state);
}

test('the page loads a scenario with a slider per input', async () => {
  await page.goto(`${server.url}/?scenario=sequoia-2024`);
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  assert.equal(await gapText(), '$500B');
  const sliders = await page.$$eval('.control', (cs) => cs.map((c) => c.dataset.name));
  for (const name of ['gpu_runrate', 'energy_ratio', 'end_user_margin', 'ai_revenue']) assert.ok(sliders.includes(name), name);
  assert.equal(await page.textContent('.control[data-name="end_user_margin"] .unit'), '%');
  assert.match(await page.textContent('.control[data-name="gpu_runrate"] .control-source'), /Nvidia/);
  const marks = await chartMarks(page);
  assert.ok(marks.headline > 0, JSON.stringify(marks));
  await page.screenshot({ path: join(out, 'app-loaded.png'), fullPage: true });
});

test('moving a slider moves the gap, its chart and the link', async () => {
  const gapBefore = await gapText();
  const chartBefore = await headlineChart();
  const slider = page.locator('#slider-end_user_margin');
  const box = await slider.boundingBox();
  // Drag the margin's thumb from 50% to about 75% of its range.
  const state = await redrawAfter(async () => {
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2, { steps: 8 });
    await page.mouse.up();
  });
  assert.equal(state, 'ready');
  const margin = Number(await slider.inputValue());
  assert.ok(margin > 60 && margin < 90, `margin ${margin}`);
  const gapAfter = await gapText();
  assert.notEqual(gapAfter, gapBefore);
  // The gap is what the API computes for the margin now in the URL.
  const url = new URL(page.url());
  assert.deepEqual(url.searchParams.getAll('set'), [`end_user_margin=${margin}%`]);
  const expected = 300e9 / (1 - margin / 100) - 100e9;
  const shown = Number(gapAfter.replace(/[$T]/g, '')) * (gapAfter.endsWith('T') ? 1e12 : 1);
  assert.ok(Math.abs(shown - expected) / expected < 0.01, `${gapAfter} vs ${expected}`);
  assert.notEqual(await headlineChart(), chartBefore, 'the chart was redrawn with the new values');
  assert.equal(await page.textContent('.control[data-name="end_user_margin"] .control-value'), `${margin}%`);
  await page.screenshot({ path: join(out, 'app-after-slider.png'), fullPage: true });
});

test('the link restores the same view', async () => {
  const link = page.url();
  const gap = await gapText();
  const other = await page.context().newPage();
  await other.goto(link);
  await other.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  assert.equal(await other.textContent('.card[data-name="revenue_gap"] .card-value'), gap);
  assert.equal(await other.inputValue('#slider-end_user_margin'), await page.inputValue('#slider-end_user_margin'));
  await other.close();
  await page.click('#copy-link');
  await page.waitForFunction(() => document.querySelector('#copy-link').textContent.includes('Copied') || !document.querySelector('#link-box').hidden);
});

test('download report gives the report of what is on screen', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-report')]);
  const file = join(out, 'downloaded-report.html');
  await download.saveAs(file);
  const html = readFileSync(file, 'utf8');
  const data = JSON.parse(/<script type="application\/json" id="gpugap-data">(.*?)<\/script>/s.exec(html)[1]);
  assert.deepEqual(data.request.sets, new URL(page.url()).searchParams.getAll('set'));
  assert.equal(data.run.quantities.end_user_margin.formula, new URL(page.url()).searchParams.get('set').split('=')[1]);
});

test('a bad value shows its error, and the page recovers', async () => {
  const exact = page.locator('.control[data-name="end_user_margin"] .exact');
  let state = await redrawAfter(async () => {
    await exact.fill('100%');
    await exact.press('Enter');
  });
  assert.equal(state, 'error');
  assert.match(await page.textContent('#error'), /division by zero/);
  await page.screenshot({ path: join(out, 'app-error.png') });
  state = await redrawAfter(() => page.click('.control[data-name="end_user_margin"] .reset'));
  assert.equal(state, 'ready');
  assert.ok(await page.isHidden('#error'));
  assert.equal(await gapText(), '$500B');
});

test('the diff view compares with another scenario', async () => {
  const state = await redrawAfter(() => page.selectOption('#diff-select', 'critic-energy-half'));
  assert.equal(state, 'ready');
  const row = page.locator('#diff tr[data-name="required_revenue"] td');
  assert.deepEqual(await row.allTextContents(), ['required_revenue', '$600B', '$450B', '-$150B (-25.0%)', 'value', 'energy_ratio']);
  assert.match(page.url(), /diff=critic-energy-half/);
  await page.screenshot({ path: join(out, 'app-diff.png'), fullPage: false });
});

test('another scenario brings its own sliders and charts', async () => {
  const state = await redrawAfter(() => page.selectOption('#scenario-select', 'bain-2030'));
  assert.equal(state, 'ready');
  assert.ok(await page.isVisible('.control[data-name="capex_2030"]'));
  const marks = await chartMarks(page);
  assert.ok(marks['series:required_revenue'] > 0, JSON.stringify(marks));
  await page.screenshot({ path: join(out, 'app-bain-2030.png'), fullPage: true });
});

test('an uncertain scenario shows P(gap > 0), distributions, and range editors', async () => {
  const state = await redrawAfter(() => page.selectOption('#scenario-select', 'sequoia-2024-uncertain'));
  assert.equal(state, 'ready');
  assert.match(await page.textContent('[data-testid="p-positive-revenue_gap"]'), /^P\(revenue gap > 0\) (= \d+(\.\d)?%|> 99\.9%)$/);
  const marks = await chartMarks(page);
  assert.ok(marks['distribution:revenue_gap'] > 0, JSON.stringify(marks));
  assert.ok(marks.tornado > 0, `the gap's tornado: ${JSON.stringify(marks)}`);
  assert.match(await page.textContent('.doc-footer'), /100,000 samples, seed 20240620/);
  // "120B to 180B" is edited by its two ends; raising the high end raises the gap's median.
  assert.equal(await page.textContent('.control[data-name="gpu_runrate"] .control-value'), '$120B to $180B');
  const gapBefore = await gapText();
  const chartBefore = await page.innerHTML('figure.chart[data-chart-id="distribution:revenue_gap"] svg');
  const again = await redrawAfter(async () => {
    await page.focus('#slider-gpu_runrate-high');
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
  });
  assert.equal(again, 'ready');
  const set = new URL(page.url()).searchParams.getAll('set');
  assert.equal(set.length, 1);
  assert.match(set[0], /^gpu_runrate=120B to \d+(\.\d+)?B$/);
  assert.ok(parseFloat(set[0].split(' to ')[1]) > 180);
  assert.notEqual(await gapText(), gapBefore);
  assert.notEqual(await page.innerHTML('figure.chart[data-chart-id="distribution:revenue_gap"] svg'), chartBefore);
  await page.screenshot({ path: join(out, 'app-uncertain.png'), fullPage: true });
});

test("fleet-2020-2035: the scenario's labels and its headline, in its order", async () => {
  const state = await redrawAfter(() => page.selectOption('#scenario-select', 'fleet-2020-2035'));
  assert.equal(state, 'ready');
  const check = async (when) => {
    assert.deepEqual(await page.$$eval('#headline .card', (cards) => cards.map((c) => c.dataset.name)), ['book_vs_economic_pv_2030', 'payback_year'], when);
    assert.equal(await page.textContent('.card[data-name="payback_year"] .card-label'), 'Year the fleet pays back', when);
    assert.equal(await page.textContent('.control[data-name="sequoia_energy_ratio"] label'), 'Energy and data-center cost per $ of GPU (Sequoia)', when);
  };
  await check('loaded');
  const again = await redrawAfter(async () => {
    await page.focus('#slider-sequoia_energy_ratio');
    await page.keyboard.press('ArrowRight');
  });
  assert.equal(again, 'ready');
  await check('after a slider moved');
});

test('nothing left the machine, and the page reported no error', () => {
  const remote = seen.requests.filter((url) => !url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:'));
  assert.deepEqual(remote, []);
  // The error test's 422 shows in the console as a failed resource; nothing else may.
  const errors = seen.errors.filter((e) => !/status of 422/.test(e));
  assert.deepEqual(errors, []);
});
