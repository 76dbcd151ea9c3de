// The JSON API of `gpugap serve` (docs/api.md), over HTTP, against the real binary: every
// endpoint, and every mistake a client can make, after which the server must still answer.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { root, run, startServer } from './helpers.mjs';

let server;
let userDir;

before(async () => {
  userDir = mkdtempSync(join(tmpdir(), 'gpugap-api-'));
  writeFileSync(join(userDir, 'mine.toml'), 'title = "Mine"\n[quantities]\na = { value = "2B", unit = "USD" }\nb = { value = "a * 3", unit = "USD" }\n');
  writeFileSync(join(userDir, 'broken.toml'), 'title = "Broken"\n[quantities]\na = { value = "2" }\nb = { value = "aa * 3" }\n');
  const outside = mkdtempSync(join(tmpdir(), 'gpugap-outside-'));
  writeFileSync(join(outside, 'secret.toml'), 'title = "Secret"\n[quantities]\nx = { value = "1" }\n');
  symlinkSync(join(outside, 'secret.toml'), join(userDir, 'escape.toml'));
  // `extends` may name a file of the user's folder or a bundled one, and nothing else.
  writeFileSync(join(userDir, 'extends-passwd.toml'), 'title = "Reads passwd"\nextends = "../../../../../../../../etc/passwd"\n[quantities]\nx = { value = "1" }\n');
  writeFileSync(join(userDir, 'extends-outside.toml'), `title = "Reads a file elsewhere"\nextends = ${JSON.stringify(join(outside, 'secret.toml'))}\n[quantities]\ny = { value = "x * 2" }\n`);
  writeFileSync(join(userDir, 'deals-passwd.toml'), 'title = "Reads passwd as deals"\n[financing]\ndeals = "/etc/passwd"\n[quantities]\nx = { value = "1" }\n');
  writeFileSync(join(userDir, 'extends-bundled.toml'), `title = "Sequoia at 40%"\nextends = ${JSON.stringify(join(root, 'scenarios', 'sequoia-2024.toml'))}\n[quantities]\nend_user_margin = { value = "40%", unit = "%" }\n`);
  // The circle's deals over years, for GET /api/graph?year=…
  writeFileSync(join(userDir, 'circle-years.toml'), `title = "The circle by year"\n[time]\nyears = "2025..2030"\n[financing]\ndeals = ${JSON.stringify(join(root, 'data', 'deals.csv'))}\ncompanies = ${JSON.stringify(join(root, 'data', 'companies.csv'))}\ninclude = ["nvidia_openai", "openai_oracle", "oracle_nvidia"]\nreport = ["oracle"]\n[financing.timing]\nnvidia_openai = { start = 2026, years = 4 }\nopenai_oracle = { start = 2027, years = 4 }\n[quantities]\nx = { value = "1" }\n`);
  server = await startServer('--scenarios', userDir);
});

after(async () => {
  await server?.stop();
});

async function call(method, path, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // an HTML page
  }
  return { status: response.status, headers: response.headers, text, json };
}

// A request exactly as written, path and Host header included (fetch would tidy both).
function raw(lines) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: lines.path, method: lines.method ?? 'GET', headers: lines.headers ?? {}, setHost: !lines.headers?.Host });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(lines.body);
  });
}

// Raw bytes on a socket, for what no HTTP client sends: no Host header, a body sent slowly. Resolves
// with the response's status (0 when the server closed without one) once the server answers.
function socketRequest(text, { body = null, bodyBytes = 0 } = {}) {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => {
      answer += d;
      if (/\r\n\r\n/.test(answer)) {
        socket.destroy();
        resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0), text: answer });
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1] ?? 0), text: answer }));
    socket.write(text);
    // A body streamed in pieces until the server answers (or bodyBytes are sent).
    let sent = 0;
    const more = () => {
      if (socket.destroyed || !body || sent >= bodyBytes) return;
      sent += body.length;
      if (socket.write(body)) setImmediate(more);
      else socket.once('drain', more);
    };
    more();
  });
}

function assertError(response, status, pattern) {
  assert.equal(response.status, status, response.text);
  assert.equal(typeof response.json?.error, 'string', `an error body: ${response.text}`);
  assert.ok('line' in response.json && 'col' in response.json, 'errors carry line and col');
  if (pattern) assert.match(response.json.error, pattern);
}

