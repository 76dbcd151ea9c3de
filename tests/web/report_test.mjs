// `gpugap report`: one self-contained HTML file. Its numbers are those of `gpugap run`, it opens
// in a browser from the disk with every chart drawn, and nothing in it reaches the network.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { chartMarks, gpugapTests, launchBrowser, outputDir, overlappingAxisLabels, run, watch } from './helpers.mjs';

const out = outputDir('report');
// Every bundled scenario: point values, series, other units, blocks, Monte Carlo (by default
// 100000 samples when an input is uncertain).
const SCENARIOS = run('list').split('\n').filter((line) => line.trim()).map((line) => line.split(/\s+/)[0]);
// The scenarios whose report is opened in the browser: all of them, or the list in
// GPUGAP_BROWSER_SCENARIOS (the sanitizer build's, tests/CMakeLists.txt).
const BROWSER_SCENARIOS = process.env.GPUGAP_BROWSER_SCENARIOS?.split(',') ?? SCENARIOS;
for (const name of BROWSER_SCENARIOS) assert.ok(SCENARIOS.includes(name), `GPUGAP_BROWSER_SCENARIOS: no scenario ${name}`);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function embeddedData(html) {
  const m = /<script type="application\/json" id="gpugap-data">(.*?)<\/script>/s.exec(html);
  assert.ok(m, 'the report carries its data');
  return JSON.parse(m[1]);
}

// Opens a report from the disk and waits until it is drawn; returns the page and what it did.
async function open(file, screenshot) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const seen = watch(page);
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-state=ready]', { timeout: 30000 });
  await page.screenshot({ path: join(out, screenshot), fullPage: true });
  return { page, seen };
}

function assertOffline(seen) {
  const remote = seen.requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:'));
  assert.deepEqual(remote, [], 'no request leaves the machine');
  assert.deepEqual(seen.errors, [], 'no error, no refused request');
}

for (const scenario of SCENARIOS) {
  describe(scenario, () => {
    const file = join(out, `${scenario}.html`);
    let html;
    let runJson;
    before(() => {
      run('report', scenario, '-o', file);
      html = readFileSync(file, 'utf8');
      runJson = JSON.parse(run('run', scenario, '--format', 'json'));
    });

    test('is self-contained: no src or href leaves the file', () => {
      // The markup: what is left once the inlined script and style are taken out.
      const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '').replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '');
      const links = [...markup.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)].map((m) => m[1]);
      assert.deepEqual(links.filter((l) => !l.startsWith('data:')), []);
      assert.doesNotMatch(html, /<script[^>]+src=/i);
      assert.doesNotMatch(html, /<link[^>]+stylesheet/i);
      assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    });

    test('carries exactly the numbers of `gpugap run --format json`', () => {
      assert.deepEqual(embeddedData(html).run, runJson);
    });

    const opened = BROWSER_SCENARIOS.includes(scenario) ? {} : { skip: 'opened in the browser by the release build only' };
    test('opens offline with every chart drawn, and shows the numbers `gpugap run` prints', opened, async () => {
      const { page, seen } = await open(file, `${scenario}.png`);
      const data = embeddedData(html);
      const marks = await chartMarks(page);
      assert.deepEqual(Object.keys(marks).sort(), data.view.charts.map((c) => c.name).sort());
      for (const [id, count] of Object.entries(marks)) assert.ok(count > 0, `chart ${id} has marks (${count})`);

      // Links in the drawn page go only to the sources named in the scenario.
      const sources = JSON.stringify(runJson);
      const hrefs = await page.$$eval('[href], [src]', (els) => els.map((e) => e.getAttribute('href') ?? e.getAttribute('src')));
      for (const href of hrefs.filter((h) => /^https?:/.test(h))) assert.ok(sources.includes(href), `${href} is a source link`);

      // Each value cell reads as the table of `gpugap run` prints it.
      const table = run('run', scenario);
      const cells = await page.$$eval('.inputs-table tr[data-name], .results-table tr[data-name]', (rows) => rows.map((r) => [r.dataset.name, r.querySelector('.value').textContent]));
      assert.ok(cells.length > 0);
      for (const [name, value] of cells) {
        const line = table.split('\n').find((l) => l.startsWith(`  ${name} `));
        assert.ok(line, `${name} in gpugap run's table`);
        assert.ok(line.includes(` ${value}`), `${name}: the report shows ${value}, gpugap run: ${line.trim()}`);
      }
      for (const name of data.view.headline) {
        const card = await page.textContent(`.card[data-name="${name}"] .card-value`);
        assert.ok(table.split('\n').some((l) => l.startsWith(`  ${name} `) && l.includes(` ${card}`)), `headline ${name} = ${card}`);
      }
      // Numbers read "2.25P FLOP/s", never "2.25e+15".
      const texts = await page.$$eval('.data-table td.num, .card-value', (cells) => cells.map((c) => c.textContent));
      assert.deepEqual(texts.filter((t) => /\de[+-]\d/.test(t)), [], 'no exponent notation');
      // A long address in a source breaks rather than widening the table past the page.
      const inputs = await page.$('.inputs-table');
      if (inputs) {
        const [table, section] = await inputs.evaluate((t) => [t.scrollWidth, t.parentElement.clientWidth]);
        assert.ok(table <= section, `the inputs table (${table}px) fits its section (${section}px)`);
      }
      assertOffline(seen);
      await page.close();
    });
  });
}

