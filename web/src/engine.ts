// gpugap's engine in the page: the WebAssembly module (wasm/, docs/wasm.md) that the report (and
// the page of `gpugap serve`) embeds, gzipped and in base64. It runs in Web Workers made from the
// page's own text (blob: URLs), so nothing is fetched: one worker answers point runs, in order,
// the latest request first; another runs Monte Carlo, streaming a result after 10^3 and 10^4
// samples before the full count, and is replaced by a fresh one when a newer request comes while
// it computes (a running wasm call cannot be interrupted).

import type { ApiError, Run, View } from './types';

// A request as gpugap_run() reads it (docs/wasm.md), with the report's view.
export interface EngineRequest {
  scenario?: string;
  text?: string;
  path?: string;
  set: string[];
  samples: number;
  seed?: number;
  tornado?: string;
}

export type Answer = Run & { view: View };

export interface EngineError extends ApiError {
  printed?: string;
  diagnostics?: { file: string | null; line: number | null; column: number | null; message: string; hint: string }[];
}

export class EngineFailure extends Error {
  constructor(readonly detail: EngineError) {
    super(detail.error);
  }

  describe(): string {
    return (this.detail.printed ?? this.detail.error).trim();
  }
}

// One update of a streamed run: `samples` done of `total`; `final` when it is the whole run.
export interface Update {
  answer: Answer;
  samples: number;
  total: number;
  final: boolean;
  ms: number; // the engine's own time for this update
}

// The worker's code, as text: it must not use anything from outside itself. Between two steps of
// a streamed run it lets newer messages in, and stops a run that a newer one replaced.
function workerMain(): void {
  type Message = { type: 'init'; module: WebAssembly.Module } | { type: 'run'; id: number; request: Record<string, unknown>; steps: number[] };
  const scope = self as unknown as { createGpugap: (options: object) => Promise<{ cwrap: (name: string, ret: string, args: string[]) => (arg: string) => string }>; onmessage: unknown; postMessage: (m: unknown) => void };
  let run: ((request: string) => string) | null = null;
  let ready: Promise<void> | null = null;
  let latest = 0;
  scope.onmessage = async (event: MessageEvent<Message>) => {
    const m = event.data;
    if (m.type === 'init') {
      const module = m.module;
      ready = scope
        .createGpugap({
          instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
            void WebAssembly.instantiate(module, imports).then(done);
            return {};
          },
          print() {},
          printErr() {},
        })
        .then((gpugap) => {
          run = gpugap.cwrap('gpugap_run', 'string', ['string']);
        });
      try {
        await ready;
        scope.postMessage({ type: 'ready' });
      } catch (error) {
        scope.postMessage({ type: 'failed', error: String(error) });
      }
      return;
    }
    latest = m.id;
    await ready;
    for (const samples of m.steps) {
      if (latest !== m.id) return;
      const started = performance.now();
      const text = (run as (request: string) => string)(JSON.stringify({ ...m.request, samples }));
      scope.postMessage({ type: 'result', id: m.id, samples, text, ms: performance.now() - started });
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
}

async function inflate(base64: string): Promise<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

// Whether the page carries the engine (src/gpugap/report/engine_embed.h: the report, the page of
// `gpugap serve` and the playground carry it the same way).
export function hasEmbeddedEngine(): boolean {
  return document.getElementById('gpugap-engine-wasm') !== null;
}

// The engine the page carries: emscripten's script (text) and the module (bytes), inflated; null
// when the page has none (gpugap built without emscripten).
export async function embeddedEngine(): Promise<{ glue: string; wasm: ArrayBuffer } | null> {
  const script = document.getElementById('gpugap-engine-script')?.textContent?.trim();
  const wasm = document.getElementById('gpugap-engine-wasm')?.textContent?.trim();
  if (!script || !wasm) return null;
  const [glue, bytes] = await Promise.all([inflate(script), inflate(wasm)]);
  return { glue: new TextDecoder().decode(glue), wasm: bytes };
}

type Message = { type: string; id?: number; samples?: number; text?: string; ms?: number; error?: string };

class EngineWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  listener: ((m: Message) => void) | null = null;

  constructor(url: string, module: WebAssembly.Module) {
    this.worker = new Worker(url);
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (event: MessageEvent) => {
        const m = event.data as Message;
        if (m.type === 'ready') resolve();
        else if (m.type === 'failed') reject(new Error(m.error));
        else this.listener?.(m);
      };
      this.worker.onerror = (event) => reject(new Error(event.message));
    });
    this.worker.postMessage({ type: 'init', module });
  }
}

