// Runs the worker on workerd from Node (integration tests, benchmarks) through Miniflare's
// API, with the Queue producer/consumer of wrangler.jsonc. Miniflare and esbuild are taken
// from wrangler's own dependencies: the same versions `wrangler dev` runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const fromWrangler = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'));

// The few members used here (neither package is a direct dependency, so no types).
interface MiniflareModule {
  Miniflare: new (
    options: Record<string, unknown>,
  ) => { ready: Promise<URL>; unsafeGetDirectURL(): Promise<URL>; dispose(): Promise<void> };
  Log: new (level: number) => unknown;
  LogLevel: { WARN: number; DEBUG: number };
}
interface EsbuildModule {
  build(options: Record<string, unknown>): Promise<unknown>;
}

const appDir = new URL('../..', import.meta.url).pathname;

/** Bundles a worker entry (default `src/index.ts`) to one ES module; returns its path. */
export async function bundleWorker(entry = join(appDir, 'src/index.ts')): Promise<string> {
  const esbuild = fromWrangler('esbuild') as EsbuildModule;
  const outfile = join(mkdtempSync(join(tmpdir(), 'webhook-edge-bundle-')), 'index.js');
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    minify: true,
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** Options of {@link startLocalWorker}. */
export interface LocalWorkerOptions {
  /** Vars and secrets (strings). */
  bindings: Record<string, string>;
  /** A bundle from {@link bundleWorker}; built from `src/index.ts` when absent. */
  scriptPath?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Seconds the consumers wait to fill a batch (default 1). */
  batchTimeoutSeconds?: number;
  /**
   * Retries of the events queue before an event is dead-lettered (default 10, as wrangler.jsonc;
   * 0 dead-letters at the first failure).
   */
  eventsMaxRetries?: number;
  /** Receives each line the worker logs (its JSON log lines in `message`). */
  onLog?: (line: { level: string; message: string }) => void;
  /**
   * Serve the worker on its own workerd socket, without Miniflare's entry worker in front
   * (Miniflare's `unsafeDirectSockets`): closer to production, where no such worker exists.
   * `url` is then that socket's origin.
   */
  direct?: boolean;
}

/** A worker running on workerd. */
export interface LocalWorker {
  /** Origin, e.g. `http://127.0.0.1:54321`. */
  url: string;
  stop(): Promise<void>;
}

/** Starts the worker with its queue on a local workerd. */
export async function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker> {
  const { Miniflare, Log, LogLevel } = fromWrangler('miniflare') as MiniflareModule;
  const built = options.scriptPath === undefined;
  const scriptPath = options.scriptPath ?? (await bundleWorker());
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // The bundle lives in a temporary directory, outside the working directory.
    modulesRoot: dirname(scriptPath),
    compatibilityDate: '2026-05-01',
    bindings: options.bindings,
    queueProducers: { EVENTS_QUEUE: { queueName: 'omega-twilio-events' } },
    // As wrangler.jsonc: the events queue and its dead-letter queue, both consumed by the worker.
    queueConsumers: {
      'omega-twilio-events': {
        maxBatchSize: 10,
        maxBatchTimeout: options.batchTimeoutSeconds ?? 1,
        maxRetries: options.eventsMaxRetries ?? 10,
        deadLetterQueue: 'omega-twilio-events-dlq',
      },
      'omega-twilio-events-dlq': {
        maxBatchSize: 10,
        maxBatchTimeout: options.batchTimeoutSeconds ?? 1,
        maxRetries: 100,
      },
    },
    host: '127.0.0.1',
    port: options.direct ? 0 : (options.port ?? 0),
    ...(options.direct
      ? { unsafeDirectSockets: [{ host: '127.0.0.1', port: options.port ?? 0 }] }
      : {}),
    log: new Log(process.env.LOCAL_WORKER_DEBUG ? LogLevel.DEBUG : LogLevel.WARN),
    logRequests: false,
    handleStructuredLogs: (line: { level: string; message: string }) => options.onLog?.(line),
  });
  const ready = await mf.ready;
  const url = options.direct ? await mf.unsafeGetDirectURL() : ready;
  return {
    url: url.origin,
    async stop() {
      await mf.dispose();
      if (built) rmSync(dirname(scriptPath), { recursive: true, force: true });
    },
  };
}