describe('GET', () => {
  test('/ is the web UI, with its script inlined', async () => {
    const r = await call('GET', '/');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /text\/html/);
    assert.match(r.text, /data-mode="app"/);
    assert.match(r.text, /connect-src 'self'/);
    assert.doesNotMatch(r.text, /<script src=/);
  });

  test('/api/scenarios lists bundled and user scenarios, not links out of the folder', async () => {
    const r = await call('GET', '/api/scenarios');
    assert.equal(r.status, 200);
    const byName = Object.fromEntries(r.json.map((s) => [s.name, s]));
    assert.equal(byName['sequoia-2024'].origin, 'bundled');
    assert.equal(byName['sequoia-2024'].title, "AI's $600B question");
    assert.equal(byName.mine.origin, 'user');
    assert.equal(byName.escape, undefined);
    // A file that loads but does not compile is listed with its error, as docs/api.md says.
    assert.match(byName.broken.error?.error ?? '', /unknown name 'aa'/, JSON.stringify(byName.broken));
    assert.equal(byName.broken.error.line, 4);
    assert.equal(byName.mine.error, undefined);
    assert.match(byName['extends-passwd'].error?.error ?? '', /outside the scenario folders/);
  });

  test("a user scenario's extends stays in the scenario folders", async () => {
    for (const name of ['extends-passwd', 'extends-outside']) {
      const run = await call('POST', '/api/run', { scenario: name });
      assertError(run, 422, /'extends' names '.*', outside the scenario folders/);
      assert.equal(run.json.file, `${name}.toml`);
      const shown = await call('GET', `/api/scenarios/${name}`);
      assertError(shown, 422, /outside the scenario folders/);
      for (const r of [run, shown]) {
        assert.ok(!r.text.includes('root:') && !r.text.includes('Secret'), r.text);
        assert.doesNotMatch(r.text, /TOML syntax/, 'refused before it is read');
      }
    }
    // A block's data file stays in those folders (or the bundled data/) too.
    const deals = await call('POST', '/api/run', { scenario: 'deals-passwd' });
    assertError(deals, 422, /\[financing\] deals names '\/etc\/passwd', outside the scenario and data folders/);
    assert.ok(!deals.text.includes('root:'), deals.text);
    const bundled = await call('POST', '/api/run', { scenario: 'extends-bundled' });
    assert.equal(bundled.status, 200, bundled.text);
    assert.equal(bundled.json.quantities.end_user_margin.value, 40);
  });

  test('/api/scenarios/{name} gives the definitions and the file', async () => {
    const r = await call('GET', '/api/scenarios/sequoia-2024');
    assert.equal(r.status, 200);
    assert.equal(r.json.quantities.gpu_runrate.value, '150B');
    assert.equal(r.json.quantities.gpu_runrate.unit, 'USD');
    assert.equal(r.json.expect.required_revenue, '600B');
    assert.match(r.json.toml, /\[quantities\]/);
  });

  test('an unknown scenario is a 404 with a suggestion', async () => {
    const r = await call('GET', '/api/scenarios/sequoia-2042');
    assertError(r, 404, /no scenario 'sequoia-2042'/);
    assert.match(r.json.hint, /did you mean 'sequoia-20\d\d'/);
  });

  test('../ in a name never reaches the file system', async () => {
    for (const path of ['/api/scenarios/..%2F..%2Fetc%2Fpasswd', '/api/scenarios/../../../etc/passwd', '/api/scenarios/..', '/api/scenarios/escape']) {
      const r = await raw({ path });
      assert.ok([400, 404].includes(r.status), `${path}: ${r.status}`);
      assert.equal(typeof r.json.error, 'string');
      assert.ok(!JSON.stringify(r.json).includes('root:'), path);
    }
  });

  test('/report.html is the report, as a download', async () => {
    const r = await call('GET', '/report.html?scenario=sequoia-2024&set=ai_revenue%3D150B');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="sequoia-2024.html"/);
    assert.match(r.text, /id="gpugap-data"/);
    assert.match(r.text, /ai_revenue=150B/);
    assertError(await call('GET', '/report.html?scenario=nope'), 404);
    assertError(await call('GET', '/report.html?scenario=sequoia-2024&samples=99999999999'), 400, /samples must be at most 10000000/);
  });

  test('an unknown path is a JSON 404', async () => {
    assertError(await call('GET', '/api/nothing'), 404);
  });

  test('a method an address does not answer is a 405 that says which it does', async () => {
    for (const [method, path, allow] of [
      ['GET', '/api/run', 'POST'],
      ['GET', '/api/sensitivity', 'POST'],
      ['GET', '/api/diff', 'POST'],
      ['PUT', '/api/run', 'POST'],
      ['PATCH', '/api/run', 'POST'],
      ['DELETE', '/api/run', 'POST'],
      ['POST', '/api/scenarios', 'GET, HEAD'],
      ['PUT', '/api/scenarios/sequoia-2024', 'GET, HEAD, POST'],
      ['PATCH', '/api/graph', 'GET, HEAD'],
      ['DELETE', '/', 'GET, HEAD'],
    ]) {
      const r = await call(method, path, ['GET', 'DELETE'].includes(method) ? undefined : {});
      assertError(r, 405, new RegExp(`${method} is not allowed`));
      assert.equal(r.headers.get('allow'), allow, `${method} ${path}`);
    }
  });
});