test('a report of sampled results draws distributions and fan charts', async () => {
  // The gtest writes the fixture: a run's JSON with Monte Carlo statistics, through report/.
  execFileSync(gpugapTests, ['--gtest_filter=Html.SampledReportHasDistributionsAndFans'], { env: { ...process.env, GPUGAP_WEB_FIXTURES: out }, stdio: 'ignore' });
  const { page, seen } = await open(join(out, 'sampled-report.html'), 'sampled-report.png');
  const marks = await chartMarks(page);
  for (const id of ['headline', 'distribution:required_revenue', 'distribution:revenue_gap', 'series:capex']) {
    assert.ok(marks[id] > 0, `${id} drawn with marks: ${JSON.stringify(marks)}`);
  }
  assert.equal(await page.textContent('[data-testid="p-positive-revenue_gap"]'), 'P(revenue gap > 0) = 97.0%');
  await page.locator('.charts[data-section=distributions]').screenshot({ path: join(out, 'sampled-distributions.png') });
  assertOffline(seen);
  await page.close();
});

test('a report asked for a tornado and Sobol indices draws them', async () => {
  const file = join(out, 'sensitivity-report.html');
  run('report', 'sequoia-2024-uncertain', '--tornado', 'revenue_gap', '--sobol', 'required_revenue', '-o', file);
  const { page, seen } = await open(file, 'sensitivity-report.png');
  const marks = await chartMarks(page);
  assert.ok(marks.tornado > 0 && marks.sobol > 0, JSON.stringify(marks));
  await page.locator('.charts[data-section=sensitivity]').screenshot({ path: join(out, 'sensitivity-charts.png') });
  assertOffline(seen);
  await page.close();
});

test('the explain tree opens and closes', async () => {
  const { page } = await open(join(out, 'sequoia-2024.html'), 'sequoia-2024-explain.png');
  const node = page.locator('#explain details[data-name="required_revenue"]').first();
  assert.equal(await node.getAttribute('open'), null);
  await node.locator('summary').first().click();
  assert.equal(await node.getAttribute('open'), '');
  assert.ok(await node.locator('[data-name="end_user_margin"]').first().isVisible());
  await page.close();
});

