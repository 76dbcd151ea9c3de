// gpugap's engine in the page: the WebAssembly module (wasm/, docs/wasm.md) in a Web Worker made
// from the page's own bytes (a blob: URL), so that a long Monte Carlo run never blocks typing and
// nothing is fetched. The worker answers one request at a time; while it runs, only the newest
// waiting request is kept.

export interface RunAsk {
  text: string;
  path: string;
  samples: number;
}

export interface Answer {
  json: string; // what gpugap_run returned
  ms: number; // how long the engine took
}

// The worker's body: it loads the engine from the bytes it is sent, then runs requests. It is
// turned into source text (toString), so it may use nothing from outside itself.
function workerMain(): void {
  const scope = self as unknown as {
    onmessage: ((e: MessageEvent) => void) | null;
    postMessage: (m: unknown) => void;
    createGpugap: (options: object) => Promise<{ cwrap: (n: string, r: string, a: string[]) => (s: string) => string }>;
  };
  let run: ((request: string) => string) | null = null;
  scope.onmessage = async (e: MessageEvent) => {
    const m = e.data;
    if (m.kind === 'load') {
      try {
        const module = await scope.createGpugap({ wasmBinary: m.wasm, print: () => {}, printErr: () => {} });
        run = module.cwrap('gpugap_run', 'string', ['string']);
        const scenarios = module.cwrap('gpugap_scenarios', 'string', []) as unknown as () => string;
        scope.postMessage({ kind: 'loaded', scenarios: scenarios() });
      } catch (error) {
        scope.postMessage({ kind: 'failed', message: String(error) });
      }
      return;
    }
    if (m.kind === 'run' && run) {
      const start = performance.now();
      let json: string;
      try {
        json = run(m.request);
      } catch (error) {
        json = JSON.stringify({ error: `the engine failed: ${String(error)}`, diagnostics: [], printed: '' });
      }
      scope.postMessage({ kind: 'answer', id: m.id, json, ms: performance.now() - start });
    }
  };
}

export class Engine {
  private worker: Worker;
  private busy = false;
  private waiting: { id: number; ask: RunAsk; resolve: (a: Answer) => void } | null = null;
  private current: ((a: Answer) => void) | null = null;
  private next = 1;
  readonly ready: Promise<string[]>;

  // `glue` is gpugap.js (emscripten's loader), `wasm` gpugap.wasm (../engine.ts embeddedEngine()).
  constructor(glue: string, wasm: ArrayBuffer) {
    const source = `${glue}\n;self.createGpugap = createGpugap;\n(${workerMain.toString()})();\n`;
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    this.worker = new Worker(url);
    URL.revokeObjectURL(url);
    this.ready = new Promise((resolve, reject) => {
      this.worker.onmessage = (e: MessageEvent) => {
        const m = e.data;
        if (m.kind === 'loaded') resolve(JSON.parse(m.scenarios));
        else if (m.kind === 'failed') reject(new Error(m.message));
        else if (m.kind === 'answer') this.answered({ json: m.json, ms: m.ms });
      };
      this.worker.onerror = (e) => reject(new Error(e.message || 'the engine did not start'));
    });
    this.worker.postMessage({ kind: 'load', wasm }, [wasm]);
  }

  // Runs `ask`; a request still waiting when a newer one comes is dropped (resolved with null).
  run(ask: RunAsk): Promise<Answer | null> {
    return new Promise((resolve) => {
      if (this.waiting) this.waiting.resolve(null as unknown as Answer);
      this.waiting = { id: this.next++, ask, resolve: resolve as (a: Answer) => void };
      this.pump();
    });
  }

  private pump(): void {
    if (this.busy || !this.waiting) return;
    const { id, ask, resolve } = this.waiting;
    this.waiting = null;
    this.busy = true;
    this.current = resolve;
    // With the view: the labels and the headline (report/view.cc).
    const request: Record<string, unknown> = { text: ask.text, path: ask.path, view: true };
    if (ask.samples > 0) request.samples = ask.samples;
    this.worker.postMessage({ kind: 'run', id, request: JSON.stringify(request) });
  }

  private answered(answer: Answer): void {
    this.busy = false;
    const resolve = this.current;
    this.current = null;
    resolve?.(answer);
    this.pump();
  }
}