describe('POST /api/run', () => {
  test('answers what `gpugap run --format json` prints', async () => {
    const r = await call('POST', '/api/run', { scenario: 'sequoia-2024' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, JSON.parse(run('run', 'sequoia-2024', '--format', 'json')));
  });

  test('takes overrides as a list or as an object', async () => {
    const cli = JSON.parse(run('run', 'sequoia-2024', '--format', 'json', '--set', 'end_user_margin=40%', '--set', 'gpu_runrate=200000000000'));
    const list = await call('POST', '/api/run', { scenario: 'sequoia-2024', set: ['end_user_margin=40%', 'gpu_runrate=200000000000'] });
    const object = await call('POST', '/api/run', { scenario: 'sequoia-2024', set: { end_user_margin: '40%', gpu_runrate: 200e9 } });
    assert.deepEqual(list.json, cli);
    assert.deepEqual(object.json, cli);
    assert.equal(cli.quantities.required_revenue.value, 400e9 / 0.6);
  });

  test('with view: true adds the charts, the headline and the explain tree', async () => {
    const r = await call('POST', '/api/run', { scenario: 'bain-2030', view: true });
    assert.equal(r.status, 200);
    const { view, ...rest } = r.json;
    assert.deepEqual(rest, JSON.parse(run('run', 'bain-2030', '--format', 'json')));
    assert.ok(view.charts.some((c) => c.name === 'series:required_revenue'));
    assert.ok(view.headline.includes('required_revenue_2030'));
    assert.ok(view.explain.length > 0);
  });

  test('runs user scenarios', async () => {
    const r = await call('POST', '/api/run', { scenario: 'mine', set: ['a=5B'] });
    assert.equal(r.status, 200);
    assert.equal(r.json.quantities.b.value, 15e9);
  });

  test('bad JSON is a 400 that says where', async () => {
    const r = await call('POST', '/api/run', '{\n  "scenario": "sequoia-2024",\n  "set": [oops]\n}');
    assertError(r, 400, /not valid JSON/);
    assert.equal(r.json.line, 3);
    assert.equal(r.json.col, 11);
  });

  test('a body that is not an object, or lacks the scenario, is a 400', async () => {
    assertError(await call('POST', '/api/run', '[1, 2]'), 400, /must be a JSON object/);
    assertError(await call('POST', '/api/run', {}), 400, /"scenario" must name a scenario/);
    assertError(await call('POST', '/api/run', { scenario: 'sequoia-2024', set: 'x' }), 400);
  });

  test('an unknown scenario is a 404', async () => {
    const r = await call('POST', '/api/run', { scenario: 'sequoia-2025' });
    assertError(r, 404, /no scenario/);
    assert.match(r.json.hint, /did you mean/);
  });

  test('../ in a name is refused', async () => {
    for (const scenario of ['../scenarios/sequoia-2024', '../../etc/passwd', '/etc/passwd', 'escape']) {
      const r = await call('POST', '/api/run', { scenario });
      assert.ok([400, 404].includes(r.status), `${scenario}: ${r.status}`);
      assert.equal(typeof r.json.error, 'string');
    }
  });

  test('huge sample counts are a clear 400', async () => {
    for (const samples of [1e8, 10000001, 1e300]) {
      assertError(await call('POST', '/api/run', { scenario: 'sequoia-2024', samples }), 400, /samples must be at most 10000000/);
    }
    assertError(await call('POST', '/api/run', { scenario: 'sequoia-2024', samples: -5 }), 400, /non-negative integer/);
  });

  test('a formula error points into the formula', async () => {
    const r = await call('POST', '/api/run', { scenario: 'sequoia-2024', set: ['required_revenue=datacenter_cst * 2'] });
    assertError(r, 422, /unknown name 'datacenter_cst'/);
    assert.equal(r.json.file, '<--set>');
    assert.equal(r.json.line, 1);
    assert.equal(r.json.col, 18);
    assert.match(r.json.hint, /datacenter_cost/);
  });

  test('an error in a scenario file gives its line and column', async () => {
    const r = await call('POST', '/api/run', { scenario: 'broken' });
    assertError(r, 422, /unknown name 'aa'/);
    assert.equal(r.json.file, 'broken.toml');
    assert.equal(r.json.line, 4);
    assert.equal(r.json.col, 16);
  });

  test('a division by zero names its inputs', async () => {
    const r = await call('POST', '/api/run', { scenario: 'sequoia-2024', set: ['end_user_margin=100%'] });
    assertError(r, 422, /division by zero/);
  });

  test('bodies over 1 MiB are refused', async () => {
    const r = await call('POST', '/api/run', JSON.stringify({ scenario: 'sequoia-2024', pad: 'x'.repeat(1 << 20) }));
    assertError(r, 413, /larger than 1048576 bytes/);
  });

  test('a POST that is not JSON is refused', async () => {
    assertError(await call('POST', '/api/run', '{"scenario": "sequoia-2024"}', { 'Content-Type': 'text/plain' }), 415);
    assertError(await call('POST', '/api/run', '{"scenario": "sequoia-2024"}', { 'Content-Type': 'application/jsonx' }), 415);
  });

  test('the media type is read as HTTP says: in any case, with parameters', async () => {
    for (const type of ['Application/JSON', 'application/json; charset=utf-8', 'APPLICATION/JSON ;charset=UTF-8']) {
      const r = await call('POST', '/api/run', '{"scenario": "sequoia-2024"}', { 'Content-Type': type });
      assert.equal(r.status, 200, `${type}: ${r.text}`);
    }
  });

  test('a misspelled field is a 400 that names it, not a silent default', async () => {
    const r = await call('POST', '/api/run', { scenario: 'sequoia-2024-uncertain', sampels: 5 });
    assertError(r, 400, /unknown field "sampels"/);
    assert.match(r.json.hint, /did you mean "samples"\?/);
    const s = await call('POST', '/api/sensitivity', { scenario: 'sequoia-2024-uncertain', outptu: 'revenue_gap' });
    assertError(s, 400, /unknown field "outptu"/);
    assert.match(s.json.hint, /did you mean "output"\?/);
    assertError(await call('POST', '/api/diff', { a: { scenario: 'sequoia-2024' }, b: { scenario: 'sequoia-2024' }, c: {} }), 400, /unknown field "c"/);
    assertError(await call('POST', '/api/diff', { a: { scenario: 'sequoia-2024', sett: [] }, b: { scenario: 'sequoia-2024' } }), 400, /unknown field "sett"/);
  });

  test('a huge sample count reads as a number, not as its 301 digits', async () => {
    const r = await call('POST', '/api/run', { scenario: 'sequoia-2024', samples: 1e300 });
    assertError(r, 400, /^samples must be at most 10000000 \(got 1e\+300\)$/);
  });

  test('chunked bodies and bodies without a length are refused before they are read', async () => {
    // 8 MiB of a body whose length the server cannot know in advance: without the check,
    // cpp-httplib reads it all, past the 1 MiB cap.
    const chunk = `100000\r\n${'x'.repeat(0x100000)}\r\n`;
    const chunked = await socketRequest('POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', { body: chunk, bodyBytes: 8 * chunk.length });
    assert.equal(chunked.status, 411, chunked.text);
    assert.match(chunked.text, /chunked bodies/);
    const unsized = await socketRequest('POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\r\n', { body: 'x'.repeat(0x10000), bodyBytes: 8 << 20 });
    assert.equal(unsized.status, 411, unsized.text);
    assert.ok(server.alive());
  });

  test('requests addressed to another host are refused (DNS rebinding)', async () => {
    const r = await raw({ path: '/api/scenarios', headers: { Host: 'attacker.example:80' } });
    assert.equal(r.status, 403);
    // Names that merely start like a loopback address are names, which DNS rebinding controls.
    for (const host of ['127.evil.com', '127.0.0.1.nip.io', `127.0.0.1.nip.io:${server.port}`, 'localhost.evil.com', '127.0.0.1:80@evil.com', '[::1].evil.com', '1270.0.0.1', '127.0.0.256']) {
      const refused = await raw({ path: '/api/scenarios', headers: { Host: host } });
      assert.equal(refused.status, 403, host);
    }
    for (const host of ['127.0.0.1', `127.0.0.1:${server.port}`, '127.1.2.3', `localhost:${server.port}`, 'LOCALHOST', `[::1]:${server.port}`]) {
      const allowed = await raw({ path: '/api/scenarios', headers: { Host: host } });
      assert.equal(allowed.status, 200, host);
    }
  });

  test('a request without a Host, or with an empty one, is refused', async () => {
    const missing = await socketRequest('GET /api/scenarios HTTP/1.1\r\n\r\n');
    assert.equal(missing.status, 403, missing.text);
    const empty = await socketRequest('GET /api/scenarios HTTP/1.1\r\nHost: \r\n\r\n');
    assert.equal(empty.status, 403, empty.text);
    const http10 = await socketRequest('GET /api/scenarios HTTP/1.0\r\n\r\n');
    assert.equal(http10.status, 403, http10.text);
  });
});

describe('GET /api/graph', () => {
  test('answers what `gpugap graph NAME --format json` prints', async () => {
    const r = await call('GET', '/api/graph?scenario=circular-2025');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, JSON.parse(run('graph', 'circular-2025', '--format', 'json')));
    assert.equal(r.json.year, null);
    assert.equal(r.json.links.length, 3);
  });

  test('takes overrides', async () => {
    const r = await call('GET', '/api/graph?scenario=circular-2025&set=deal.nvidia_openai%3D30B');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, JSON.parse(run('graph', 'circular-2025', '--format', 'json', '--set', 'deal.nvidia_openai=30B')));
    assert.equal(r.json.deals.find((d) => d.id === 'nvidia_openai').amount, 30e9);
  });

  test('one year of a scenario with years', async () => {
    const r = await call('GET', '/api/graph?scenario=circle-years&year=2027');
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.year, 2027);
    assert.deepEqual(r.json, JSON.parse(run('graph', join(userDir, 'circle-years.toml'), '--year', '2027', '--format', 'json')));
    assertError(await call('GET', '/api/graph?scenario=circle-years&year=2040'), 400, /year 2040 is outside circle-years's years 2025\.\.2030/);
  });

  test('errors: unknown scenario, no [financing], bad year, bad name', async () => {
    const unknown = await call('GET', '/api/graph?scenario=circular-2052');
    assertError(unknown, 404, /no scenario 'circular-2052'/);
    assert.match(unknown.json.hint, /did you mean 'circular-2025'/);
    const none = await call('GET', '/api/graph?scenario=sequoia-2024');
    assertError(none, 400, /sequoia-2024 has no \[financing\] block/);
    assert.match(none.json.hint, /circular-2025/);
    assertError(await call('GET', '/api/graph?scenario=circular-2025&year=20x6'), 400, /year '20x6' is not a year/);
    assertError(await call('GET', '/api/graph?scenario=circular-2025&year='), 400, /is not a year/);
    assertError(await call('GET', '/api/graph?scenario=circular-2025&year=2026'), 400, /has no \[time\] axis/);
    assertError(await call('GET', '/api/graph'), 400, /"scenario" must name a scenario/);
    assertError(await call('GET', '/api/graph?scenario=..%2F..%2Fetc%2Fpasswd'), 400);
    assertError(await call('GET', '/api/graph?scenario=circular-2025&set=deal.nope%3D1B'), 422);
  });
});