test('a fleet report draws its power, depreciation, GPUs by generation and depreciation by vintage', async () => {
  const file = join(out, 'fleet-2020-2035.html');
  run('report', 'fleet-2020-2035', '-o', file);
  const { page, seen } = await open(file, 'fleet-view.png');
  const marks = await chartMarks(page);
  for (const id of ['fleet:power', 'fleet:depreciation', 'fleet:installed', 'fleet:vintage-power', 'fleet:vintages']) assert.ok(marks[id] > 0, `${id} drawn with marks: ${JSON.stringify(marks)}`);
  for (const id of ['fleet:power', 'fleet:depreciation', 'fleet:installed', 'fleet:vintage-power', 'fleet:vintages']) assert.deepEqual(await overlappingAxisLabels(page, id), [], `${id}: no axis label over another`);
  // Every mark, axis and legend inside its chart's box: nothing cut off at the right.
  const widths = await page.$$eval('.charts[data-section=fleet] figure.chart', (figures) =>
    figures.map((f) => {
      const svg = f.querySelector('svg');
      const parts = [...svg.querySelectorAll('.role-legend, .role-axis, .role-mark')].map((e) => e.getBoundingClientRect().right);
      return [f.dataset.chartId, Math.max(...parts) - f.getBoundingClientRect().left, f.clientWidth];
    }),
  );
  for (const [id, drawn, room] of widths) assert.ok(drawn <= room + 1, `${id} fits its column: ${drawn} > ${room} px`);
  assert.deepEqual(seen.warnings, [], 'Vega has nothing to warn about (a band width on a linear axis)');
  // Each vintage's book and economic depreciation: the vintages of `gpugap fleet`.
  const vintages = JSON.parse(run('fleet', 'fleet-2020-2035', '--format', 'json')).vintages.map((v) => String(v.year));
  const spec = embeddedData(readFileSync(file, 'utf8')).view.charts.find((c) => c.name === 'fleet:vintages');
  assert.deepEqual([...new Set(spec.data.values.map((r) => r.vintage))], vintages);
  // Power by vintage adds up, year by year, to the fleet's facility power.
  const power = embeddedData(readFileSync(file, 'utf8')).view.charts.find((c) => c.name === 'fleet:vintage-power');
  const fleetPower = JSON.parse(run('run', 'fleet-2020-2035', '--only', 'fleet.facility_power', '--format', 'json')).quantities['fleet.facility_power'].value;
  for (const [year, gw] of Object.entries(fleetPower)) {
    const sum = power.data.values.filter((r) => String(r.year) === year).reduce((a, r) => a + r.value, 0);
    assert.ok(Math.abs(sum - gw) <= 1e-9 * Math.max(1, gw), `${year}: vintages ${sum} GW, fleet ${gw} GW`);
  }
  const section = page.locator('.charts[data-section=fleet]');
  assert.equal(await section.locator('h2').textContent(), 'The fleet');
  const text = await section.textContent();
  assert.match(text, /power \(GW\)/);
  assert.match(text, /depreciation \(USD\/yr\)/);
  assert.match(text, /\$\d+(\.\d+)?B/, 'money reads as $…B');
  assert.equal(await page.locator('.charts[data-section=financing]').count(), 0, 'no financing view without [financing]');
  await section.screenshot({ path: join(out, 'fleet-charts.png') });
  await page.locator('#inputs').screenshot({ path: join(out, 'fleet-inputs.png') });
  assertOffline(seen);
  await page.close();
});

