// What the web tests share: the gpugap binary under test, a `gpugap serve` on a free loopback
// port, and a headless Chromium that may talk to nothing but this machine.
//   GPUGAP           the binary (ctest passes it)
//   GPUGAP_TESTS     the gtest binary, which writes the Monte Carlo report fixture
//   GPUGAP_TEST_OUT  where screenshots and reports go (default: a fresh temporary folder)
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const gpugap = process.env.GPUGAP ?? join(root, 'build', 'gpugap');
export const gpugapTests = process.env.GPUGAP_TESTS ?? join(root, 'build', 'gpugap_tests');

export function outputDir(name) {
  const base = process.env.GPUGAP_TEST_OUT ?? mkdtempSync(join(tmpdir(), 'gpugap-web-'));
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// `gpugap ARGS…` → its stdout; throws with its stderr on a non-zero exit.
export function run(...args) {
  return execFileSync(gpugap, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}

// Starts `gpugap serve --port 0 ARGS…` and resolves once it prints the address it listens on.
export function startServer(...args) {
  return new Promise((resolve, reject) => {
    const child = spawn(gpugap, ['serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`gpugap serve did not start: ${out}${err}`));
    }, 15000);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        const url = `http://127.0.0.1:${m[1]}`;
        resolve({
          url,
          port: Number(m[1]),
          stderr: () => err,
          alive: () => child.exitCode === null && child.signalCode === null,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gpugap serve exited with ${code}: ${err}`));
    });
  });
}

const require = createRequire(join(root, 'web', 'package.json'));

// Headless Chromium from Debian, without the background services that would reach the network.
// Playwright gives each launch a fresh, empty profile (its own --user-data-dir).
export async function launchBrowser() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Records every request a page makes and every problem it reports (errors; warnings apart).
export function watch(page) {
  const seen = { requests: [], errors: [], warnings: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('pageerror', (e) => { seen.errors.push(`page error: ${e.message}`); if (process.env.GPUGAP_WEB_STACKS) console.log(e.stack); });
  page.on('console', (m) => {
    if (m.type() === 'error') seen.errors.push(`console: ${m.text()}`);
    if (m.type() === 'warning') seen.warnings.push(`console: ${m.text()}`);
  });
  return seen;
}

// Every chart of the page drawn, as SVG with data marks in it (not only axes): { id: marks }, -1
// for a chart that failed.
export async function chartMarks(page) {
  return page.$$eval('figure.chart', (figures) =>
    Object.fromEntries(
      figures.map((f) => [
        f.dataset.chartId,
        f.dataset.rendered === 'true' ? f.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line, svg g.role-mark > text').length : -1,
      ]),
    ),
  );
}

// Pairs of axis labels of one chart whose boxes overlap (text drawn over text), as
// "label / label" strings.
export async function overlappingAxisLabels(page, chartId) {
  return page.$eval(`figure[data-chart-id="${chartId}"] svg`, (svg) => {
    const labels = [...svg.querySelectorAll('g.role-axis')].flatMap((axis, a) =>
      [...axis.querySelectorAll('g.role-axis-label text')].map((t) => ({ axis: a, text: t.textContent, box: t.getBoundingClientRect() })),
    );
    const overlaps = [];
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const [p, q] = [labels[i].box, labels[j].box];
        if (labels[i].axis !== labels[j].axis && p.width > 0 && q.width > 0 && p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) {
          overlaps.push(`${labels[i].text} / ${labels[j].text}`);
        }
      }
    }
    return overlaps;
  });
}