describe('POST /api/diff and /api/sensitivity', () => {
  test('diff lists what differs and why', async () => {
    const r = await call('POST', '/api/diff', { a: { scenario: 'sequoia-2024' }, b: { scenario: 'critic-energy-half' } });
    assert.equal(r.status, 200);
    const rows = Object.fromEntries(r.json.rows.map((row) => [row.name, row]));
    assert.equal(rows.energy_ratio.b_text, '0.5');
    assert.equal(rows.required_revenue.a_text, '$600B');
    assert.equal(rows.required_revenue.b_text, '$450B');
    assert.equal(rows.required_revenue.change_text, '-$150B (-25.0%)');
    assert.equal(rows.revenue_coverage.change_text, '+5.56 pp (+33.3%)');
    assert.ok(rows.required_revenue.caused_by.includes('energy_ratio'));
    // Each row is the CLI's JSON row, plus the values as its table shows them.
    const cli = JSON.parse(run('diff', 'sequoia-2024', 'critic-energy-half', '--format', 'json'));
    assert.deepEqual(
      r.json.rows.map(({ a_text, b_text, change_text, ...rest }) => rest),
      cli.differences,
    );
    assertError(await call('POST', '/api/diff', { a: { scenario: 'sequoia-2024' } }), 400, /"b" must be an object/);
  });

  test('diff with an uncertain side gives the Monte Carlo comparison of `gpugap diff`', async () => {
    const r = await call('POST', '/api/diff', {
      a: { scenario: 'sequoia-2024', set: ['end_user_margin=40%'] },
      b: { scenario: 'sequoia-2024-uncertain', set: ['end_user_margin=40%'] },
      samples: 5000,
      seed: 7,
    });
    assert.equal(r.status, 200, r.text);
    const cli = JSON.parse(run('diff', 'sequoia-2024', 'sequoia-2024-uncertain', '--set', 'end_user_margin=40%',
      '--format', 'json', '--samples', '5000', '--seed', '7'));
    assert.deepEqual(r.json.rows.map(({ a_text, b_text, change_text, ...rest }) => rest), cli.differences);
    assert.ok(Object.keys(cli.monte_carlo.quantities).length > 0, 'something differs by sample');
    assert.deepEqual(r.json.monte_carlo, cli.monte_carlo);
    // Without uncertainty there is nothing to sample; a bad count is the client's mistake.
    const point = await call('POST', '/api/diff', { a: { scenario: 'sequoia-2024' }, b: { scenario: 'critic-energy-half' } });
    assert.equal(point.json.monte_carlo, undefined);
    assertError(await call('POST', '/api/diff', { a: { scenario: 'sequoia-2024' }, b: { scenario: 'sequoia-2024' }, samples: -1 }), 400, /samples must be a non-negative integer/);
  });

  test('sensitivity answers as `gpugap sensitivity --format json`, with its chart', async () => {
    const r = await call('POST', '/api/sensitivity', { scenario: 'sequoia-2024-uncertain', output: 'revenue_gap' });
    assert.equal(r.status, 200, r.text);
    const { charts, ...analysis } = r.json;
    assert.deepEqual(analysis, JSON.parse(run('sensitivity', 'sequoia-2024-uncertain', '--output', 'revenue_gap', '--format', 'json')));
    assert.deepEqual(charts.map((c) => c.name), ['tornado']);
    // The same chart as the command line draws, inputs named by the scenario's labels.
    assert.deepEqual(charts, [JSON.parse(run('sensitivity', 'sequoia-2024-uncertain', '--output', 'revenue_gap', '--format', 'vega-lite'))]);
    const sobol = await call('POST', '/api/sensitivity', { scenario: 'sequoia-2024-uncertain', output: 'revenue_gap', method: 'sobol', samples: 1024 });
    assert.equal(sobol.status, 200, sobol.text);
    assert.deepEqual(sobol.json.charts.map((c) => c.name), ['sobol']);
    assert.equal(sobol.json.indices[0].input, 'end_user_margin');
  });

  test('sensitivity checks its request', async () => {
    assertError(await call('POST', '/api/sensitivity', { scenario: 'sequoia-2024-uncertain' }), 400, /"output" must name/);
    assertError(await call('POST', '/api/sensitivity', { scenario: 'sequoia-2024-uncertain', output: 'revenue_gap', method: 'magic' }), 400, /"method"/);
    assertError(await call('POST', '/api/sensitivity', { scenario: 'sequoia-2024-uncertain', output: 'revenue_gapp' }), 422, /not a quantity/);
    assertError(await call('POST', '/api/sensitivity', 'nope'), 400, /not valid JSON/);
    assertError(await call('POST', '/api/sensitivity', { scenario: '../x', output: 'y' }), 400);
  });

  test('Sobol indices take the base sample counts `gpugap sensitivity` takes', async () => {
    for (const samples of [1, 2, 63, 16777217]) {
      const r = await call('POST', '/api/sensitivity', { scenario: 'sequoia-2024-uncertain', output: 'revenue_gap', method: 'sobol', samples });
      // 16777217 is over the run's cap of 10^7 too: either check may say so.
      assertError(r, 400, samples > 1e7 ? /samples must be at most|out of range/ : new RegExp(`^samples ${samples} is out of range for Sobol indices$`));
      if (samples < 64) assert.equal(r.json.hint, 'use 64 to 16777216 base samples (e.g. 8192)');
    }
    const cli = (() => {
      try {
        run('sensitivity', 'sequoia-2024-uncertain', '--output', 'revenue_gap', '--method', 'sobol', '--samples', '2');
        return '';
      } catch (error) {
        return String(error.stderr);
      }
    })();
    assert.match(cli, /--samples 2 is out of range for Sobol indices/, 'the CLI says the same');
    assert.match(cli, /use 64 to 16777216 base samples/);
    const tornado = await call('POST', '/api/sensitivity', { scenario: 'sequoia-2024-uncertain', output: 'revenue_gap', samples: 2 });
    assert.equal(tornado.status, 200, 'a tornado takes no samples');
  });
});

