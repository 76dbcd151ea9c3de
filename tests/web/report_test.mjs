// `gpugap report`: one self-contained HTML file. Its numbers are those of `gpugap run`, it opens
// in a browser from the disk with every chart drawn, and nothing in it reaches the network.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';

import { chartMarks, gpugapTests, launchBrowser, outputDir, run, watch } from './helpers.mjs';

const out = outputDir('report');
// Every bundled scenario: point values, series, other units, blocks, Monte Carlo (by default
// 100000 samples when an input is uncertain).
const SCENARIOS = run('list').split('\n').filter((line) => line.trim()).map((line) => line.split(/\s+/)[0]);

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

    test('opens offline with every chart drawn, and shows the numbers `gpugap run` prints', async () => {
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
  assert.equal(await page.textContent('[data-testid="p-positive-revenue_gap"]'), 'P(revenue gap > 0) = 97%');
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

test('a fleet report draws its power, depreciation and GPUs by generation', async () => {
  const file = join(out, 'fleet-2020-2035.html');
  run('report', 'fleet-2020-2035', '-o', file);
  const { page, seen } = await open(file, 'fleet-view.png');
  const marks = await chartMarks(page);
  for (const id of ['fleet:power', 'fleet:depreciation', 'fleet:installed']) assert.ok(marks[id] > 0, `${id} drawn with marks: ${JSON.stringify(marks)}`);
  const section = page.locator('.charts[data-section=fleet]');
  assert.equal(await section.locator('h2').textContent(), 'The fleet');
  const text = await section.textContent();
  assert.match(text, /power \(GW\)/);
  assert.match(text, /depreciation \(USD\/yr\)/);
  assert.match(text, /\$\d+(\.\d+)?B/, 'money reads as $…B');
  assert.equal(await page.locator('.charts[data-section=financing]').count(), 0, 'no financing view without [financing]');
  await section.screenshot({ path: join(out, 'fleet-charts.png') });
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