function parse(text: string): Answer {
  const answer = JSON.parse(text) as Answer | EngineError;
  if ('error' in answer && typeof answer.error === 'string') throw new EngineFailure(answer);
  return answer as Answer;
}

// The counts a Monte Carlo run of `total` samples streams: 10^3, 10^4, then all of them.
export function streamSteps(total: number): number[] {
  return [...[1000, 10000].filter((n) => n * 5 <= total), total];
}

// A step this long is worth stopping the worker for when a newer request comes.
const LONG_STEP = 50000;

export function isSuperseded(error: unknown): boolean {
  return error instanceof Error && error.message === 'superseded';
}

interface Job {
  id: number;
  running: number; // the samples of the step the worker is computing
  reject: (error: unknown) => void;
}

export class WasmEngine {
  readonly name = 'wasm';
  private pointWorker: EngineWorker | null = null;
  private sampleWorker: EngineWorker | null = null;
  private nextId = 1;
  private pointBusy = false;
  private pending: { request: EngineRequest; resolve: (a: Answer) => void; reject: (e: unknown) => void } | null = null;
  private job: Job | null = null;

  private constructor(
    private readonly url: string,
    private readonly module: WebAssembly.Module,
  ) {}

  // The engine the page embeds, or null when it has none (gpugap built without emscripten).
  // `sampled`: start the Monte Carlo worker now, else the point one.
  static async fromPage(sampled: boolean): Promise<WasmEngine | null> {
    const embedded = await embeddedEngine();
    if (!embedded) return null;
    const module = await WebAssembly.compile(embedded.wasm);
    const source = `${embedded.glue}\n;(${workerMain.toString()})();\n`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const engine = new WasmEngine(url, module);
    await (sampled ? engine.samples() : engine.points()).ready;
    return engine;
  }

  private points(): EngineWorker {
    this.pointWorker ??= new EngineWorker(this.url, this.module);
    return this.pointWorker;
  }

  private samples(): EngineWorker {
    this.sampleWorker ??= new EngineWorker(this.url, this.module);
    return this.sampleWorker;
  }

  // A run without streaming (point values, or all the samples at once). Requests made while one
  // computes wait, and only the latest of them runs: the ones it replaces reject as superseded.
  point(request: EngineRequest): Promise<Answer> {
    return new Promise((resolve, reject) => {
      if (this.pending) this.pending.reject(new Error('superseded'));
      this.pending = { request, resolve, reject };
      this.pump();
    });
  }

  private pump(): void {
    if (this.pointBusy || !this.pending) return;
    const worker = this.points();
    const { request, resolve, reject } = this.pending;
    this.pending = null;
    this.pointBusy = true;
    const id = this.nextId++;
    worker.listener = (m) => {
      if (m.id !== id) return;
      this.pointBusy = false;
      try {
        resolve(parse(m.text as string));
      } catch (error) {
        reject(error);
      }
      this.pump();
    };
    void worker.ready.then(
      () => worker.worker.postMessage({ type: 'run', id, request: { ...request, view: true }, steps: [request.samples] }),
      (error: unknown) => {
        this.pointBusy = false;
        reject(error);
      },
    );
  }

  // A Monte Carlo run, streamed: `onUpdate` gets each step's answer. A newer call replaces this
  // one (its promise then rejects as superseded); a worker deep in a long step is replaced by a
  // fresh one, since a running wasm call cannot be interrupted.
  sampled(request: EngineRequest, onUpdate: (update: Update) => void): Promise<void> {
    if (this.job) {
      this.job.reject(new Error('superseded'));
      if (this.job.running >= LONG_STEP && this.sampleWorker) {
        this.sampleWorker.worker.terminate();
        this.sampleWorker = null;
      }
      this.job = null;
    }
    const worker = this.samples();
    const steps = streamSteps(request.samples);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const job: Job = { id, running: steps[0], reject };
      this.job = job;
      worker.listener = (m) => {
        if (m.id !== id || this.job !== job) return;
        const final = m.samples === request.samples;
        job.running = steps[steps.indexOf(m.samples as number) + 1] ?? 0;
        if (final) this.job = null;
        let answer: Answer;
        try {
          answer = parse(m.text as string);
        } catch (error) {
          this.job = null;
          reject(error);
          return;
        }
        onUpdate({ answer, samples: m.samples as number, total: request.samples, final, ms: m.ms as number });
        if (final) resolve();
      };
      void worker.ready.then(() => worker.worker.postMessage({ type: 'run', id, request: { ...request, view: true }, steps }), reject);
    });
  }
}