describe('the time limit', () => {
  test('a run past the limit is stopped, answered with a 503, and frees its thread', async () => {
    const quick = await startServer('--time-limit', '0.05');
    try {
      // A stopped run still frees its memory before its thread ends: while two are finishing the
      // server says "busy", briefly; it must never stay busy as an unstopped run of 10^7 would.
      const post = (body) => fetch(quick.url + '/api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      // "Briefly" is generous: a sanitizer build on a loaded machine takes seconds to free 10^7
      // samples; an unstopped run would hold them for minutes.
      async function answer(body) {
        const deadline = Date.now() + 60000;
        for (;;) {
          const response = await post(body);
          const json = await response.json();
          if (!/^busy/.test(json.error ?? '') || Date.now() > deadline) return { status: response.status, json };
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      for (let i = 0; i < 4; i++) {
        const { status, json } = await answer({ scenario: 'sequoia-2024-uncertain', samples: 10000000, seed: i + 1 });
        assert.equal(status, 503, JSON.stringify(json));
        assert.match(json.error, /did not finish within the time limit of 0\.05 s and was stopped/);
        assert.match(json.hint, /fewer samples/);
        assert.ok('line' in json && 'col' in json);
      }
      const small = await answer({ scenario: 'sequoia-2024' });
      assert.equal(small.status, 200, JSON.stringify(small.json));
      assert.ok(quick.alive());
    } finally {
      await quick.stop();
    }
  });
});

describe('memory and connections', () => {
  test('large runs share a budget of samples; beyond it the server says busy', async () => {
    const small = await startServer('--samples-in-flight', '1000000');
    try {
      const post = (body) => fetch(small.url + '/api/run', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => post({ scenario: 'bain-2030-uncertain', samples: 900000, seed: i + 1 })));
      const statuses = answers.map((r) => r.status);
      assert.ok(statuses.includes(200), `one runs: ${statuses}`);
      const refused = answers.filter((r) => r.status === 503);
      assert.ok(refused.length > 0, `the others are refused while it runs: ${statuses}`);
      for (const r of refused) {
        assert.equal(r.headers.get('retry-after'), '2');
        const json = await r.json();
        assert.match(json.error, /^busy: other large runs hold 900000 samples; this one needs 900000/);
      }
      // Runs of the default size are not counted, and the budget is given back.
      const light = await Promise.all(Array.from({ length: 4 }, () => post({ scenario: 'sequoia-2024-uncertain' })));
      assert.deepEqual(light.map((r) => r.status), [200, 200, 200, 200]);
      const again = await post({ scenario: 'bain-2030-uncertain', samples: 900000 });
      assert.equal(again.status, 200);
    } finally {
      await small.stop();
    }
  });

  test('slow connections do not keep others out', async () => {
    // Twenty clients each sending a request one byte at a time (slowloris) hold a connection
    // thread each; the server has more.
    const sockets = Array.from({ length: 20 }, () => connect(server.port, '127.0.0.1'));
    const request = 'GET /api/scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ';
    let sent = 0;
    const drip = setInterval(() => {
      for (const s of sockets) if (!s.destroyed) s.write(sent < request.length ? request[sent] : 'a');
      sent++;
    }, 200);
    try {
      for (const s of sockets) s.on('error', () => {});
      await new Promise((r) => setTimeout(r, 500));
      const started = Date.now();
      const r = await call('GET', '/api/scenarios');
      assert.equal(r.status, 200);
      assert.ok(Date.now() - started < 3000, `answered in ${Date.now() - started} ms`);
    } finally {
      clearInterval(drip);
      for (const s of sockets) s.destroy();
    }
  });
});

describe('afterwards', () => {
  test('the server still answers, many at once', async () => {
    const answers = await Promise.all(Array.from({ length: 24 }, (_, i) => call('POST', '/api/run', { scenario: 'sequoia-2024', set: [`ai_revenue=${i + 1}B`] })));
    answers.forEach((r, i) => {
      assert.equal(r.status, 200);
      assert.equal(r.json.quantities.revenue_gap.value, 600e9 - (i + 1) * 1e9);
    });
    assert.ok(server.alive());
  });
});

describe('POST /api/scenarios/{name}', () => {
  test('saves an edited scenario into the user folder, atomically, and lists it', async () => {
    const toml = 'title = "Saved from the page"\n[quantities]\na = "2"\nb = "a * 3"\n';
    const r = await call('POST', '/api/scenarios/saved-one', { toml });
    assert.equal(r.status, 200, r.text);
    assert.equal(readFileSync(join(userDir, 'saved-one.toml'), 'utf8'), toml);
    const list = await call('GET', '/api/scenarios');
    assert.ok(list.json.some((s) => s.name === 'saved-one' && s.origin === 'user'));
    const again = await call('POST', '/api/scenarios/saved-one', { toml: toml.replace('"2"', '"5"') });
    assert.equal(again.status, 200, again.text);
    const ran = await call('POST', '/api/run', { scenario: 'saved-one', set: [] });
    assert.equal(ran.json.quantities.b.value, 15);
  });

  test('refuses a text that is not a scenario, a bad name and a path out of the folder', async () => {
    const bad = await call('POST', '/api/scenarios/broken-save', { toml: 'title = "x"\n[quantities\na = 1\n' });
    assert.equal(bad.status, 422, bad.text);
    assert.ok(!existsSync(join(userDir, 'broken-save.toml')), 'nothing written');
    for (const name of ['..%2Fescape', '.hidden', 'a%2Fb']) {
      const r = await call('POST', `/api/scenarios/${name}`, { toml: '[quantities]\na = "1"\n' });
      assert.ok([400, 403, 404].includes(r.status), `${name}: ${r.status} ${r.text}`);
    }
    // "escape" is a link to a file outside the folder (see before()).
    const link = await call('POST', '/api/scenarios/escape', { toml: '[quantities]\na = "1"\n' });
    assert.equal(link.status, 403, link.text);
    const noBody = await call('POST', '/api/scenarios/x', { text: 'a' });
    assert.equal(noBody.status, 400, noBody.text);
  });
});
