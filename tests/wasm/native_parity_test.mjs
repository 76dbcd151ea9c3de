// ctest wasm.native_parity: every bundled scenario (scenarios/*.toml) through the WebAssembly
// module in node and through the native binary, a point run and a Monte Carlo run with a fixed
// seed, compared (docs/wasm.md, "The parity rule"): the same JSON text, or, where a number
// differs because a libm function or long double arithmetic differs between the two, the same
// JSON with every number within 1e-12 relative. Each difference is printed.
//   GPUGAP=build/gpugap GPUGAP_WASM=build/wasm/gpugap.js node --test tests/wasm/native_parity_test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const native = path.resolve(process.env.GPUGAP ?? path.join(root, 'build/gpugap'));
const wasmJs = path.resolve(process.env.GPUGAP_WASM ?? path.join(root, 'build/wasm/gpugap.js'));

const SAMPLES = 10000;
const SEED = 20240620;
const TOLERANCE = 1e-12;
// Scenarios too slow for 10^4 samples in wasm would take fewer here, named with their count: none
// is (the slowest, the fleet, takes about a second).
const FEWER_SAMPLES = {};

// Quantities whose Monte Carlo spread is rounding noise: zero or constant up to the last bits of
// the terms they are computed from, so a last-bit difference in one sampled input moves their
// mean, sd and histogram by far more than 1e-12 of themselves. Their point value must still be
// identical, and their samples within `bound` (absolute, in the JSON's unit) in both builds.
const ROUNDING_NOISE = {
  // sum(payments) * 1[yr] - total_commitments: 0 up to rounding, of terms of about $1.4T.
  'openai-commitments': { payments_check: { bound: 1e-2 } },
  // A share that is the same in every sample up to rounding (sd 4e-12 percentage points).
  'circular-2025': { 'financing.nvidia.round_tripped_share': { bound: 1e-6, spread: true } },
};

const scenarios = readdirSync(path.join(root, 'scenarios'))
  .filter((f) => f.endsWith('.toml'))
  .map((f) => f.slice(0, -'.toml'.length))
  .sort();

const createGpugap = createRequire(import.meta.url)(wasmJs);
const gpugap = await createGpugap();
const run = gpugap.cwrap('gpugap_run', 'string', ['string']);

function runNative(args) {
  return execFileSync(native, ['run', ...args, '--format', 'json'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
}

// The places where `a` and `b` differ: [path, a, b, relative difference or null], numbers within
// the tolerance included (with their difference) so that the test can say which differ at all.
function differences(a, b, at = '') {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Object.is(a, b)) return [];
    const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    return [[at, a, b, rel]];
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? [] : [[at, a, b, null]];
  }
  if (Array.isArray(a) !== Array.isArray(b)) return [[at, a, b, null]];
  const keysA = Object.keys(a), keysB = Object.keys(b);
  if (keysA.join('\0') !== keysB.join('\0')) return [[`${at} (keys)`, keysA, keysB, null]];
  return keysA.flatMap((k) => differences(a[k], b[k], `${at}/${k}`));
}

function compare(name, what, args, request) {
  const expected = runNative(args);
  const started = performance.now();
  const got = run(JSON.stringify(request));
  const ms = performance.now() - started;
  if (got === expected) {
    console.log(`${name} ${what}: identical (wasm ${ms.toFixed(0)} ms)`);
    return;
  }
  const noise = what === 'point' ? {} : ROUNDING_NOISE[name] ?? {};
  const nativeJson = JSON.parse(expected), wasmJson = JSON.parse(got);
  for (const [quantity, { bound, spread }] of Object.entries(noise)) {
    for (const side of [nativeJson, wasmJson]) {
      const q = side.quantities[quantity];
      assert.ok(q, `${name}: no ${quantity}`);
      // Noise about zero (bounded values), or about a constant (a bounded spread).
      const sizes = spread ? [q.sd] : [q.mean, q.sd, q.p1, q.p99];
      for (const v of sizes) assert.ok(Math.abs(v) <= bound, `${name} ${quantity}: ${v} is not noise`);
    }
  }
  const diffs = differences(nativeJson, wasmJson).filter(
    ([at]) => !Object.keys(noise).some((q) => at.startsWith(`/quantities/${q}/`)) ||
              at.endsWith('/value'));
  const outside = diffs.filter(([, , , rel]) => rel === null || !(rel <= TOLERANCE));
  const worst = Math.max(0, ...diffs.map(([, , , rel]) => rel ?? Infinity));
  console.log(`${name} ${what}: ${diffs.length} numbers differ, at most ${worst.toExponential(2)} ` +
              `relative (wasm ${ms.toFixed(0)} ms)`);
  for (const [at, a, b, rel] of diffs.slice(0, 5)) {
    console.log(`  ${at}: native ${JSON.stringify(a)}, wasm ${JSON.stringify(b)} (${rel})`);
  }
  assert.deepEqual(outside, [], `${name} ${what}: differences beyond ${TOLERANCE} relative`);
}

test('the bundled scenarios are found', () => {
  assert.ok(scenarios.length >= 20, `only ${scenarios.length} scenarios`);
  assert.deepEqual(JSON.parse(gpugap.ccall('gpugap_scenarios', 'string', [], [])), scenarios);
});

for (const name of scenarios) {
  test(`${name}: wasm as native`, () => {
    compare(name, 'point', [name, '--samples', '1'], { scenario: name, samples: 1 });
    const samples = FEWER_SAMPLES[name] ?? SAMPLES;
    compare(name, `${samples} samples`, [name, '--samples', String(samples), '--seed', String(SEED)],
            { scenario: name, samples, seed: SEED });
  });
}

test('errors are located as the CLI prints them', () => {
  const text = '[quantities]\nx = { value = "1 +", unit = "USD" }\n';
  const out = JSON.parse(run(JSON.stringify({ text, path: 'typo.toml' })));
  assert.equal(out.diagnostics[0].file, 'typo.toml');
  assert.equal(out.diagnostics[0].line, 2);
  const dir = mkdtempSync(path.join(tmpdir(), 'gpugap-wasm-'));
  writeFileSync(path.join(dir, 'typo.toml'), text);
  const cli = spawnSync(native, ['run', 'typo.toml', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  rmSync(dir, { recursive: true });
  assert.equal(cli.status, 2);
  assert.equal(out.printed, cli.stderr);
});