test('a financing report draws the Sankey of its deals and the round-tripped revenue', async () => {
  const file = join(out, 'circular-2025.html');
  run('report', 'circular-2025', '-o', file);
  const { page, seen } = await open(file, 'financing-view.png');
  const marks = await chartMarks(page);
  assert.ok(marks['financing:revenue'] > 0, JSON.stringify(marks));
  const sankey = page.locator('figure[data-chart-id="financing:sankey"] svg');
  assert.equal(await sankey.locator('g.sankey-links > path').count(), 3, 'a band per deal');
  assert.equal(await sankey.locator('g.sankey-nodes > rect').count(), 6, 'each company as payer and as receiver');
  const labels = await sankey.locator('g.sankey-labels').textContent();
  for (const expected of ['OpenAI', 'Oracle (OCI)', 'Nvidia', 'pays $300B', 'receives $100B']) assert.ok(labels.includes(expected), `${expected} in ${labels}`);
  assert.equal(await page.locator('.charts[data-section=fleet]').count(), 0, 'no fleet view without [fleet]');
  await page.locator('.charts[data-section=financing]').screenshot({ path: join(out, 'financing-charts.png') });
  assertOffline(seen);
  await page.close();
});

test('the headline holds what each scenario asks: a shortfall, the gaps', async () => {
  const bain = embeddedData(readFileSync(join(out, 'bain-2030-uncertain.html'), 'utf8'));
  assert.deepEqual(bain.view.headline.slice(0, 2), ['required_revenue_2030', 'shortfall_2030']);
  assert.ok(bain.view.charts.some((c) => c.name === 'headline'), 'with its bars, "At a glance"');
  const circle = embeddedData(readFileSync(join(out, 'circular-2025.html'), 'utf8'));
  // circular-2025 picks its headline (`headline = [...]`): the round-tripped shares first, in its order.
  assert.deepEqual(circle.view.headline, ['financing.round_tripped_share', 'financing.nvidia.round_tripped_share', 'required_revenue', 'gap_on_contract', 'gap_on_end_customers']);
  const { page } = await open(join(out, 'bain-2030-uncertain.html'), 'bain-2030-uncertain-headline.png');
  assert.match(await page.textContent('.card[data-name="shortfall_2030"] .card-value'), /^\$8\d\dB\/yr$/);
  assert.match(await page.textContent('[data-testid="p-positive-shortfall_2030"]'), /^P\(shortfall 2030 > 0\)/);
  await page.locator('#headline').screenshot({ path: join(out, 'bain-headline.png') });
  await page.close();
  // The cards in that order, under the scenario's labels; a first_year() that never comes reads
  // "never", as `gpugap run` prints it.
  const fleet = await open(join(out, 'fleet-2020-2035.html'), 'fleet-2020-2035-headline.png');
  assert.deepEqual(await fleet.page.$$eval('#headline .card', (cards) => cards.map((c) => c.dataset.name)), ['book_vs_economic_pv_2030', 'payback_year']);
  assert.equal(await fleet.page.textContent('.card[data-name="payback_year"] .card-label'), 'Year the fleet pays back');
  assert.equal(await fleet.page.textContent('.card[data-name="payback_year"] .card-value'), 'never');
  await fleet.page.close();
  const circular = await open(join(out, 'circular-2025.html'), 'circular-2025-headline.png');
  assert.deepEqual(await circular.page.$$eval('#headline .card', (cards) => cards.map((c) => c.dataset.name)), circle.view.headline);
  await circular.page.close();
});

test('`run --format vega-lite` gives the charts the report draws, the blocks\' views included', () => {
  for (const scenario of ['fleet-2020-2035', 'circular-2025', 'sequoia-2024']) {
    const specs = JSON.parse(run('run', scenario, '--format', 'vega-lite'));
    const report = embeddedData(readFileSync(join(out, `${scenario}.html`), 'utf8'));
    assert.deepEqual(specs.map((s) => s.name), report.view.charts.map((c) => c.name), scenario);
  }
  const fleet = JSON.parse(run('run', 'fleet-2020-2035', '--format', 'vega-lite')).map((s) => s.name);
  for (const id of ['fleet:power', 'fleet:depreciation', 'fleet:installed', 'fleet:vintages']) assert.ok(fleet.includes(id), id);
  assert.ok(JSON.parse(run('run', 'circular-2025', '--format', 'vega-lite')).some((s) => s.name === 'financing:revenue'));
});
