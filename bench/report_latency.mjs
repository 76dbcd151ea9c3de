// How fast the interactive report answers a slider (docs/BENCHMARKS.md): from the `input` event to
// the numbers and charts drawn again, in headless Chromium, the report opened from file:// with
// the network off. For a point scenario (sequoia-2024) that is one wasm run and one redraw (the
// charts updated in place), per event and over a drag of 60 events a second; for a Monte Carlo one
// (sequoia-2024-uncertain, 10^5 samples) the page streams 10^3, 10^4, then 10^5 samples: the first
// updated distribution and the whole run are timed.
//
//   node bench/report_latency.mjs [--gpugap build/gpugap] [--repeat 15] [--reports DIR]
// Prints the median and the range of each measure.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');

function argument(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const gpugap = argument('--gpugap', join(root, 'build', 'gpugap'));
const repeat = Number(argument('--repeat', 15));
const reports = argument('--reports', null); // a folder of reports already written, by scenario name
const dir = mkdtempSync(join(tmpdir(), 'gpugap-bench-'));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function summary(label, xs) {
  console.log(`${label.padEnd(58)} median ${median(xs).toFixed(1).padStart(7)} ms   (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}, n=${xs.length})`);
}

// Moves the slider to `value` with one input event and resolves, in the page, with the times (from
// the event) at which the page reached each of `marks`: 'drawn' (the first update whose numbers
// and charts are all drawn: body[data-drawn], set once a drawing's charts have run) or 'ready'
// (the whole run drawn: body[data-state=ready]).
async function move(page, slider, value, marks) {
  return page.evaluate(
    ({ slider, value, marks }) =>
      new Promise((resolve) => {
        const times = new Array(marks.length).fill(null);
        const body = document.body;
        let started = 0;
        const check = () => {
          const now = performance.now() - started;
          marks.forEach((mark, i) => {
            if (times[i] !== null) return;
            if (mark === 'drawn' && (body.dataset.drawn || (legacy && body.dataset.samples))) times[i] = now;
            if (mark === 'ready' && body.dataset.state === 'ready') times[i] = now;
          });
          if (times.every((t) => t !== null)) {
            observer.disconnect();
            resolve(times);
          }
        };
        // A page from before data-drawn (a report of an older gpugap): its streamed steps count
        // when their numbers are drawn (data-samples), its charts perhaps not yet.
        window.gpugapLegacyPage ??= body.dataset.drawn === undefined;
        const legacy = window.gpugapLegacyPage;
        const observer = new MutationObserver(check);
        observer.observe(body, { attributes: true, attributeFilter: ['data-state', 'data-drawn', 'data-samples'] });
        body.dataset.drawn = '';
        delete body.dataset.samples;
        body.dataset.state = 'waiting';
        const input = document.getElementById(slider);
        input.value = String(value);
        started = performance.now();
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    { slider, value, marks },
  );
}

// A drag: `count` input events 16 ms apart (60 per second), as a mouse gives them. Resolves with
// how many times the page drew in between and the time from the last event to the page ready.
async function drag(page, slider, values) {
  return page.evaluate(
    ({ slider, values }) =>
      new Promise((resolve) => {
        const body = document.body;
        let draws = 0;
        let last = 0;
        const observer = new MutationObserver(() => {
          if (body.dataset.drawn) {
            draws++;
            body.dataset.drawn = '';
          }
          if (last && body.dataset.state === 'ready') {
            observer.disconnect();
            resolve({ draws, settle: performance.now() - last });
          }
        });
        observer.observe(body, { attributes: true, attributeFilter: ['data-state', 'data-drawn'] });
        body.dataset.drawn = '';
        const input = document.getElementById(slider);
        let i = 0;
        const next = () => {
          input.value = String(values[i]);
          body.dataset.state = 'waiting';
          input.dispatchEvent(new Event('input', { bubbles: true }));
          if (++i < values.length) setTimeout(next, 16);
          else last = performance.now();
        };
        next();
      }),
    { slider, values },
  );
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });

async function open(scenario) {
  const file = join(reports ?? dir, `${scenario}.html`);
  if (!reports) execFileSync(gpugap, ['report', scenario, '-o', file], { stdio: 'ignore' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-state=ready]', { timeout: 120000 });
  const drawn = Date.now() - started;
  await page.hover('aside.controls'); // the engine starts when the reader comes to the inputs
  await page.waitForSelector('body[data-engine=ready]', { timeout: 120000 });
  console.log(`${scenario}: report ${(statSync(file).size / 1048576).toFixed(2)} MB; drawn ${drawn} ms after opening, engine ready ${Date.now() - started} ms after opening`);
  return { context, page };
}

console.log(`load average at the start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores)`);
{
  const { context, page } = await open('sequoia-2024');
  const times = [];
  const engine = [];
  for (let i = 0; i < repeat + 2; i++) {
    const [t] = await move(page, 'slider-gpu_runrate', 100e9 + (i % 7) * 10e9, ['ready']);
    if (i >= 2) {
      times.push(t); // the first two warm the page up
      engine.push(Number(await page.getAttribute('body', 'data-engine-ms')));
    }
  }
  summary('sequoia-2024: input event → numbers and charts drawn', times);
  summary('sequoia-2024:   of which the engine (worker round trip)', engine);
  const charts = await page.evaluate(() => [document.body.dataset.chartsUpdated, document.body.dataset.chartsEmbedded]);
  console.log(`sequoia-2024: charts updated in place ${charts[0]}, drawn anew ${charts[1]} (since the page opened)`);
  const drags = [];
  for (let i = 0; i < 3; i++) drags.push(await drag(page, 'slider-gpu_runrate', Array.from({ length: 30 }, (_, k) => 100e9 + ((k * 3 + i) % 60) * 1e9)));
  console.log(`sequoia-2024: a drag of 30 input events 16 ms apart: ${drags.map((d) => d.draws).join(', ')} drawings; ready ${drags.map((d) => d.settle.toFixed(0)).join(', ')} ms after the last event`);
  await context.close();
}

{
  const { context, page } = await open('sequoia-2024-uncertain');
  const first = [];
  const arrived = [];
  const engine = [];
  const all = [];
  for (let i = 0; i < Math.max(3, Math.round(repeat / 3)) + 1; i++) {
    const [a, c] = await move(page, 'slider-end_user_margin', 40 + (i % 5) * 3, ['drawn', 'ready']);
    if (i >= 1) {
      first.push(a);
      all.push(c);
      const [step, ms] = await page.evaluate(() => [document.body.dataset.firstStepMs, document.body.dataset.firstEngineMs]);
      if (step !== undefined) arrived.push(Number(step));
      if (ms !== undefined) engine.push(Number(ms));
    }
  }
  summary('sequoia-2024-uncertain: event → first updated distribution drawn', first);
  if (arrived.length) summary('sequoia-2024-uncertain:   of which its answer arrived (10^3 samples)', arrived);
  if (engine.length) summary('sequoia-2024-uncertain:   of which the engine computed it', engine);
  summary('sequoia-2024-uncertain: event → 10^5 samples drawn', all);
  const charts = await page.evaluate(() => [document.body.dataset.chartsUpdated, document.body.dataset.chartsEmbedded]);
  console.log(`sequoia-2024-uncertain: charts updated in place ${charts[0]}, drawn anew ${charts[1]} (since the page opened)`);
  await context.close();
}
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
await browser.close();
